// Files the partition list would miss: a large file that is no partition (the active log a store writes
// beside its rotated ones) and a link named like a partition (it holds nothing and a reap never follows it,
// so listing it as a 0 B segment misleads). Only kept file groups are read: a directory keeps its 200
// largest files, so the root's 50 largest and every file of 1% of the root or more are always among them.
import type { LooseFile } from '../../../shared/models';
import { classifyFile } from '../common/partitionPatterns';
import { displayName } from '../common/displayName';
import type { DirNode, FileGroup, ScanTree } from './scanTree';

export interface LooseFileLimits {
  /** The largest this many non-partition files are listed. */
  largest: number;
  /** Any file of at least this share of the root's allocated bytes is listed too (at most 1/share of them). */
  minShare: number;
  /** Links named like partitions, at most this many (the first found). */
  links: number;
}

export const LOOSE_FILE_LIMITS: LooseFileLimits = { largest: 50, minShare: 0.01, links: 50 };

function toLoose(dir: DirNode, g: FileGroup): LooseFile {
  return {
    id: g.id,
    path: displayName(dir.relPath === '' ? g.name : `${dir.relPath}/${g.name}`),
    kind: g.link ? 'link' : 'file',
    allocatedBytes: g.allocatedBytes,
    apparentBytes: g.apparentBytes,
    newestMtime: g.newestMtime,
  };
}

/** Largest first (links, holding nothing, last); equal sizes by path so the order is stable. */
export function looseFiles(tree: ScanTree, limits: LooseFileLimits = LOOSE_FILE_LIMITS): LooseFile[] {
  tree.computeTotals();
  const floor = tree.root.totals.allocatedBytes * limits.minShare;
  type Ref = { dir: DirNode; g: FileGroup };
  // The top K kept by trimming at 2K: O(n log K) and 2K refs whatever the tree's size.
  let top: Ref[] = [];
  const heavy: Ref[] = [];
  const links: Ref[] = [];
  const bySize = (a: Ref, b: Ref) => b.g.allocatedBytes - a.g.allocatedBytes;
  const stack: DirNode[] = [tree.root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    // Inside a partition every file is a part of that unit, listed with it.
    if (dir.withinPartition) continue;
    for (const child of dir.dirs.values()) stack.push(child);
    for (const g of dir.groups.values()) {
      if (g.partition !== null) continue;
      if (g.link) {
        if (links.length < limits.links && classifyFile(g.name).partition !== null) links.push({ dir, g });
        continue;
      }
      // At most 1/minShare files reach the floor: their sizes sum to no more than the root.
      if (g.allocatedBytes > 0 && g.allocatedBytes >= floor) heavy.push({ dir, g });
      else if (limits.largest > 0) {
        top.push({ dir, g });
        if (top.length >= 2 * limits.largest) top = top.sort(bySize).slice(0, limits.largest);
      }
    }
  }
  const shown = [...heavy, ...top.sort(bySize).slice(0, Math.max(0, limits.largest - heavy.length))];
  const out = [...shown, ...links].map((f) => toLoose(f.dir, f.g));
  return out.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'link' ? 1 : -1) || b.allocatedBytes - a.allocatedBytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
