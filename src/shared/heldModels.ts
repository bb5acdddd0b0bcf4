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
  /** Some process (this one or another) maps the inode: truncating it would kill that process with SIGBUS. */
  mapped: z.boolean(),
  /**
   * The process named when the file is mapped: another process when one maps it (the one to restart is then
   * not the holder), else the holder itself; null when nothing maps it.
   */
  mapper: z.object({ pid: z.number(), comm: z.string().nullable(), unit: z.string().nullable() }).nullable(),
  /** Mount point of the file's filesystem (from mnt_id), null when it could not be resolved. */
  mount: z.string().nullable(),
  /** The mount the fd was opened through is read-only (its options or its superblock's): truncating fails with EROFS. */
  readOnly: z.boolean(),
  /** Another fd (this or another process) holds the same inode; its bytes are counted once, on the first. */
  duplicate: z.boolean(),
});
export type HeldFile = z.infer<typeof HeldFileSchema>;

/**
 * Why a deleted-but-open file is memory rather than disk: a memfd; SysV shared memory; anonymous shared
 * memory (`/dev/zero (deleted)`, `[...]` targets); a file on the `/dev/shm` mount; a mount id that is not in
 * the holding process's own mount table (a kernel-internal mount).
 */
export const MemoryKindSchema = z.enum(['memfd', 'sysv', 'anonymous', 'dev-shm', 'unmounted']);
export type MemoryKind = z.infer<typeof MemoryKindSchema>;

/** A held file that is memory (RAM or swap), not disk: listed apart, never counted as held disk, never truncated. */
export const HeldMemoryFileSchema = HeldFileSchema.extend({
  kind: MemoryKindSchema,
  /** Its holder (pid is the file's own). */
  comm: z.string(),
  unit: z.string().nullable(),
});
export type HeldMemoryFile = z.infer<typeof HeldMemoryFileSchema>;

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
  /** df's available bytes: the fill is used / (used + available), as df computes it (shared/fillRatio.ts). */
  availBytes: z.number(),
  heldBytes: z.number(),
  /** Allocated bytes in scanned roots on this filesystem (latest scans), null when none was scanned. */
  visibleBytes: z.number().nullable(),
  /** used - held - visible: outside the scanned roots, reserved, metadata. Null without a scan. */
  otherBytes: z.number().nullable(),
  topHolders: z.array(z.object({ pid: z.number(), comm: z.string(), unit: z.string().nullable(), heldBytes: z.number(), files: z.number() })),
});
export type HeldFilesystem = z.infer<typeof HeldFilesystemSchema>;

export const HeldReportSchema = z.object({
  /** Processes holding deleted files on disk (memory is in `memory`). */
  holders: z.array(HeldHolderSchema),
  filesystems: z.array(HeldFilesystemSchema),
  /** Disk only: memory is outside it, and outside filesystems[].heldBytes. */
  totalHeldBytes: z.number(),
  /** Deleted-but-open files that are memory, largest first (capped; the rest counted in moreMemory). */
  memory: z.array(HeldMemoryFileSchema),
  /** Allocated bytes of every memory file, each inode once. */
  memoryBytes: z.number(),
  /** Memory files past the list's cap, not listed (their bytes are in memoryBytes). */
  moreMemory: z.number(),
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

/**
 * Why an fd is not truncated, at plan time or at the moment of action. The reason text beside it is for people.
 * - memory: memfd, shared memory, /dev/shm, or not on a mount of the holder's mount table
 * - mapped: some process maps the inode (named by mapperPid/mapperComm/mapperUnit)
 * - changed: the process or fd now stands for something else (start time, dev or inode differ, re-pointed fd,
 *   no longer deleted or regular)
 * - gone: the process exited or the fd was closed
 * - read-only: the file's mount is read-only: truncating would fail with EROFS
 * - no-access: this user cannot see the process's fds or mappings
 * - not-held: the process or fd holds no deleted file the scan listed
 * - failed: opening or truncating failed for another reason, or the executor rejected the entry
 * - not-attempted: the executor stopped before reaching the entry
 */
export const ReclaimCodeSchema = z.enum(['memory', 'mapped', 'changed', 'gone', 'read-only', 'no-access', 'not-held', 'failed', 'not-attempted']);
export type ReclaimCode = z.infer<typeof ReclaimCodeSchema>;

export const ReclaimRefusalSchema = z.object({
  pid: z.number(),
  fd: z.number().nullable(),
  path: z.string().nullable(),
  code: ReclaimCodeSchema,
  reason: z.string(),
  /** The unit to restart instead, when there is one (for `mapped`, the mapper's). */
  unit: z.string().nullable(),
  /** For `mapped`: the process that maps the file (not always the holder). */
  mapperPid: z.number().optional(),
  mapperComm: z.string().nullable().optional(),
  mapperUnit: z.string().nullable().optional(),
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
