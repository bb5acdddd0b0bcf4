// Wire models for reaping partitions: policies per root, plans shown before anything happens, results.
import { z } from 'zod';
import { PartitionKindSchema } from './models';
import { StoreGuidanceSchema } from './dataStoreModels';

export const DEFAULT_KEEP_NEWEST = 2;

export const ReapPolicySchema = z.object({
  /** Reap oldest partitions until the root's allocated bytes are at most this; null for no cap. */
  maxBytes: z.number().int().nonnegative().nullable().default(null),
  /** Reap partitions whose newest file is older than this many days; null for no age limit. */
  maxAgeDays: z.number().nonnegative().max(100_000).nullable().default(null),
  /** The newest N partitions are always kept, even on a full disk. */
  keepNewest: z.number().int().min(0).max(100_000).default(DEFAULT_KEEP_NEWEST),
});
export type ReapPolicy = z.output<typeof ReapPolicySchema>;

export const ReapFileSchema = z.object({
  /** Relative to the root; invalid UTF-8 shown as \xNN. */
  path: z.string(),
  type: z.enum(['file', 'dir']),
  dev: z.number(),
  /** The kernel's mount id of the root it was listed on: a bind mount of the same filesystem has another. */
  mountId: z.number(),
  ino: z.number(),
  sizeBytes: z.number(),
  allocatedBytes: z.number(),
  /** What unlinking it frees: 0 for a hard-linked file whose other links stay. */
  freesBytes: z.number(),
  nlink: z.number(),
  mtime: z.number(),
});
export type ReapFile = z.infer<typeof ReapFileSchema>;

export const ReapEntrySchema = z.object({
  /** The partition, relative to the root. */
  path: z.string(),
  kind: PartitionKindSchema,
  /** Newest mtime inside the partition (seconds): what "oldest first" is judged by. */
  newestMtime: z.number().nullable(),
  allocatedBytes: z.number(),
  expectedFreeBytes: z.number(),
  /** Why it is in the plan: "age", "cap" or "manual". */
  because: z.enum(['age', 'cap', 'manual']),
  files: z.array(ReapFileSchema),
  /** Files past the per-plan listing cap (still removed; counted here). */
  moreFiles: z.number(),
  /**
   * Set for a unit of a stopped data store (a Prometheus block, a WAL segment with its indexes): the store's
   * path, the key of its guidance. The executor first checks that no process holds the store again.
   */
  store: z.string().optional(),
});
export type ReapEntry = z.infer<typeof ReapEntrySchema>;

/**
 * Why something is not reaped. For the whole root (nothing listed, `path` is the root): 'system-directory'
 * (it resolves to / or /usr, /etc... themselves), 'outside-roots' (it resolves outside the physical path of
 * every configured root), 'root-changed' (a configured root holding it is no longer the directory recorded
 * when it was configured: another physical path, device, inode or mount id). For a partition or a file: the
 * rest; 'mount-point' when a mount (of the same
 * filesystem too) is inside it or its directory is on another mount than the root's at the moment of action.
 * Data stores (issue 15): 'store-managed' for a file a database, broker or journal manages (its own command
 * frees it), 'store-active' for a unit of a store a process holds a file or lock in (at plan time, or again at
 * execution).
 */
export const ReapSkipCodeSchema = z.enum([
  'floor',
  'open-for-writing',
  'locked',
  'symlink',
  'other-filesystem',
  'mount-point',
  'outside-root',
  'outside-roots',
  'system-directory',
  'root-changed',
  'special-file',
  'changed-since-scan',
  'changed-since-plan',
  'gone',
  'not-a-partition',
  'failed',
  'store-managed',
  'store-active',
]);
export type ReapSkipCode = z.infer<typeof ReapSkipCodeSchema>;

/** Codes that refuse the whole root: such a plan lists nothing, and its one skip is the root itself. */
export const ROOT_REFUSAL_CODES: ReadonlySet<ReapSkipCode> = new Set(['system-directory', 'outside-roots', 'root-changed']);

/**
 * A configured root's physical identity as recorded when it was added (or by the first reap plan made for
 * it): what a later plan compares the root with. `path` is the physical path, raw bytes as latin1.
 */
export interface RootIdentity {
  path: string;
  dev: number;
  ino: number;
  mountId: number;
}

export const ReapSkipSchema = z.object({
  path: z.string(),
  code: ReapSkipCodeSchema,
  /** One sentence, e.g. "open for writing by pid 4242 (flowctl-go)". */
  reason: z.string(),
  pid: z.number().nullable(),
  comm: z.string().nullable(),
  /** store-managed, store-active: the store's path, the key of its guidance in the plan (absent: known by name only). */
  store: z.string().optional(),
});
export type ReapSkip = z.infer<typeof ReapSkipSchema>;

export const ReapPlanSchema = z.object({
  planId: z.string(),
  node: z.string(),
  root: z.string(),
  /** The root with symlinks resolved on the node: everything is judged and unlinked under this path. */
  physicalRoot: z.string(),
  createdAt: z.number(),
  policy: ReapPolicySchema,
  /** Partitions picked by hand (relative paths), or null for a policy plan. */
  manual: z.array(z.string()).nullable(),
  /** Oldest first (by the newest mtime inside each partition). */
  entries: z.array(ReapEntrySchema),
  skipped: z.array(ReapSkipSchema),
  expectedFreeBytes: z.number(),
  /** The root's allocated bytes now, and after the plan as expected. */
  rootAllocatedBytes: z.number(),
  partitions: z.number(),
  filesystem: z.object({ mount: z.string(), sizeBytes: z.number(), usedBytes: z.number(), availBytes: z.number() }).nullable(),
  warnings: z.array(z.string()),
  /** The data stores its skips and store units point to: what each is and its own safe way to free space. */
  guidance: z.array(StoreGuidanceSchema).optional(),
  /**
   * Set when the plan takes units of a stopped data store: reap.execute needs `text` typed back; `prompt`
   * names the store's stop step.
   */
  confirm: z.object({ text: z.string(), prompt: z.string() }).optional(),
  /**
   * Set when the plan could not be kept in the state store (why, for people): only the process that made it
   * (the window, serve) can execute it; `spoolscope reap PLANID` in another process cannot find it.
   */
  notSaved: z.string().optional(),
});
export type ReapPlan = z.infer<typeof ReapPlanSchema>;

export const ReapResultSchema = z.object({
  planId: z.string(),
  removed: z.array(z.object({ path: z.string(), partition: z.string(), allocatedBytes: z.number() })),
  /** Removed partitions, whole. */
  removedPartitions: z.array(z.string()),
  skipped: z.array(ReapSkipSchema),
  /** statvfs used bytes before minus after, on the root's filesystem. */
  freedBytes: z.number(),
  expectedFreeBytes: z.number(),
  filesystems: z.array(z.object({ mount: z.string(), usedBefore: z.number(), usedAfter: z.number() })),
  audited: z.boolean(),
  auditError: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type ReapResult = z.infer<typeof ReapResultSchema>;

export const ReapProgressSchema = z.object({
  planId: z.string(),
  state: z.enum(['running', 'done']),
  unitsDone: z.number(),
  unitsTotal: z.number(),
  removedFiles: z.number(),
  skippedFiles: z.number(),
});
export type ReapProgress = z.infer<typeof ReapProgressSchema>;

export const AuditEntrySchema = z.object({
  id: z.number(),
  at: z.number(),
  action: z.string(),
  phase: z.enum(['intent', 'result']),
  planId: z.string().nullable(),
  detail: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
