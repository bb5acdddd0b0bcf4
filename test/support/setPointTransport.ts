// A test-only Transport around a real one (local or SSH) that runs the destructive executors batch by batch,
// so an adversary can act at set points of their progress and a seed replays the same run:
// - reap-unlink.sh: its stdin is re-cut into batches of a few entries, each led by the batch header the
//   reaper wrote (root path, dev, inode, and whatever the header gains), as a smaller batch size would;
// - truncate-held.sh: its stdin is cut every few entries.
// Each batch is one exec of the real script through the real transport; the hook runs before the first
// batch, between batches (after the previous batch's records have all been read and its process has ended),
// and once after the last. Every other script passes straight through.
// The executors keep no state from one batch to the next (each xargs batch is its own shell), so one exec per
// batch runs the same code on the same inputs; only the set points between batches are new.
import type { ExecHandle, ExecLimits, ExecOutcome, Transport } from '../../src/main/transport/transport';
import { probeScripts } from '../../src/main/probe/probeScripts';

export type ExecutorKind = 'reap' | 'reclaim';

export interface SetPoint {
  executor: ExecutorKind;
  /** 0: before the first batch; k: after batch k-1 ended, before batch k; `batches`: after the last. */
  index: number;
  batches: number;
  /** The executor's seq (reap) or pid/fd (reclaim) keys of the batch about to run; empty after the last. */
  next: string[];
}

export interface SetPointOptions {
  /** Entries per batch fed to an executor: small, so several set points happen in a run. */
  entriesPerBatch: number;
  hook(point: SetPoint): Promise<void> | void;
  /**
   * How many entries the truncate executor is about to get (the reclaim plan's entries): its stdin has no
   * header, so the field count of an entry is read as the total over this.
   */
  reclaimEntries?: () => number;
}

/** How the reap executor's stdin was laid out: fields of the batch header and of one entry. */
export interface ReapInputLayout {
  headerFields: number;
  entryFields: number;
}

function nulFields(stdin: Buffer): string[] {
  const text = stdin.toString('latin1');
  if (text.length === 0) return [];
  if (!text.endsWith('\0')) throw new Error('executor stdin does not end with a NUL');
  return text.slice(0, -1).split('\0');
}

function nulJoin(fields: readonly string[]): Buffer {
  return Buffer.from(fields.map((f) => `${f}\0`).join(''), 'latin1');
}

const isNum = (s: string | undefined) => s !== undefined && /^\d+$/.test(s);

/**
 * Walks the fields as header + entries with the given layout: entries carry consecutive seq numbers from the
 * first one, and a header (the same fields as the first) may come before any entry. Returns the entries'
 * start positions, or null when the layout does not fit exactly.
 */
function walkReapInput(fields: readonly string[], layout: ReapInputLayout): number[] | null {
  const { headerFields: h, entryFields: e } = layout;
  const header = fields.slice(0, h);
  const first = Number(fields[h]);
  const starts: number[] = [];
  let pos = 0;
  while (pos < fields.length) {
    if (fields[pos] === header[0]) {
      for (let i = 0; i < h; i++) if (fields[pos + i] !== header[i]) return null;
      pos += h;
      continue;
    }
    if (fields[pos] !== String(first + starts.length) || pos + e > fields.length) return null;
    starts.push(pos);
    pos += e;
  }
  return starts.length > 0 && starts[0] === h ? starts : null;
}

/**
 * The reap executor's stdin layout, read from the data rather than assumed (the format is allowed to gain
 * fields): a header is the root path (never a number, and no entry field starts with "/") followed by
 * numbers, then entries of a fixed field count starting with consecutive seq numbers.
 */
