// The reap-unlink executor's stdin (resources/probe/reap-unlink.sh) and what it reports back.
import type { ReapSkip } from '../../shared/reapModels';
import type { FactEntry } from './reapFacts';
import { baseName, dirOf, type Partition } from './reapPartitions';

/** Entries per executor batch; every batch starts with the root's three fields (the script's xargs -n 355). */
export const ENTRIES_PER_BATCH = 16;
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
 * Files unit by unit, then each day partition's directories deepest first (removed only when empty).
 * A directory's own identity comes from the listing; null when it was not listed (then it cannot be checked
 * and its units are not planned at all).
 */
export function executorSteps(partitions: readonly Partition[], dirIdentity: (rel: string) => FactEntry | null): ExecutorStep[] {
  const steps: ExecutorStep[] = [];
  for (const p of partitions) {
    for (const u of p.units) {
      for (let i = 0; i < u.members.length; i += MAX_MEMBERS) {
        const dir = dirIdentity(u.dir);
        if (!dir) continue;
        steps.push({ seq: steps.length, partition: p.key, kind: 'f', dir: u.dir, dirDev: dir.dev, dirIno: dir.ino, members: u.members.slice(i, i + MAX_MEMBERS) });
      }
    }
    for (const d of p.dirs) {
      const parent = dirIdentity(dirOf(d.rel));
      if (!parent) continue;
      steps.push({ seq: steps.length, partition: p.key, kind: 'd', dir: dirOf(d.rel), dirDev: parent.dev, dirIno: parent.ino, members: [d] });
    }
  }
  return steps;
}

export function executorInput(root: { raw: string; dev: number; ino: number }, steps: readonly ExecutorStep[]): Buffer {
  const fields: string[] = [];
  for (let i = 0; i < steps.length; i++) {
    if (i % ENTRIES_PER_BATCH === 0) fields.push(root.raw, String(root.dev), String(root.ino));
    const s = steps[i];
    fields.push(String(s.seq), s.dir, String(s.dirDev), String(s.dirIno), s.kind, String(s.members.length));
    for (let m = 0; m < MAX_MEMBERS; m++) {
      const e = s.members[m];
      if (!e) fields.push('', '', '', '');
      else if (s.kind === 'd') fields.push(baseName(e.rel), String(e.ino), '-', '-');
      else fields.push(baseName(e.rel), String(e.ino), String(e.size), String(e.mtime));
    }
  }
  // Names are raw bytes carried in latin1 strings: latin1 gives the exact bytes back.
  return Buffer.from(fields.map((f) => `${f}\0`).join(''), 'latin1');
}

export interface UnlinkRecord {
  seq: number;
  slot: number;
  ok: boolean;
  code: string;
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
      if (!/^\d+$/.test(seq) || !/^[0-3]$/.test(slot) || (status !== 'ok' && status !== 'skipped')) {
        this.malformed++;
        continue;
      }
      out.push({ seq: Number(seq), slot: Number(slot), ok: status === 'ok', code });
    }
    return out;
  }
}

/** The executor's skip codes as the plan's skip codes and one sentence each. */
export function unlinkSkip(code: string): Pick<ReapSkip, 'code' | 'reason'> {
  switch (code) {
    case 'symlink':
      return { code: 'symlink', reason: 'a symlink appeared in its path since the plan: not followed, not removed' };
    case 'other-filesystem':
      return { code: 'other-filesystem', reason: 'its directory is on another filesystem now: not removed' };
    case 'root-changed':
      return { code: 'changed-since-plan', reason: 'the root is not the planned directory any more: not removed; plan again' };
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
