// Trees sent to a front door are aggregated: at most topN children per directory plus one
// "N more" entry, to a fixed depth, so a million-file root stays small on the wire.
import type { WireTreeNode } from '../../../shared/models';
import { displayName } from '../common/displayName';
import { bucketRelPath, joinRel } from './partitionList';
import { bucketLabel } from './partitionBuckets';
import { addTotals, emptyTotals, type DirNode, type FileGroup, type PartitionBucketNode, type ScanTree, type Totals } from './scanTree';

export interface AggregateOptions {
  depth: number;
  topN: number;
}

function base(id: number, name: string, relPath: string, t: Totals): Omit<WireTreeNode, 'kind' | 'partition' | 'truncated'> {
  return {
    id,
    name: displayName(name),
    path: displayName(relPath),
    allocatedBytes: t.allocatedBytes,
    apparentBytes: t.apparentBytes,
    files: t.files,
    dirs: t.dirs,
    newestMtime: t.newestMtime,
    oldestMtime: t.oldestMtime,
  };
}

function groupNode(dir: DirNode, g: FileGroup): WireTreeNode {
  return {
    ...base(g.id, g.name, joinRel(dir.relPath, g.name), g),
    kind: g.members && g.members.length > 1 ? 'group' : 'file',
    partition: g.partition,
    truncated: false,
    ...(g.link ? { link: true } : {}),
  };
}

/** One tile and one row however many partitions it holds; `partition` is its members' kind. */
function bucketNode(dir: DirNode, b: PartitionBucketNode): WireTreeNode {
  return {
    ...base(b.id, bucketLabel(b.kind, b), bucketRelPath(dir, b), b),
    kind: 'bucket',
    partition: b.kind,
    truncated: false,
    count: b.count,
  };
}

type Child =
  | { dir: DirNode; group?: undefined; bucket?: undefined }
  | { dir?: undefined; group: FileGroup; parent: DirNode; bucket?: undefined }
  | { dir?: undefined; group?: undefined; bucket: PartitionBucketNode; parent: DirNode };

function totalsOf(c: Child): Totals {
  return c.dir ? c.dir.totals : c.group ? c.group : c.bucket;
}

function allocatedOf(c: Child): number {
  return totalsOf(c).allocatedBytes;
}

function childNode(c: Child, depth: number, opts: AggregateOptions, moreId: { next: number }): WireTreeNode {
  if (c.dir) return dirNode(c.dir, depth - 1, opts, moreId);
  return c.group ? groupNode(c.parent, c.group) : bucketNode(c.parent, c.bucket);
}

function dirNode(dir: DirNode, depth: number, opts: AggregateOptions, moreId: { next: number }): WireTreeNode {
  const node: WireTreeNode = {
    ...base(dir.id, dir.parent ? dir.name : '', dir.relPath, dir.totals),
    kind: 'dir',
    partition: dir.partition,
    truncated: false,
  };
  const childCount = dir.dirs.size + dir.groups.size + (dir.buckets?.size ?? 0) + dir.otherFiles.count;
  if (childCount === 0) return node;
  if (depth <= 0) {
    node.truncated = true;
    return node;
  }
  const children: Child[] = [];
  for (const d of dir.dirs.values()) children.push({ dir: d });
  for (const g of dir.groups.values()) children.push({ group: g, parent: dir });
  if (dir.buckets) for (const b of dir.buckets.values()) children.push({ bucket: b, parent: dir });
  // Partial sort would be faster for huge directories; a full sort of 1M entries is ~0.5 s and rare.
  children.sort((a, b) => allocatedOf(b) - allocatedOf(a));
  const shown = children.slice(0, opts.topN);
  node.children = shown.map((c) => childNode(c, depth, opts, moreId));
  const folded = dir.otherFiles.count;
  if (children.length > shown.length || folded > 0) {
    const rest = emptyTotals();
    addTotals(rest, dir.otherFiles);
    for (const c of children.slice(opts.topN)) addTotals(rest, totalsOf(c));
    const count = children.length - shown.length + folded;
    node.children.push({
      ...rest,
      // Negative ids never collide with real nodes and are not zoomable.
      id: -moreId.next++,
      name: `${count} more`,
      path: displayName(dir.relPath),
      kind: 'more',
      partition: null,
      truncated: false,
      moreCount: count,
    });
  }
  return node;
}

/** Aggregated view of `dir` (the root when omitted). */
export function toWireTree(tree: ScanTree, opts: AggregateOptions, dir: DirNode = tree.root): WireTreeNode {
  tree.computeTotals();
  return dirNode(dir, opts.depth, opts, { next: 1 });
}

/** Number of nodes in a wire tree: what the aggregation bounds. */
export function countWireNodes(node: WireTreeNode): number {
  let n = 1;
  for (const c of node.children ?? []) n += countWireNodes(c);
  return n;
}
