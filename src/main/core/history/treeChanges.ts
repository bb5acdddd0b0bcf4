// The Changes colouring of a treemap: for each node of a wire tree (the scan now), its allocated bytes in an
// earlier stored scan, matched by path. Only what the history keeps has an earlier size: directories outside
// partitions and outermost partitions; a plain file, a directory inside a partition and a "more" entry have
// none (null: not known, drawn neutral), as has anything missing from an earlier scan cut at its limit.
import type { WireTreeNode } from '../../../shared/models';
import type { TreeChange } from '../../../shared/historyModels';
import { displayName } from '../common/displayName';
import type { HistoryEntries } from './historyEntries';

export interface EarlierSizes {
  /** Display path -> allocated bytes in the earlier scan. */
  byPath: Map<string, number>;
  rootBytes: number;
  /** The earlier scan was cut at its entry limit: a path missing from it may have been there. */
  cut: boolean;
}

export function earlierSizes(entries: HistoryEntries, rootBytes: number): EarlierSizes {
  // Display paths are one-to-one with raw ones (invalid bytes and backslashes are escaped), so they match the wire's.
  return { byPath: new Map(entries.entries.map((e) => [displayName(e.path), e.allocatedBytes])), rootBytes, cut: entries.cut.count > 0 };
}

/** One change per node of the tree (more entries left out); `insidePartition`: the tree's top lies in one. */
export function treeChanges(tree: WireTreeNode, earlier: EarlierSizes, insidePartition = false): TreeChange[] {
  const out: TreeChange[] = [];
  const visit = (n: WireTreeNode, inPartition: boolean) => {
    if (n.kind === 'more') return;
    const tracked = n.path === '' || (!inPartition && (n.kind === 'dir' || n.partition !== null));
    let beforeBytes: number | null = null;
    if (tracked) {
      const known = n.path === '' ? earlier.rootBytes : earlier.byPath.get(n.path);
      beforeBytes = known ?? (earlier.cut ? null : 0);
    }
    out.push({ id: n.id, beforeBytes, deltaBytes: beforeBytes === null ? null : n.allocatedBytes - beforeBytes });
    for (const c of n.children ?? []) visit(c, inPartition || n.partition !== null);
  };
  visit(tree, insidePartition);
  return out;
}