export function reapInputLayout(fields: readonly string[]): ReapInputLayout {
  if (fields.length === 0 || !fields[0].startsWith('/')) throw new Error(`reap executor stdin does not start with the root path: ${JSON.stringify(fields.slice(0, 4))}`);
  // Any numeric field could start a single entry holding all the rest: the layout that reads the most
  // entries (each led by the next seq) is the real one; a one-entry read only stands when nothing reads more.
  let best: { layout: ReapInputLayout; entries: number } | null = null;
  for (let h = 2; h <= 8 && h < fields.length; h++) {
    if (!fields.slice(1, h).every(isNum)) break;
    if (!isNum(fields[h])) continue;
    for (let e = 2; e <= Math.min(256, fields.length - h); e++) {
      const starts = walkReapInput(fields, { headerFields: h, entryFields: e });
      if (starts && (!best || starts.length > best.entries)) best = { layout: { headerFields: h, entryFields: e }, entries: starts.length };
    }
  }
  if (best) return best.layout;
  throw new Error(`cannot read the reap executor's stdin as batches (header, then entries led by consecutive seq numbers): ${JSON.stringify(fields.slice(0, 30))}`);
}

/** The reap executor's stdin cut into batches of `per` entries, each led by the header. Keys are the seqs. */
export function splitReapInput(stdin: Buffer, per: number): { batches: Buffer[]; keys: string[][]; layout: ReapInputLayout | null } {
  const fields = nulFields(stdin);
  if (fields.length === 0) return { batches: [], keys: [], layout: null };
  const layout = reapInputLayout(fields);
  const starts = walkReapInput(fields, layout)!;
  const header = fields.slice(0, layout.headerFields);
  const batches: Buffer[] = [];
  const keys: string[][] = [];
  for (let i = 0; i < starts.length; i += per) {
    const group = starts.slice(i, i + per);
    batches.push(nulJoin([...header, ...group.flatMap((s) => fields.slice(s, s + layout.entryFields))]));
    keys.push(group.map((s) => fields[s]));
  }
  return { batches, keys, layout };
}

/** The truncate executor's stdin (entries of equal field count, led by pid and fd) cut every `per` entries. */
export function splitReclaimInput(stdin: Buffer, entries: number, per: number): { batches: Buffer[]; keys: string[][] } {
  const fields = nulFields(stdin);
  if (fields.length === 0) return { batches: [], keys: [] };
  if (entries <= 0 || fields.length % entries !== 0) throw new Error(`truncate executor stdin has ${fields.length} fields, not a whole number per each of ${entries} entries`);
  const e = fields.length / entries;
  const batches: Buffer[] = [];
  const keys: string[][] = [];
  for (let i = 0; i < entries; i += per) {
    const group: string[] = [];
    const k: string[] = [];
    for (let j = i; j < Math.min(entries, i + per); j++) {
      const entry = fields.slice(j * e, (j + 1) * e);
      if (!isNum(entry[0]) || !isNum(entry[1])) throw new Error(`truncate executor entry ${j} does not start with pid and fd: ${JSON.stringify(entry)}`);
      group.push(...entry);
      k.push(`${entry[0]}:${entry[1]}`);
    }
    batches.push(nulJoin(group));
    keys.push(k);
  }
  return { batches, keys };
}

/** An async iterable of chunks fed by a producer that does not wait for the consumer (outputs are small). */
class ChunkQueue implements AsyncIterable<Buffer> {
  private chunks: Buffer[] = [];
  private done = false;
  private error: unknown = null;
  private wake: (() => void) | null = null;

  push(c: Buffer): void {
    this.chunks.push(c);
    this.poke();
  }

