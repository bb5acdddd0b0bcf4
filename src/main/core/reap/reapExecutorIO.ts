// The reap-unlink executor's stdin (resources/probe/reap-unlink.sh) and what it reports back.
import type { ReapSkip } from '../../../shared/reapModels';
import { displayName } from '../common/displayName';
import type { FactEntry } from './reapFacts';
import { baseName, dirOf, type Partition } from './reapPartitions';

/**
 * Entries per executor batch; every batch starts with the root's four fields (the script's xargs -n 2820: 4 + 128 x 22).
 * Writers and locks are swept once per batch, so this is also the widest a late writer's window can be.
 */
export const ENTRIES_PER_BATCH = 128;
const MAX_MEMBERS = 4;

/** One executor entry: a unit of files, or one directory, with its partition for reporting. */
export interface ExecutorStep {
  seq: number;
  /** The partition's key (raw, relative to the root), for reporting. */
  partition: string;
  kind: 'f' | 'd';
  dir: string;
  dirDev: number;
  dirIno: number;
  members: FactEntry[];
}

/**
 * Files unit by unit, then the day partitions' directories deepest first (removed only when empty).
 * A directory's own identity comes from the listing; null when it was not listed (then it cannot be checked
 * and its units are not planned at all). One at a time: a million-file plan is packed as it is made.
 */
export function* executorStepsOf(partitions: readonly Partition[], dirIdentity: (rel: string) => FactEntry | null): Generator<ExecutorStep> {
  let seq = 0;
  for (const p of partitions) {
    for (const u of p.units) {
      const dir = dirIdentity(u.dir);
      if (!dir) continue;
      for (let i = 0; i < u.members.length; i += MAX_MEMBERS) {
        yield { seq: seq++, partition: p.key, kind: 'f', dir: u.dir, dirDev: dir.dev, dirIno: dir.ino, members: u.members.slice(i, i + MAX_MEMBERS) };
      }
    }
  }
  // Directories after every file, deepest first, siblings together: the executor removes the empty ones of a
  // parent in one pass (one find for a run of entries in one directory).
  const dirs = partitions.flatMap((p) => p.dirs.map((d) => ({ p, d, depth: d.rel.split('/').length })));
  dirs.sort((a, b) => b.depth - a.depth || (dirOf(a.d.rel) < dirOf(b.d.rel) ? -1 : dirOf(a.d.rel) > dirOf(b.d.rel) ? 1 : 0));
  for (const { p, d } of dirs) {
    const parent = dirIdentity(dirOf(d.rel));
    if (!parent) continue;
    yield { seq: seq++, partition: p.key, kind: 'd', dir: dirOf(d.rel), dirDev: parent.dev, dirIno: parent.ino, members: [d] };
  }
}

export function executorSteps(partitions: readonly Partition[], dirIdentity: (rel: string) => FactEntry | null): ExecutorStep[] {
  return [...executorStepsOf(partitions, dirIdentity)];
}

/** NUL-terminated fields written straight into one buffer: a million-step plan never becomes 22M strings. */
class FieldWriter {
  private buf: Buffer;
  private length = 0;

  constructor(sizeHint: number) {
    this.buf = Buffer.allocUnsafe(Math.max(256, sizeHint));
  }

  /** Raw bytes carried in a latin1 string: latin1 gives the exact bytes back. */
  field(s: string): void {
    if (this.length + s.length + 1 > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + s.length + 1));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    this.length += this.buf.write(s, this.length, 'latin1');
    this.buf[this.length++] = 0;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

export function executorInput(root: { raw: string; dev: number; ino: number; mountId: number }, steps: readonly ExecutorStep[]): Buffer {
  const out = new FieldWriter(steps.length * 100 + root.raw.length + 64);
  for (let i = 0; i < steps.length; i++) {
    if (i % ENTRIES_PER_BATCH === 0) {
      out.field(root.raw);
      out.field(String(root.dev));
      out.field(String(root.ino));
      out.field(String(root.mountId));
    }
    const s = steps[i];
    out.field(String(s.seq));
    out.field(s.dir);
    out.field(String(s.dirDev));
    out.field(String(s.dirIno));
    out.field(s.kind);
    out.field(String(s.members.length));
    for (let m = 0; m < MAX_MEMBERS; m++) {
      const e = s.members[m];
      if (!e) for (let k = 0; k < 4; k++) out.field('');
      else {
        out.field(baseName(e.rel));
        out.field(String(e.ino));
        out.field(s.kind === 'd' ? '-' : String(e.size));
        out.field(s.kind === 'd' ? '-' : String(e.mtime));
      }
    }
  }
  return out.bytes();
}

export type UnlinkStatus = 'ok' | 'skipped' | 'seen' | 'checked';

export interface UnlinkRecord {
  seq: number;
  slot: number;
  status: UnlinkStatus;
  /** "deleted" for ok, the skip code, what was found for seen ("<type> <inode> <size> <mtime>"), "-". */
  code: string;
}

const STATUSES: ReadonlySet<string> = new Set(['ok', 'skipped', 'seen', 'checked']);

/** A file that failed its identity test at the moment of action, by what was found there instead. */
export function seenCode(found: string, planned: Pick<FactEntry, 'type' | 'ino' | 'size' | 'mtime'>): string {
  const [type, ino, size, mtime] = found.split(' ');
  if (type === 'l') return 'symlink';
  if (planned.type === 'd') return type !== 'd' ? 'not-regular' : Number(ino) !== planned.ino ? 'replaced' : 'not-empty';
  if (type !== 'f') return 'not-regular';
  if (Number(ino) !== planned.ino) return 'replaced';
  if (Number(size) !== planned.size) return 'size-changed';
  if (Number(mtime) !== planned.mtime) return 'modified';
  return 'unlink-failed';
}

/** Complete records only: a last record cut short (the executor was stopped) is dropped. */
export class UnlinkRecordParser {
  private rest = '';
  malformed = 0;

