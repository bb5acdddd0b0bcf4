// Wire models of scan history (issue 19): the stored scans of a root and what changed between two of them.
import { z } from 'zod';
import { PartitionKindSchema } from './models';

/** A directory's totals, or a partition kind. */
export const HistoryEntryKindSchema = z.enum(['dir', ...PartitionKindSchema.options, 'bucket'] as const);
export type HistoryEntryKind = z.infer<typeof HistoryEntryKindSchema>;

export const ScanDiffChangeSchema = z.enum(['grew', 'shrank', 'appeared', 'went']);
export type ScanDiffChange = z.infer<typeof ScanDiffChangeSchema>;

export const ScanDiffEntrySchema = z.object({
  /** Relative to the root, for display (invalid UTF-8 shown as \xNN). */
  path: z.string(),
  kind: HistoryEntryKindSchema,
  change: ScanDiffChangeSchema,
  /** Allocated bytes; 0 for an entry that appeared. */
  beforeBytes: z.number(),
  /** Allocated bytes; 0 for an entry that went. */
  afterBytes: z.number(),
  deltaBytes: z.number(),
});
export type ScanDiffEntry = z.infer<typeof ScanDiffEntrySchema>;

/** One stored scan of a root. */
export const StoredScanSchema = z.object({
  id: z.number(),
  /** Epoch ms when the scan was recorded. */
  scannedAt: z.number(),
  allocatedBytes: z.number(),
  apparentBytes: z.number(),
  files: z.number(),
  /** Directories and partitions kept for it (at most 200,000). */
  entries: z.number(),
  /** Entries left out past that limit. */
  cutEntries: z.number(),
  /** The scan missed something (unreadable parts, a limit). */
  partial: z.boolean(),
  /** Where it came from: null for a live scan, else the import's file name. */
  source: z.string().nullable(),
});
export type StoredScan = z.infer<typeof StoredScanSchema>;

const DiffSideSchema = z.object({ scannedAt: z.number(), allocatedBytes: z.number(), partial: z.boolean() });

export const ScanDiffSchema = z.object({
  root: z.string(),
  /** The earlier scan; null when there is none to compare with (the CLI exits 4). */
  from: DiffSideSchema.nullable(),
  /** The latest scan (or the fresh one); null when the root was never scanned. */
  to: DiffSideSchema.nullable(),
  /** The root's allocated bytes, to minus from (0 without both). */
  deltaBytes: z.number(),
  /** Largest change first, then by path; at most 500. */
  entries: z.array(ScanDiffEntrySchema),
  /** Changed entries past the 500: how many and their summed change. */
  more: z.object({ count: z.number(), deltaBytes: z.number() }),
  /** Entries missing from a scan cut at its entry limit: whether they changed is not known. */
  unknown: z.number(),
  /** Why there is no diff (no earlier scan, never scanned); null when there is one. */
  reason: z.string().nullable(),
});
export type ScanDiff = z.infer<typeof ScanDiffSchema>;

/** A treemap node's change since an earlier scan (scan.changes): null where the history keeps no size for it. */
export const TreeChangeSchema = z.object({
  id: z.number(),
  /** Allocated bytes in the earlier scan; 0 when it was not there; null when not known. */
  beforeBytes: z.number().nullable(),
  /** Now minus then; null when not known (a plain file, a directory inside a partition, a cut scan). */
  deltaBytes: z.number().nullable(),
});
export type TreeChange = z.infer<typeof TreeChangeSchema>;
