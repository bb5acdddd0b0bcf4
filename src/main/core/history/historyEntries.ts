// What a scan keeps for "what grew since": every outermost partition and every directory's totals, by raw
// path, so a partition that merely fell out of the summary's top 500 is not read as gone. Bounded: at most
// HISTORY_ENTRY_LIMIT entries a scan, the largest kept; the rest are counted (a diff then cannot tell whether
// an entry missing from that scan was there, and says so instead of calling it gone).
import type { DirNode, ScanTree } from '../scan/scanTree';
import { bucketRelPath } from '../scan/partitionList';
import type { HistoryEntryKind } from '../../../shared/historyModels';

export const HISTORY_ENTRY_LIMIT = 200_000;

export type { HistoryEntryKind };

export interface HistoryEntry {
  /** Path relative to the root, raw bytes as latin1 (never '': the root's totals are the scan's own). */
  path: string;
  kind: HistoryEntryKind;
  allocatedBytes: number;
  apparentBytes: number;
  files: number;
}

export interface HistoryCut {
  /** Entries left out past the limit. */
  count: number;
  allocatedBytes: number;
  /** The largest entry left out: every entry kept is at least this large. */
  largestBytes: number;
}

export interface HistoryEntries {
  entries: HistoryEntry[];
  cut: HistoryCut;
}

/** The order entries are kept and written in: by raw path. */
export const byPath = (a: HistoryEntry, b: HistoryEntry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Keeps the `limit` largest (ties by path), sorted by path; counts the rest. */
export function boundEntries(all: HistoryEntry[], limit = HISTORY_ENTRY_LIMIT): HistoryEntries {
  const cut: HistoryCut = { count: 0, allocatedBytes: 0, largestBytes: 0 };
  if (all.length <= limit) return { entries: all.sort(byPath), cut };
  all.sort((a, b) => b.allocatedBytes - a.allocatedBytes || byPath(a, b));
  for (let i = limit; i < all.length; i++) {
    cut.count++;
    cut.allocatedBytes += all[i].allocatedBytes;
    cut.largestBytes = Math.max(cut.largestBytes, all[i].allocatedBytes);
  }
  return { entries: all.slice(0, limit).sort(byPath), cut };
}

/**
 * Directories outside partitions with their subtree totals, and the outermost partitions. Inside a
 * partition only the partition itself: its parts are what a reap takes together.
 */
export function historyEntriesOf(tree: ScanTree, limit = HISTORY_ENTRY_LIMIT): HistoryEntries {
  tree.computeTotals();
  const all: HistoryEntry[] = [];
  const stack: DirNode[] = [tree.root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const child of dir.dirs.values()) {
      const t = child.totals;
      all.push({ path: child.relPath, kind: child.partition ?? 'dir', allocatedBytes: t.allocatedBytes, apparentBytes: t.apparentBytes, files: t.files });
      if (!child.partition) stack.push(child);
    }
    for (const g of dir.groups.values()) {
      if (!g.partition) continue;
      const path = dir.relPath === '' ? g.name : `${dir.relPath}/${g.name}`;
      all.push({ path, kind: g.partition, allocatedBytes: g.allocatedBytes, apparentBytes: g.apparentBytes, files: g.files });
    }
    // A bucket is kept under its directory and age range ("wal/[segments 2026-11-05]"): the same range in
    // the next scan is the same entry, so a reaped day of segments diffs as went and a busy hour as grew.
    if (dir.buckets) {
      for (const b of dir.buckets.values()) all.push({ path: bucketRelPath(dir, b), kind: 'bucket', allocatedBytes: b.allocatedBytes, apparentBytes: b.apparentBytes, files: b.files });
    }
  }
  return boundEntries(all, limit);
}