  push(chunk: Buffer): UnlinkRecord[] {
    const parts = (this.rest + chunk.toString('latin1')).split('\0');
    const whole = parts.length - 1 - ((parts.length - 1) % 4);
    this.rest = parts.slice(whole).join('\0');
    const out: UnlinkRecord[] = [];
    for (let i = 0; i + 4 <= whole; i += 4) {
      const [seq, slot, status, code] = parts.slice(i, i + 4);
      if (!/^\d+$/.test(seq) || !/^[0-3]$/.test(slot) || !STATUSES.has(status)) {
        this.malformed++;
        continue;
      }
      out.push({ seq: Number(seq), slot: Number(slot), status: status as UnlinkStatus, code });
    }
    return out;
  }
}

type UnlinkSkip = Omit<ReapSkip, 'path'>;

/**
 * A process found by the executor's per-batch sweep: "open-for-writing PID COMM" or "locked PID KIND COMM"
 * (COMM is the rest, spaces and all; empty when it could not be read).
 */
function busySkip(code: string): UnlinkSkip | null {
  const w = /^open-for-writing (-?\d+) ([\s\S]*)$/.exec(code);
  const l = /^locked (-?\d+) (\S+) ([\s\S]*)$/.exec(code);
  const m = w ?? l;
  if (!m) return null;
  const pid = Number(m[1]);
  const rawComm = w ? w[2] : l![3];
  const comm = rawComm === '' ? null : displayName(rawComm);
  const who = `pid ${pid}${comm ? ` (${comm})` : ''}`;
  if (w) return { code: 'open-for-writing', reason: `open for writing by ${who} at the moment of action (opened since the plan): not removed`, pid, comm };
  const kind = l![2] === 'FLOCK' ? 'flock' : l![2] === 'POSIX' ? 'POSIX (fcntl) lock' : `${displayName(l![2])} lock`;
  return { code: 'locked', reason: `locked at the moment of action: ${kind} held by ${who}: not removed`, pid, comm };
}

/** The executor's skip codes as the plan's skip codes and one sentence each. */
export function unlinkSkip(code: string): UnlinkSkip {
  const busy = busySkip(code);
  if (busy) return busy;
  return { ...unlinkSkipCode(code), pid: null, comm: null };
}

function unlinkSkipCode(code: string): Pick<ReapSkip, 'code' | 'reason'> {
  switch (code) {
    case 'symlink':
      return { code: 'symlink', reason: 'a symlink appeared in its path since the plan: not followed, not removed' };
    case 'other-filesystem':
      return { code: 'other-filesystem', reason: 'its directory is on another filesystem now: not removed' };
    case 'root-changed':
      return { code: 'changed-since-plan', reason: 'the root is not the planned directory any more (its physical path, device or inode changed): not removed; plan again' };
    case 'root-other-mount':
      return { code: 'mount-point', reason: 'the root is on another mount than planned (something was mounted over it): not removed; plan again' };
    case 'other-mount':
      return { code: 'mount-point', reason: 'its directory is on another mount than the root now (a bind mount?): not entered, not removed' };
    case 'dir-gone':
      return { code: 'gone', reason: 'its directory is gone' };
    case 'dir-changed':
      return { code: 'changed-since-plan', reason: 'its directory was replaced since the plan: not removed' };
    case 'gone':
      return { code: 'gone', reason: 'already gone' };
    case 'replaced':
      return { code: 'changed-since-plan', reason: 'replaced since the plan (another inode): not removed' };
    case 'not-regular':
      return { code: 'changed-since-plan', reason: 'no longer a regular file: not removed' };
    case 'size-changed':
      return { code: 'changed-since-plan', reason: 'its size changed since the plan (written to): not removed' };
    case 'modified':
      return { code: 'changed-since-plan', reason: 'modified since the plan: not removed' };
    case 'not-empty':
      return { code: 'changed-since-plan', reason: 'directory not empty (something was kept or added): left in place' };
    case 'unit-incomplete':
      return { code: 'changed-since-plan', reason: 'part of a SQLite file set that changed: the set stays together' };
    case 'unlink-failed':
      return { code: 'failed', reason: 'unlink failed (busy or no permission)' };
    case 'bad-input':
      return { code: 'failed', reason: 'the executor rejected the entry as malformed' };
    default:
      return { code: 'failed', reason: `skipped (${code.slice(0, 40)})` };
  }
}
