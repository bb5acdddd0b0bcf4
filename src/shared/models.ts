// Wire models shared by every front door. Byte counts are plain numbers: 2^53 bytes is 8 PiB, far past any node.
import { z } from 'zod';

export const FilesystemSchema = z.object({
  mount: z.string(),
  source: z.string(),
  fstype: z.string(),
  sizeBytes: z.number(),
  usedBytes: z.number(),
  availBytes: z.number(),
  inodesTotal: z.number(),
  inodesUsed: z.number(),
  inodesAvail: z.number(),
  /** used / (used + avail), as df computes Use%: root-reserved blocks count as unavailable. */
  fillRatio: z.number(),
  level: z.enum(['ok', 'warn', 'critical']),
});
export type Filesystem = z.infer<typeof FilesystemSchema>;

/** A configured root and the mount `df ROOT` names on its node (null when df could not stat it). */
export const RootMountSchema = z.object({ root: z.string(), mount: z.string().nullable() });
export type RootMount = z.infer<typeof RootMountSchema>;

export const RootSchema = z.object({
  path: z.string(),
  addedAt: z.number(),
  isDefault: z.boolean(),
});
export type Root = z.infer<typeof RootSchema>;

export const PartitionKindSchema = z.enum(['day', 'segment', 'rotated', 'sqlite']);
export type PartitionKind = z.infer<typeof PartitionKindSchema>;

/**
 * 'bucket': partitions of one kind in one directory and one age range, summed, past the scan's tree-wide
 * budget of partitions kept one by one (core/scan/partitionBuckets.ts). Its `partition` is its members' kind.
 */
export const TreeNodeKindSchema = z.enum(['dir', 'file', 'group', 'more', 'bucket']);
export type TreeNodeKind = z.infer<typeof TreeNodeKindSchema>;

export interface WireTreeNode {
  /** Stable within one scan job; the renderer asks for deeper levels by id, never by path. */
  id: number;
  name: string;
  /** Path relative to the scanned root, for display (invalid UTF-8 shown as \xNN). */
  path: string;
  kind: TreeNodeKind;
  partition: PartitionKind | null;
  allocatedBytes: number;
  apparentBytes: number;
  files: number;
  dirs: number;
  newestMtime: number | null;
  oldestMtime: number | null;
  /** Children not sent because of the depth limit; ask scan.tree for this id. */
  truncated: boolean;
  /** For kind 'more': how many siblings this entry stands for. */
  moreCount?: number;
  /** For kind 'bucket': how many partitions it holds. */
  count?: number;
  /** A symbolic link (never a partition): set only on links. */
  link?: boolean;
  children?: WireTreeNode[];
}
export const WireTreeNodeSchema: z.ZodType<WireTreeNode> = z.lazy(() =>
  z.object({
    id: z.number(),
    name: z.string(),
    path: z.string(),
    kind: TreeNodeKindSchema,
    partition: PartitionKindSchema.nullable(),
    allocatedBytes: z.number(),
    apparentBytes: z.number(),
    files: z.number(),
    dirs: z.number(),
    newestMtime: z.number().nullable(),
    oldestMtime: z.number().nullable(),
    truncated: z.boolean(),
    moreCount: z.number().optional(),
    count: z.number().optional(),
    link: z.boolean().optional(),
    children: z.array(WireTreeNodeSchema).optional(),
  }),
);

/** A partition, or 'bucket': many of one directory's partitions of one age range, summed (its `bucket`). */
export const PartitionSummaryKindSchema = z.enum([...PartitionKindSchema.options, 'bucket']);
export type PartitionSummaryKind = z.infer<typeof PartitionSummaryKindSchema>;

/**
 * What a bucket stands for: its members' kind, its directory (display path, '' for the root) and its age
 * range [from, to) in epoch seconds, calendar-aligned in UTC. A reap of it takes the partitions of that kind
 * directly in that directory whose newest mtime is in the range, bar those the scan listed one by one.
 */
export const PartitionBucketSchema = z.object({
  memberKind: PartitionKindSchema,
  dir: z.string(),
  from: z.number(),
  to: z.number(),
});
export type PartitionBucket = z.infer<typeof PartitionBucketSchema>;

export const PartitionSummarySchema = z.object({
  id: z.number(),
  path: z.string(),
  kind: PartitionSummaryKindSchema,
  allocatedBytes: z.number(),
  apparentBytes: z.number(),
  files: z.number(),
  newestMtime: z.number().nullable(),
  oldestMtime: z.number().nullable(),
  /** Kind 'bucket' only: how many partitions it holds, and what it stands for. */
  count: z.number().optional(),
  bucket: PartitionBucketSchema.optional(),
});
export type PartitionSummary = z.infer<typeof PartitionSummarySchema>;

/**
 * A file of the root that is no partition but weighs on it (an active log), or a link named like a
 * partition, which holds nothing and a reap never follows.
 */
export const LooseFileSchema = z.object({
  id: z.number(),
  path: z.string(),
  kind: z.enum(['file', 'link']),
  allocatedBytes: z.number(),
  apparentBytes: z.number(),
  newestMtime: z.number().nullable(),
});
export type LooseFile = z.infer<typeof LooseFileSchema>;

export const ScanStateSchema = z.enum(['running', 'done', 'cancelled', 'failed']);
export type ScanState = z.infer<typeof ScanStateSchema>;

export const ScanProgressSchema = z.object({
  jobId: z.string(),
  root: z.string(),
  state: ScanStateSchema,
  filesSeen: z.number(),
  bytesSeen: z.number(),
  elapsedMs: z.number(),
  /** True when the result misses something: unreadable dirs, a limit hit, or a cancel. */
  partial: z.boolean(),
  errors: z.array(z.string()),
  message: z.string().nullable(),
});
export type ScanProgress = z.infer<typeof ScanProgressSchema>;

/** A scan read from an ncdu export rather than made live: kept under its label, with no action on it. */
export const ImportedScanSchema = z.object({
  /** What it is kept under instead of a node: `import:<name>`. */
  label: z.string(),
  file: z.string(),
  /** When ncdu made the export (epoch ms), when it says. */
  exportedAt: z.number().nullable(),
  /** Why reaping, reclaiming and sources are not offered for it. */
  actionsDisabled: z.string(),
});
export type ImportedScan = z.infer<typeof ImportedScanSchema>;

export const ScanSummarySchema = z.object({
  root: z.string(),
  device: z.number().nullable(),
  allocatedBytes: z.number(),
  apparentBytes: z.number(),
  files: z.number(),
  dirs: z.number(),
  partitions: z.array(PartitionSummarySchema),
  /** Partitions beyond the list cap, summed. */
  morePartitions: z.object({ count: z.number(), allocatedBytes: z.number() }),
  /** Large files outside every partition and links named like partitions (core/scan/looseFiles.ts), largest first. */
  looseFiles: z.array(LooseFileSchema),
  partial: z.boolean(),
  errors: z.array(z.string()),
  /** Set for a scan imported from an ncdu export (scan --from-ncdu). */
  imported: ImportedScanSchema.optional(),
});
export type ScanSummary = z.infer<typeof ScanSummarySchema>;