  end(error: unknown = null): void {
    this.done = true;
    this.error = error;
    this.poke();
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (;;) {
      if (this.chunks.length > 0) {
        yield this.chunks.shift()!;
        continue;
      }
      if (this.done) {
        if (this.error) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

/**
 * Output a batch may add over what the same entries print in one run: one once-a-batch note (truncate-held's
 * "W maps-unreadable count pids" is 4 fields). No more: a budget per entry that is too small (a record
 * format that grew past its limit) must still show.
 */
const BATCH_ALLOWANCE = { records: 4, bytes: 256 };

/** One run of an executor through this transport. */
export interface ExecutorRun {
  executor: ExecutorKind;
  batches: number;
  layout: ReapInputLayout | null;
  outcome: ExecOutcome | null;
}

export class SetPointTransport implements Transport {
  readonly nodeName: string;
  readonly runs: ExecutorRun[] = [];
  /** The first error a hook threw: the run stops there and the test reports it. */
  hookError: unknown = null;

  constructor(
    private readonly inner: Transport,
    private readonly opts: SetPointOptions,
  ) {
    this.nodeName = inner.nodeName;
  }

  exec(script: string, stdin: Buffer, limits: ExecLimits, signal?: AbortSignal): ExecHandle {
    if (script === probeScripts.reapUnlink) {
      const { batches, keys, layout } = splitReapInput(stdin, this.opts.entriesPerBatch);
      return this.inBatches('reap', script, batches, keys, layout, limits, signal);
    }
    if (script === probeScripts.truncateHeld) {
      const entries = this.opts.reclaimEntries?.() ?? 0;
      const { batches, keys } = splitReclaimInput(stdin, entries, this.opts.entriesPerBatch);
      return this.inBatches('reclaim', script, batches, keys, null, limits, signal);
    }
    return this.inner.exec(script, stdin, limits, signal);
  }

  private inBatches(executor: ExecutorKind, script: string, batches: Buffer[], keys: string[][], layout: ReapInputLayout | null, limits: ExecLimits, signal?: AbortSignal): ExecHandle {
    const queue = new ChunkQueue();
    const run: ExecutorRun = { executor, batches: batches.length, layout, outcome: null };
    this.runs.push(run);
    const outcome = (async (): Promise<ExecOutcome> => {
      const merged: ExecOutcome = { exitCode: 0, signal: null, limitHit: null, stdoutBytes: 0, stderr: '', stderrDroppedBytes: 0 };
      let failure: unknown = null;
      // The limits are the whole run's, as one exec would have them: each batch gets what is left, plus a little
      // for what a batch prints once (a note per batch, such as maps-unreadable) that the real run, in fewer and
      // larger batches, prints fewer times. A run the real executor would finish is never cut here, and one it
      // would cut short (entries left unattempted) is cut here too.
      let records = -BATCH_ALLOWANCE.records * Math.max(0, batches.length - 1);
      const allowanceBytes = BATCH_ALLOWANCE.bytes * Math.max(0, batches.length - 1);
      let spentMs = 0;
      try {
        for (let i = 0; i <= batches.length; i++) {
          await this.opts.hook({ executor, index: i, batches: batches.length, next: keys[i] ?? [] });
          if (i === batches.length) break;
          if (signal?.aborted) {
            merged.limitHit = 'cancelled';
            break;
          }
          const left: ExecLimits = { ...limits, maxBytes: limits.maxBytes + allowanceBytes - merged.stdoutBytes, maxRecords: limits.maxRecords - records, timeoutMs: limits.timeoutMs - spentMs };
          const out = left.maxBytes <= 0 ? 'bytes' : left.maxRecords <= 0 ? 'records' : left.timeoutMs <= 0 ? 'time' : null;
          if (out) {
            merged.limitHit = out;
            break;
          }
          const started = Date.now();
          const h = this.inner.exec(script, batches[i], left, signal);
          for await (const c of h.stdout) {
            for (const b of c) if (b === limits.recordTerminator) records++;
            queue.push(c);
          }
          const o = await h.outcome;
          spentMs += Date.now() - started;
          merged.stdoutBytes += o.stdoutBytes;
          merged.stderr += o.stderr;
          merged.stderrDroppedBytes += o.stderrDroppedBytes;
          if (merged.exitCode === 0 && o.exitCode !== 0) merged.exitCode = o.exitCode;
          merged.signal ??= o.signal;
          // xargs goes on after a batch that failed, but not past a limit: neither does this.
          if (o.limitHit) {
            merged.limitHit = o.limitHit;
            break;
          }
        }
      } catch (err) {
        failure = err;
        this.hookError ??= err;
        merged.exitCode = null;
      } finally {
        queue.end(failure);
      }
      run.outcome = merged;
      return merged;
    })();
    return { stdout: queue, outcome };
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
