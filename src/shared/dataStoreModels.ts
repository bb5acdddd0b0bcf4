// Wire models for data stores: the databases, brokers and journals whose files Spoolscope finds on a node
// (not the state store, not the renderer's zustand stores). Each one found says what it is, why Spoolscope
// thinks so, what fills it, and the store's own safe way to free its space.
import { z } from 'zod';

export const DataStoreKindSchema = z.enum([
  'journald',
  'docker-json',
  'kubelet-cri',
  'postgresql',
  'mysql-binlog',
  'kafka',
  'prometheus-tsdb',
  'elasticsearch',
  'clickhouse',
  'coredump',
  'apt-cache',
  'snap',
  'logrotate',
  'generic-wal',
]);
export type DataStoreKind = z.infer<typeof DataStoreKindSchema>;

/**
 * What a kind lets a reap do with the files it manages:
 * - 'never': every file it manages is skipped `store-managed` (the store's own command frees it);
 * - 'stopped-units': only while no process holds a file or lock in it, whole units, newest kept, after a typed
 *   confirmation naming its stop step; otherwise skipped `store-active`;
 * - 'rotated-only': rotated files as any rotated log; the active file never;
 * - 'free': its files are ordinary (core dumps, the apt cache: their safe action is the store's own).
 */
export type ReapRule = 'never' | 'stopped-units' | 'rotated-only' | 'free';

export const REAP_RULES: Readonly<Record<DataStoreKind, ReapRule>> = {
  journald: 'never',
  'docker-json': 'rotated-only',
  'kubelet-cri': 'rotated-only',
  postgresql: 'never',
  'mysql-binlog': 'never',
  kafka: 'never',
  'prometheus-tsdb': 'stopped-units',
  elasticsearch: 'never',
  clickhouse: 'never',
  coredump: 'free',
  'apt-cache': 'free',
  snap: 'never',
  logrotate: 'free',
  'generic-wal': 'stopped-units',
};

export const StoreEvidenceSchema = z.object({
  /** e.g. "PG_VERSION (15)", "magic LPKSHHRH", "held by pid 812 (postgres)". */
  what: z.string(),
  /** The file or directory it was seen on (display form), or null for a process or a setting. */
  path: z.string().nullable(),
});
export type StoreEvidence = z.infer<typeof StoreEvidenceSchema>;

export const StoreFindingSchema = z.object({
  /** Stable code, e.g. "binlog-total", "replication-slot", "archived-journals", "container-log-unbounded". */
  code: z.string(),
  text: z.string(),
  /** Bytes the finding is about (retained, archived, ...); null when it is not about bytes. */
  bytes: z.number().nullable(),
});
export type StoreFinding = z.infer<typeof StoreFindingSchema>;

export const StoreActionSchema = z.object({
  /**
   * The id `spoolscope act` takes, for an action the tool runs itself; null for an operator action (and, until
   * tool actions exist, for every action: see docs/architecture.md "Data stores").
   */
  id: z.string().nullable(),
  /** The command, exactly as an operator would run it (SQL for a database, a shell line otherwise). */
  command: z.string(),
  /** One sentence: what it does and what to check first. */
  summary: z.string(),
  runnableBy: z.enum(['tool', 'operator']),
  risk: z.enum(['low', 'data-loss', 'service-impact']),
  expectedFreeBytes: z.number().nullable(),
  /** The text to type to confirm it (a container name, a stop step); null when a click is enough. */
  confirm: z.string().nullable(),
});
export type StoreAction = z.infer<typeof StoreActionSchema>;

export const StoreConfigHintSchema = z.object({
  file: z.string(),
  key: z.string(),
  /** As read on the node; null when unset (the store's default applies). */
  current: z.string().nullable(),
  suggested: z.string(),
  /** When a change takes effect: "after systemctl restart systemd-journald", "new containers only", ... */
  takesEffect: z.string(),
});
export type StoreConfigHint = z.infer<typeof StoreConfigHintSchema>;

export const StoreHolderSchema = z.object({
  pid: z.number(),
  comm: z.string(),
  /** 'write' (open for writing), 'read', 'lock'. */
  how: z.enum(['write', 'read', 'lock']),
});
export type StoreHolder = z.infer<typeof StoreHolderSchema>;

export const DataStoreSchema = z.object({
  kind: DataStoreKindSchema,
  /** The store's directory (a data directory, a journal directory, a container's log directory) or file. */
  path: z.string(),
  /** Allocated bytes of the files it manages (as far as the listing went). */
  bytes: z.number(),
  /** Files it manages (as far as the listing went). */
  files: z.number(),
  /** What a reap may do with its files (REAP_RULES). */
  reapRule: z.enum(['never', 'stopped-units', 'rotated-only', 'free']),
  /** Processes holding a file or a lock in it now. */
  holders: z.array(StoreHolderSchema),
  evidence: z.array(StoreEvidenceSchema),
  findings: z.array(StoreFindingSchema),
  actions: z.array(StoreActionSchema),
  configHints: z.array(StoreConfigHintSchema),
});
export type DataStore = z.infer<typeof DataStoreSchema>;

export const StoresReportSchema = z.object({
  node: z.string(),
  /** Where it looked: the given root, or the configured roots and the well-known locations. */
  locations: z.array(z.string()),
  stores: z.array(DataStoreSchema),
  /** A limit cut the probe short, a location could not be read, or processes were hidden from this user. */
  partial: z.boolean(),
  warnings: z.array(z.string()),
  /**
   * Why the tool actions' ids could not be kept in the state store (a temporary or full one): this process can
   * still run them, `spoolscope act` in another cannot find them.
   */
  actionsNotSaved: z.string().optional(),
});
export type StoresReport = z.infer<typeof StoresReportSchema>;

/**
 * What a reap skip of a store's file points to: the store and the way to free its space instead. The full
 * store (evidence, findings, hints) is in `spoolscope stores`.
 */
export const StoreGuidanceSchema = z.object({
  kind: DataStoreKindSchema,
  /** The store's path (display form). */
  path: z.string(),
  /** One sentence for a banner: what it is and why its files are not unlinked. */
  summary: z.string(),
  /** The store's safe action, first: what to run instead (operator commands are copied, never run). */
  actions: z.array(StoreActionSchema),
});
export type StoreGuidance = z.infer<typeof StoreGuidanceSchema>;

/** Where `spoolscope stores` looks besides the configured roots: each store kind's usual home. */
export const WELL_KNOWN_STORE_LOCATIONS = [
  '/var/lib/docker',
  '/var/log/pods',
  '/var/lib/systemd/coredump',
  '/var/cache/apt',
  '/var/lib/postgresql',
  '/var/lib/mysql',
  '/var/lib/prometheus',
  '/var/log/journal',
] as const;
