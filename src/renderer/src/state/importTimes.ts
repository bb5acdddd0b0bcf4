// ncdu writes modification times only with -e: a plain `ncdu -o` export has none, read as 0. On an import's
// tree and summary a time of 0 means "not in the export" and becomes null, which the window shows as unknown
// (no age colour, no date) instead of every partition "newest write 1970-01-01".
import type { ScanSummary, WireTreeNode } from '../../../shared/models';

const known = (t: number | null): number | null => (t !== null && t > 0 ? t : null);

export function treeWithoutMissingTimes(node: WireTreeNode): WireTreeNode {
  return {
    ...node,
    newestMtime: known(node.newestMtime),
    oldestMtime: known(node.oldestMtime),
    ...(node.children ? { children: node.children.map(treeWithoutMissingTimes) } : {}),
  };
}

export function summaryWithoutMissingTimes(summary: ScanSummary): ScanSummary {
  return {
    ...summary,
    partitions: summary.partitions.map((p) => ({ ...p, newestMtime: known(p.newestMtime), oldestMtime: known(p.oldestMtime) })),
    looseFiles: summary.looseFiles.map((f) => ({ ...f, newestMtime: known(f.newestMtime) })),
  };
}
