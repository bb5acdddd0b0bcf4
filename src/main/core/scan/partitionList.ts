// The partitions of a scanned root: the outermost partition units, largest first, capped for the wire.
import type { PartitionSummary, ScanSummary } from '../../../shared/models';
import { displayName } from '../common/displayName';
import { looseFiles } from './looseFiles';
import { bucketLabel } from './partitionBuckets';
import type { DirNode, FileGroup, PartitionBucketNode, ScanTree } from './scanTree';

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

/** A bucket's path: its directory and its label (raw, latin1), unique in the tree and never a partition's. */
export function bucketRelPath(dir: DirNode, b: PartitionBucketNode): string {
  return joinRel(dir.relPath, bucketLabel(b.kind, b));
}

export function fromBucket(dir: DirNode, b: PartitionBucketNode): PartitionSummary {
  return {
    id: b.id,
    path: displayName(bucketRelPath(dir, b)),
    kind: 'bucket',
    allocatedBytes: b.allocatedBytes,
    apparentBytes: b.apparentBytes,
    files: b.files,
    newestMtime: b.newestMtime,
    oldestMtime: b.oldestMtime,
    count: b.count,
    bucket: { memberKind: b.kind, dir: displayName(dir.relPath), from: b.from, to: b.to },
  };
}

interface PartitionRef {
  dir: DirNode;
  group: FileGroup | null;
  bucket?: PartitionBucketNode;
  allocatedBytes: number;
}

function partitionRefs(tree: ScanTree): PartitionRef[] {
  tree.computeTotals();
  const out: PartitionRef[] = [];
  const stack: DirNode[] = [tree.root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const child of dir.dirs.values()) {
      if (child.partition) out.push({ dir: child, group: null, allocatedBytes: child.totals.allocatedBytes });
      else stack.push(child);
    }
    for (const g of dir.groups.values()) if (g.partition) out.push({ dir, group: g, allocatedBytes: g.allocatedBytes });
    if (dir.buckets) for (const b of dir.buckets.values()) out.push({ dir, group: null, bucket: b, allocatedBytes: b.allocatedBytes });
  }
  return out;
}

function toSummary(r: PartitionRef): PartitionSummary {
  return r.bucket ? fromBucket(r.dir, r.bucket) : r.group ? fromGroup(r.dir, r.group) : fromDir(r.dir);
}

/** Outermost partitions only (a SQLite file inside a day directory belongs to that day), and age buckets. */
export function collectPartitions(tree: ScanTree): PartitionSummary[] {
  return partitionRefs(tree).map(toSummary);
}

/**
 * The newest mtime inside the oldest partition (the one a reap takes first), over every partition of the tree
 * rather than the summary's largest; null without partitions. No names are made: cheap at 300k segments.
 */
export function oldestPartitionMtime(tree: ScanTree): number | null {
  let oldest: number | null = null;
  for (const r of partitionRefs(tree)) {
    // A bucket's oldest file: its oldest partition's newest mtime when, as segments and rotated logs are, each is one file.
    const m = r.bucket ? r.bucket.oldestMtime : r.group ? r.group.newestMtime : r.dir.totals.newestMtime;
    if (m !== null && (oldest === null || m < oldest)) oldest = m;
  }
  return oldest;
}

/**
 * The `limit` largest, ties in listing order: a numeric threshold from a typed-array sort, not a comparator
 * sort of every partition (50,000 and their buckets on a spool of a million segments).
 */
function largest(refs: PartitionRef[], limit: number): PartitionRef[] {
  if (refs.length <= limit) return refs;
  if (limit <= 0) return [];
  const sizes = Float64Array.from(refs, (r) => r.allocatedBytes).sort();
  const threshold = sizes[refs.length - limit];
  const out = refs.filter((r) => r.allocatedBytes > threshold);
  for (const r of refs) {
    if (out.length >= limit) break;
    if (r.allocatedBytes === threshold) out.push(r);
  }
  return out;
}

/**
 * Largest first; past `limit` the rest is summed so a million segments stay small on the wire.
 * Only the shown partitions get display names: a root with 300k segments sorts numbers, not strings.
 */
export function summarize(
  tree: ScanTree,
  root: string,
  opts: { limit: number; partial: boolean; errors: string[] },
): ScanSummary {
  const refs = partitionRefs(tree);
  const top = largest(refs, opts.limit);
  const shown = top.map(toSummary);
  // Equal sizes: by path, so the order is stable from one scan to the next.
  shown.sort((a, b) => b.allocatedBytes - a.allocatedBytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let restBytes = 0;
  for (const r of refs) restBytes += r.allocatedBytes;
  for (const r of top) restBytes -= r.allocatedBytes;
  const t = tree.root.totals;
  return {
    root,
    device: tree.rootDevice,
    allocatedBytes: t.allocatedBytes,
    apparentBytes: t.apparentBytes,
    files: t.files,
    dirs: t.dirs,
    partitions: shown,
    morePartitions: { count: Math.max(0, refs.length - opts.limit), allocatedBytes: restBytes },
    looseFiles: looseFiles(tree),
    partial: opts.partial,
    errors: opts.errors,
  };
}
