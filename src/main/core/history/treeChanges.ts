// The Changes colouring of a treemap: for each node of a wire tree (the scan now), its allocated bytes in an
// earlier stored scan, matched by path. Only what the history keeps has an earlier size: directories outside
// partitions and outermost partitions; a plain file, a directory inside a partition and a "more" entry have
// none (null: not known, drawn neutral), as has anything missing from an earlier scan cut at its limit. An age
// bucket is matched by the range it covers, not its name, which coarsens as it ages (bucketDiff.ts).
import type { WireTreeNode } from '../../../shared/models';
import type { TreeChange } from '../../../shared/historyModels';
import { displayName } from '../common/displayName';
import type { HistoryEntries } from './historyEntries';
import { parseBucketPath } from '../../../shared/bucketLabel';

export interface EarlierSizes {
  /** Display path -> allocated bytes in the earlier scan. */
  byPath: Map<string, number>;
  rootBytes: number;
  /** The earlier scan was cut at its entry limit: a path missing from it may have been there. */
  cut: boolean;
  /** The earlier scan's age buckets by directory and member kind (bucketKey): their ranges and bytes. */
  buckets?: Map<string, { from: number; to: number; bytes: number }[]>;
}

const bucketKey = (dir: string, kind: string) => `${dir}\0${kind}`;

export function earlierSizes(entries: HistoryEntries, rootBytes: number): EarlierSizes {
  // Display paths are one-to-one with raw ones (invalid bytes and backslashes are escaped), so they match the wire's.
  const buckets = new Map<string, { from: number; to: number; bytes: number }[]>();
  for (const e of entries.entries) {
    const b = e.kind === 'bucket' ? parseBucketPath(displayName(e.path)) : null;
    if (!b) continue;
    const key = bucketKey(b.dir, b.memberKind);
    let list = buckets.get(key);
    if (!list) buckets.set(key, (list = []));
    list.push({ from: b.from, to: b.to, bytes: e.allocatedBytes });
  }
  return { byPath: new Map(entries.entries.map((e) => [displayName(e.path), e.allocatedBytes])), rootBytes, cut: entries.cut.count > 0, buckets };
}

/**
 * A bucket tile's bytes in the earlier scan: its earlier buckets of the same directory and kind whose ranges
 * lie within its own, summed (they aged into it); null when an earlier one was wider (it cannot be split);
 * undefined when none overlaps it or its name is no bucket's (then it is matched by path, as any entry).
 */
function earlierBucketBytes(path: string, earlier: EarlierSizes): number | null | undefined {
  const b = parseBucketPath(path);
  if (!b || !earlier.buckets) return undefined;
  let sum = 0;
  let found = false;
  for (const e of earlier.buckets.get(bucketKey(b.dir, b.memberKind)) ?? []) {
    if (e.to <= b.from || e.from >= b.to) continue;
    if (e.from < b.from || e.to > b.to) return null;
    sum += e.bytes;
    found = true;
  }
  return found ? sum : undefined;
}

/** One change per node of the tree (more entries left out); `insidePartition`: the tree's top lies in one. */
export function treeChanges(tree: WireTreeNode, earlier: EarlierSizes, insidePartition = false): TreeChange[] {
  const out: TreeChange[] = [];
  const visit = (n: WireTreeNode, inPartition: boolean) => {
    if (n.kind === 'more') return;
    const tracked = n.path === '' || (!inPartition && (n.kind === 'dir' || n.partition !== null));
    let beforeBytes: number | null = null;
    if (tracked) {
      const ranged = n.kind === 'bucket' ? earlierBucketBytes(n.path, earlier) : undefined;
      const known = n.path === '' ? earlier.rootBytes : ranged !== undefined ? ranged : earlier.byPath.get(n.path);
      beforeBytes = ranged === null ? null : (known ?? (earlier.cut ? null : 0));
    }
    out.push({ id: n.id, beforeBytes, deltaBytes: beforeBytes === null ? null : n.allocatedBytes - beforeBytes });
    for (const c of n.children ?? []) visit(c, inPartition || n.partition !== null);
  };
  visit(tree, insidePartition);
  return out;
}
