// What changed between two stored scans of a root: each entry (directory or partition) that grew, shrank,
// appeared or went, largest change first. Both sides are sorted by raw path (historyCodec), so this is one
// merge walk. An entry missing from a scan that was cut at its entry limit may have been there below the
// cut: it is counted as unknown, never reported as appeared or went. Age buckets are compared by the
// partitions they cover (bucketDiff.ts), since their names change as they age.
import type { ScanDiffChange, ScanDiffEntry } from '../../../shared/historyModels';
import { displayName } from '../common/displayName';
import type { HistoryEntries, HistoryEntry } from './historyEntries';
import { bucketRuns } from './bucketDiff';

export const DIFF_ENTRY_LIMIT = 500;

export interface EntriesDiff {
  entries: ScanDiffEntry[];
  /** Changed entries past the limit: how many and their summed change. */
  more: { count: number; deltaBytes: number };
  /** Entries missing from a scan that was cut at its entry limit: whether they changed is not known. */
  unknown: number;
}

interface RawChange {
  path: string;
  kind: HistoryEntry['kind'];
  change: ScanDiffChange;
  beforeBytes: number;
  afterBytes: number;
  deltaBytes: number;
}

/** Largest change first (by size, whatever its sign), then by raw path: the same order every run. */
export function compareChanges(a: { deltaBytes: number; path: string }, b: { deltaBytes: number; path: string }): number {
  return Math.abs(b.deltaBytes) - Math.abs(a.deltaBytes) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

export function diffEntries(before: HistoryEntries, after: HistoryEntries, limit = DIFF_ENTRY_LIMIT): EntriesDiff {
  const { runs, unranged } = bucketRuns(before.entries, after.entries);
  // Still sorted by raw path: only bucket entries were taken out.
  const a = unranged.before;
  const b = unranged.after;
  const changes: RawChange[] = [];
  let unknown = 0;
  let i = 0;
  let j = 0;
  const went = (e: HistoryEntry) => {
    if (after.cut.count > 0) unknown++;
    else changes.push({ path: e.path, kind: e.kind, change: 'went', beforeBytes: e.allocatedBytes, afterBytes: 0, deltaBytes: -e.allocatedBytes });
  };
  const appeared = (e: HistoryEntry) => {
    if (before.cut.count > 0) unknown++;
    else changes.push({ path: e.path, kind: e.kind, change: 'appeared', beforeBytes: 0, afterBytes: e.allocatedBytes, deltaBytes: e.allocatedBytes });
  };
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].path < b[j].path)) went(a[i++]);
    else if (i >= a.length || b[j].path < a[i].path) appeared(b[j++]);
    else {
      const x = a[i++];
      const y = b[j++];
      const delta = y.allocatedBytes - x.allocatedBytes;
      if (delta !== 0) changes.push({ path: y.path, kind: y.kind, change: delta > 0 ? 'grew' : 'shrank', beforeBytes: x.allocatedBytes, afterBytes: y.allocatedBytes, deltaBytes: delta });
    }
  }
  for (const r of runs) {
    if (r.afterBytes === null) went({ path: r.path, kind: 'bucket', allocatedBytes: r.beforeBytes!, apparentBytes: 0, files: 0 });
    else if (r.beforeBytes === null) appeared({ path: r.path, kind: 'bucket', allocatedBytes: r.afterBytes, apparentBytes: 0, files: 0 });
    else if (r.afterBytes !== r.beforeBytes) {
      const delta = r.afterBytes - r.beforeBytes;
      changes.push({ path: r.path, kind: 'bucket', change: delta > 0 ? 'grew' : 'shrank', beforeBytes: r.beforeBytes, afterBytes: r.afterBytes, deltaBytes: delta });
    }
  }
  changes.sort(compareChanges);
  let restDelta = 0;
  for (let k = limit; k < changes.length; k++) restDelta += changes[k].deltaBytes;
  return {
    entries: changes.slice(0, limit).map((c) => ({ ...c, path: displayName(c.path) })),
    more: { count: Math.max(0, changes.length - limit), deltaBytes: restDelta },
    unknown,
  };
}
