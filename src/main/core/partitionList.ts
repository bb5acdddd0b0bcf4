// The partitions of a scanned root: the outermost partition units, largest first, capped for the wire.
import type { PartitionSummary, ScanSummary } from '../../shared/models';
import { displayName } from './displayName';
import type { DirNode, FileGroup, ScanTree } from './scanTree';

export function joinRel(dirRel: string, name: string): string {
  return dirRel === '' ? name : `${dirRel}/${name}`;
}

function fromDir(dir: DirNode): PartitionSummary {
  return {
    id: dir.id,
    path: displayName(dir.relPath),
    kind: dir.partition!,
    allocatedBytes: dir.totals.allocatedBytes,
    apparentBytes: dir.totals.apparentBytes,
    files: dir.totals.files,
    newestMtime: dir.totals.newestMtime,
    oldestMtime: dir.totals.oldestMtime,
  };
}

function fromGroup(dir: DirNode, g: FileGroup): PartitionSummary {
  return {
    id: g.id,
    path: displayName(joinRel(dir.relPath, g.name)),
    kind: g.partition!,
    allocatedBytes: g.allocatedBytes,
    apparentBytes: g.apparentBytes,
    files: g.files,
    newestMtime: g.newestMtime,
    oldestMtime: g.oldestMtime,
  };
}

/** Outermost partitions only: a SQLite file inside a day directory belongs to that day. */
export function collectPartitions(tree: ScanTree): PartitionSummary[] {
  tree.computeTotals();
  const out: PartitionSummary[] = [];
  const stack: DirNode[] = [tree.root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const child of dir.dirs.values()) {
      if (child.partition) out.push(fromDir(child));
      else stack.push(child);
    }
    for (const g of dir.groups.values()) if (g.partition) out.push(fromGroup(dir, g));
  }
  return out;
}

/** Largest first; past `limit` the rest is summed so a million segments stay small on the wire. */
export function summarize(
  tree: ScanTree,
  root: string,
  opts: { limit: number; partial: boolean; errors: string[] },
): ScanSummary {
  tree.computeTotals();
  const all = collectPartitions(tree).sort((a, b) => b.allocatedBytes - a.allocatedBytes || a.path.localeCompare(b.path));
  const shown = all.slice(0, opts.limit);
  const rest = all.slice(opts.limit);
  const t = tree.root.totals;
  return {
    root,
    device: tree.rootDevice,
    allocatedBytes: t.allocatedBytes,
    apparentBytes: t.apparentBytes,
    files: t.files,
    dirs: t.dirs,
    partitions: shown,
    morePartitions: { count: rest.length, allocatedBytes: rest.reduce((s, p) => s + p.allocatedBytes, 0) },
    partial: opts.partial,
    errors: opts.errors,
  };
}
