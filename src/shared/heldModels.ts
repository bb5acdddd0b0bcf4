// Wire models for hidden usage: disk held by deleted-but-open files, and reclaiming it by truncation.
import { z } from 'zod';

export const HeldFileSchema = z.object({
  pid: z.number(),
  fd: z.number(),
  /** The target as the kernel shows it, e.g. "/spool/gazette-append-17 (deleted)"; invalid UTF-8 escaped. */
  path: z.string(),
  sizeBytes: z.number(),
  /** Blocks x 512: what truncation frees. A writer without O_APPEND leaves a large size over few blocks. */
  allocatedBytes: z.number(),
  dev: z.number(),
  ino: z.number(),
  /** fdinfo flags (octal in /proc, a number here). */
  flags: z.number(),
  pos: z.number(),
  writable: z.boolean(),
  append: z.boolean(),
  mapped: z.boolean(),
  /** Mount point of the file's filesystem (from mnt_id), null when it could not be resolved. */
  mount: z.string().nullable(),
  /** Another fd (this or another process) holds the same inode; its bytes are counted once, on the first. */
  duplicate: z.boolean(),
});
export type HeldFile = z.infer<typeof HeldFileSchema>;

export const HeldHolderSchema = z.object({
  pid: z.number(),
  comm: z.string(),
  cmdline: z.string(),
  /** Process start time in clock ticks since boot (/proc/PID/stat field 22): identity across pid reuse. */
  startTime: z.number(),
  uid: z.number(),
  /** systemd unit from /proc/PID/cgroup, when there is one. */
  unit: z.string().nullable(),
  /** Allocated bytes of the inodes first seen through this process. */
  heldBytes: z.number(),
  fileCount: z.number(),
  files: z.array(HeldFileSchema),
  /** Files past the per-holder cap, not listed. */
  moreFiles: z.number(),
});
export type HeldHolder = z.infer<typeof HeldHolderSchema>;

export const HeldFilesystemSchema = z.object({
  mount: z.string(),
  sizeBytes: z.number(),
  usedBytes: z.number(),
  heldBytes: z.number(),
  /** Allocated bytes in scanned roots on this filesystem (latest scans), null when none was scanned. */
  visibleBytes: z.number().nullable(),
  /** used - held - visible: outside the scanned roots, reserved, metadata. Null without a scan. */
  otherBytes: z.number().nullable(),
  topHolders: z.array(z.object({ pid: z.number(), comm: z.string(), unit: z.string().nullable(), heldBytes: z.number(), files: z.number() })),
});
export type HeldFilesystem = z.infer<typeof HeldFilesystemSchema>;

export const HeldReportSchema = z.object({
  holders: z.array(HeldHolderSchema),
  filesystems: z.array(HeldFilesystemSchema),
  totalHeldBytes: z.number(),
  /** True when the probe could not see every process (not root) or hit a limit. */
  partial: z.boolean(),
  errors: z.array(z.string()),
  scannedAt: z.number(),
});
export type HeldReport = z.infer<typeof HeldReportSchema>;

export const ReclaimEntrySchema = z.object({
  pid: z.number(),
  fd: z.number(),
  comm: z.string(),
  unit: z.string().nullable(),
  path: z.string(),
  dev: z.number(),
  ino: z.number(),
  startTime: z.number(),
  allocatedBytes: z.number(),
  mount: z.string().nullable(),
  /** Shown before anything happens, e.g. "writer is not O_APPEND: the file grows back sparse". */
  warnings: z.array(z.string()),
});
export type ReclaimEntry = z.infer<typeof ReclaimEntrySchema>;

export const ReclaimRefusalSchema = z.object({
  pid: z.number(),
  fd: z.number().nullable(),
  path: z.string().nullable(),
  reason: z.string(),
  /** The unit to restart instead, when there is one. */
  unit: z.string().nullable(),
});
export type ReclaimRefusal = z.infer<typeof ReclaimRefusalSchema>;

export const ReclaimPlanSchema = z.object({
  planId: z.string(),
  node: z.string(),
  createdAt: z.number(),
  entries: z.array(ReclaimEntrySchema),
  refused: z.array(ReclaimRefusalSchema),
  expectedFreeBytes: z.number(),
  warnings: z.array(z.string()),
});
export type ReclaimPlan = z.infer<typeof ReclaimPlanSchema>;

export const ReclaimResultSchema = z.object({
  planId: z.string(),
  truncated: z.array(z.object({ pid: z.number(), fd: z.number(), path: z.string(), allocatedBytes: z.number() })),
  skipped: z.array(ReclaimRefusalSchema),
  /** statvfs used bytes before minus after, summed over the filesystems touched. */
  freedBytes: z.number(),
  filesystems: z.array(z.object({ mount: z.string(), usedBefore: z.number(), usedAfter: z.number() })),
  /** False when the audit log could not be written, or only to a temporary store: the operator is told. */
  audited: z.boolean(),
  auditError: z.string().nullable(),
  /** What limits the result: a df that failed, an executor that was stopped, a mount that could not be measured. */
  warnings: z.array(z.string()).optional(),
});
export type ReclaimResult = z.infer<typeof ReclaimResultSchema>;
