// Age buckets compared by the partitions they cover, not by name. A bucket's range coarsens as it ages (an
// hour of yesterday becomes part of a day at midnight UTC, a day part of a month, a month part of a year), so
// the same segments are "[segments 2026-11-05 13h]" in one scan and "[segments 2026-11-05]" in the next. Ranges
// are calendar-aligned in UTC, so two ranges that overlap are nested: within one directory and member kind,
// the buckets of both scans fall into runs that each one widest range holds, and a run is one entry of the
// diff, named by that widest bucket, its bytes summed on each side. Aging alone then changes nothing; a run
// that really grew reads as grown, and one on one side only as appeared or went.
import { parseBucketPath } from '../../../shared/bucketLabel';
import type { HistoryEntry } from './historyEntries';

export interface BucketRun {
  /** The widest bucket's path (raw): it holds every other bucket of the run. */
  path: string;
  /** Summed allocated bytes of the run's buckets in each scan; null where that scan has none of them. */
  beforeBytes: number | null;
  afterBytes: number | null;
}

interface Ranged {
  entry: HistoryEntry;
  from: number;
  to: number;
  side: 'before' | 'after';
}

/**
 * Splits bucket entries whose names read back into a range (the rest stay plain entries, matched by path) and
 * groups them into runs. Both sides' lists may be in any order; the runs come out by path.
 */
export function bucketRuns(before: readonly HistoryEntry[], after: readonly HistoryEntry[]): { runs: BucketRun[]; unranged: { before: HistoryEntry[]; after: HistoryEntry[] } } {
  const groups = new Map<string, Ranged[]>();
  const unranged = { before: [] as HistoryEntry[], after: [] as HistoryEntry[] };
  const add = (entry: HistoryEntry, side: Ranged['side']) => {
    const parsed = entry.kind === 'bucket' ? parseBucketPath(entry.path) : null;
    if (!parsed) {
      unranged[side].push(entry);
      return;
    }
    // A NUL never occurs in a path: the key cannot join two different directories.
    const key = `${parsed.dir}\0${parsed.memberKind}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push({ entry, from: parsed.from, to: parsed.to, side });
  };
  for (const e of before) add(e, 'before');
  for (const e of after) add(e, 'after');

  const runs: BucketRun[] = [];
  for (const g of groups.values()) {
    // Widest first among equal starts, so each run begins with the range that holds the rest.
    g.sort((a, b) => a.from - b.from || b.to - a.to);
    let run: BucketRun | null = null;
    let runTo = -Infinity;
    for (const r of g) {
      if (!run || r.from >= runTo) {
        run = { path: r.entry.path, beforeBytes: null, afterBytes: null };
        runs.push(run);
      }
      runTo = Math.max(runTo, r.to);
      const key = r.side === 'before' ? 'beforeBytes' : 'afterBytes';
      run[key] = (run[key] ?? 0) + r.entry.allocatedBytes;
    }
  }
  runs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { runs, unranged };
}
