// A reap plan as kept between planning and execution, in this process and in the state store: one deflated
// buffer holding the wire plan, the root's planned identity and the executor's steps as columns
// (core/reap/reapStepsCodec.ts). A million-file plan packs into a few MB where its JSON was 220 MB, and is
// unpacked a slice of steps at a time.
import { deflateSync, inflateSync } from 'node:zlib';
import type { ReapPlan } from '../../../shared/reapModels';
import { encodeSteps, StepsReader } from '../../core/reap/reapStepsCodec';
import type { ExecutorStep } from '../../core/reap/reapExecutorIO';

const FORMAT = 1;
/** Unpacked, a plan is never near this: a corrupt or foreign buffer must not inflate without end. */
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

/** Everything but the steps: what the executor and the audit rows need besides them. */
export interface PlanHeader {
  plan: ReapPlan;
  /** Raw physical root (latin1). */
  rootRaw: string;
  rootDev: number;
  rootIno: number;
  /** The root's mount id at plan time: the executor refuses a directory on any other mount. */
  rootMountId: number;
  /** Stopped data stores whose units the plan takes: display path (ReapEntry.store) -> raw physical path. */
  storesRaw?: Record<string, string>;
}

export function packPlan(header: PlanHeader, steps: Iterable<ExecutorStep>): Buffer {
  const head = Buffer.from(JSON.stringify({ format: FORMAT, ...header }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length);
  // Level 6 (the default): on a million files level 9 gains a few percent for twice the time.
  return deflateSync(encodeSteps(steps, Buffer.concat([length, head])));
}

export interface UnpackedPlan {
  header: PlanHeader;
  steps: StepsReader;
}

export function unpackPlan(packed: Buffer): UnpackedPlan {
  let raw: Buffer;
  try {
    raw = inflateSync(packed, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (err) {
    throw new Error(`the kept reap plan cannot be read (${(err as Error).message}): plan again`, { cause: err });
  }
  const headLength = raw.length >= 4 ? raw.readUInt32LE(0) : -1;
  if (headLength < 0 || 4 + headLength > raw.length) throw new Error('the kept reap plan is cut short: plan again');
  const head = JSON.parse(raw.toString('utf8', 4, 4 + headLength)) as PlanHeader & { format: unknown };
  if (head.format !== FORMAT) throw new Error(`the kept reap plan is in format ${String(head.format)}, not ${FORMAT}: plan again`);
  const { plan, rootRaw, rootDev, rootIno, rootMountId, storesRaw } = head;
  return { header: { plan, rootRaw, rootDev, rootIno, rootMountId, storesRaw }, steps: new StepsReader(raw.subarray(4 + headLength)) };
}
