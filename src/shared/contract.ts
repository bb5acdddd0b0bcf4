// The one table every front door is driven by: Electron IPC, the WebSocket bridge and the CLI.
import { z } from 'zod';
import {
  FilesystemSchema,
  RootMountSchema,
  RootSchema,
  ScanProgressSchema,
  ScanSummarySchema,
  WireTreeNodeSchema,
} from './models';
import { HeldReportSchema, ReclaimPlanSchema, ReclaimResultSchema } from './heldModels';
import { AuditEntrySchema, ReapPlanSchema, ReapPolicySchema, ReapProgressSchema, ReapResultSchema } from './reapModels';
import { FleetRowSchema, NodeInfoSchema, NodeNameSchema, SshConfigImportSchema, SshNodeConfigSchema } from './nodeModels';
import { SourcesReportSchema, SqliteLogOverrideSchema, TimeZoneNameSchema } from './sourceModels';
import { StoresReportSchema } from './dataStoreModels';
import { StoreActResultSchema } from './storeActionModels';
import { ScanDiffSchema, StoredScanSchema, TreeChangeSchema } from './historyModels';
import { LOCAL_NODE } from './nodeNames';
import { ThemeChoiceSchema } from './settingsModels';
import { MAX_PROM_ROWS_PAGE, PrometheusSourceSchema, RankedFleetRowSchema } from './prometheusModels';
import { AppCommandSchema } from './appCommands';
import { AlertConfigPatchSchema, AlertConfigSchema, AlertEventSchema, HistoryRangeSchema, HistorySeriesSchema, WatchAlertSchema, WatchSnapshotSchema } from './watchModels';

const NodeRef = z.string().min(1).max(200).default(LOCAL_NODE);
const AbsolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/'), 'must be an absolute path')
  .refine((p) => !p.includes('\0'), 'must not contain NUL');
const JobId = z.string().min(1).max(64);

export const contract = {
  'app.info': {
    request: z.object({}),
    response: z.object({
      version: z.string(),
      frontDoor: z.string(),
      dataDir: z.string(),
      hostname: z.string(),
      /** Set when the state store could not be opened and this run uses a temporary one: what is not kept. */
      storeNotice: z.string().nullable(),
    }),
  },
  'node.filesystems': {
    request: z.object({ node: NodeRef }),
    response: z.object({
      filesystems: z.array(FilesystemSchema),
      /** Each configured root of the node and the mount `df ROOT` names there (its filesystem is listed). */
      rootMounts: z.array(RootMountSchema),
      partial: z.boolean(),
      errors: z.array(z.string()),
    }),
  },
  'roots.list': {
    request: z.object({ node: NodeRef }),
    response: z.object({ roots: z.array(RootSchema) }),
  },
  'roots.add': {
    request: z.object({ node: NodeRef, path: AbsolutePath }),
    response: z.object({ roots: z.array(RootSchema) }),
  },
  'roots.remove': {
    request: z.object({ node: NodeRef, path: AbsolutePath }),
    response: z.object({ roots: z.array(RootSchema) }),
  },
  'scan.start': {
    request: z.object({ node: NodeRef, root: AbsolutePath }),
    response: z.object({ jobId: JobId }),
  },
  'scan.cancel': {
    request: z.object({ jobId: JobId }),
    response: z.object({ cancelled: z.boolean() }),
  },
  'scan.progress': {
    request: z.object({ jobId: JobId }),
    response: ScanProgressSchema,
  },
  'scan.summary': {
    request: z.object({ jobId: JobId }),
    response: ScanSummarySchema,
  },
  'scan.tree': {
    request: z.object({
      jobId: JobId,
      /** Omit for the root. */
      nodeId: z.number().int().nonnegative().optional(),
      depth: z.number().int().min(1).max(8).default(4),
      topN: z.number().int().min(1).max(200).default(60),
    }),
    response: z.object({ tree: WireTreeNodeSchema, progress: ScanProgressSchema }),
  },
  // --- scan history (issue 19) ---
  /** The stored scans of a root, newest first (live scans and imports). */
  'scan.history.list': {
    request: z.object({ node: NodeRef, root: z.string().min(1).max(4096), limit: z.number().int().min(1).max(1000).default(100) }),
    response: z.object({ scans: z.array(StoredScanSchema) }),
  },
  /**
   * What changed: the latest stored scan of the root (or the one `jobId`'s scan left, or the stored scan
   * `toId`) against the stored scan at or before `at` (epoch ms), by default the one before it.
   */
  'scan.diff': {
    request: z.object({
      node: NodeRef,
      root: z.string().min(1).max(4096),
      at: z.number().int().nonnegative().optional(),
      jobId: JobId.optional(),
      toId: z.number().int().positive().optional(),
    }),
    response: ScanDiffSchema,
  },
  /**
   * The treemap's Changes mode: a scan job's tree (as scan.tree) with each node's change since an earlier
   * stored scan of its root: `fromId` (scan.history.list), or the newest at or before `at`, by default the one
   * before the job's own. `from` is null when there is none.
   */
  'scan.changes': {
    request: z.object({
      jobId: JobId,
      nodeId: z.number().int().nonnegative().optional(),
      depth: z.number().int().min(1).max(8).default(4),
      topN: z.number().int().min(1).max(200).default(60),
      at: z.number().int().nonnegative().optional(),
      fromId: z.number().int().positive().optional(),
    }),
    response: z.object({
      tree: WireTreeNodeSchema,
      from: z.object({ id: z.number(), scannedAt: z.number(), allocatedBytes: z.number(), partial: z.boolean() }).nullable(),
      changes: z.array(TreeChangeSchema),
    }),
  },
  /**
   * Reads an ncdu export (`ncdu -o`, gzip'd or not, at most 1 GiB decompressed) on this machine into a scan
   * kept under `import:<label>` (default the file's name): summary and tree by jobId, diffs by label. The CLI
   * only: the window uploads the file over HTTP instead of naming a path.
   */
  'scan.importNcdu': {
    request: z.object({ file: AbsolutePath, label: z.string().min(1).max(190).optional() }),
    response: z.object({ jobId: JobId, label: z.string(), root: z.string(), storedScanId: z.number().nullable() }),
  },
  'held.scan': {
    request: z.object({ node: NodeRef }),
    response: HeldReportSchema,
  },
  'held.plan': {
    request: z.object({
      node: NodeRef,
      pid: z.number().int().positive(),
      /** Omit for every deleted file the process holds. */
      fds: z.array(z.number().int().nonnegative()).max(100_000).optional(),
    }),
    response: ReclaimPlanSchema,
  },
  /** Destructive: takes a plan id only, never a path or pid from the caller. */
  'held.reclaim': {
    request: z.object({ planId: z.string().min(1).max(64) }),
    response: ReclaimResultSchema,
  },
  /** Every node: this machine first, then saved SSH nodes, each with its state. */
  'nodes.list': {
    request: z.object({}),
    response: z.object({ nodes: z.array(NodeInfoSchema) }),
  },
  'nodes.add': {
    request: z.object({ config: SshNodeConfigSchema }),
    response: z.object({ nodes: z.array(NodeInfoSchema) }),
  },
  'nodes.remove': {
    request: z.object({ name: NodeNameSchema }),
    response: z.object({ nodes: z.array(NodeInfoSchema) }),
  },
  /** Reads ~/.ssh/config (or the given file) and saves each concrete Host as a node. */
  'nodes.importSshConfig': {
    request: z.object({ path: z.string().max(4096).optional() }),
    response: SshConfigImportSchema.extend({ nodes: z.array(NodeInfoSchema) }),
  },
  /** Connects (or reuses the connection) and answers with the state it reached. */
  'nodes.connect': {
    request: z.object({ name: NodeNameSchema }),
    response: NodeInfoSchema,
  },
  /**
   * Trusts the host key the user was shown, and only that one: the fingerprint must match what the server
   * offers now. Refused for a changed key (never overridable from the UI).
   */
  'nodes.trustHostKey': {
    request: z.object({ name: NodeNameSchema, fingerprint: z.string().min(1).max(200) }),
    response: NodeInfoSchema,
  },
  /** Passphrase for an encrypted key: kept in memory, persisted only through the OS keychain (safeStorage). */
  'nodes.unlockKey': {
    request: z.object({ name: NodeNameSchema, passphrase: z.string().max(1024), remember: z.boolean().default(false) }),
    response: NodeInfoSchema,
  },
  /** The fleet table as it stands, sorted by risk (worst first). */
  'fleet.rows': {
    request: z.object({}),
    response: z.object({ rows: z.array(FleetRowSchema) }),
  },
  /** Starts refreshing the given nodes (all when omitted) with bounded concurrency; rows arrive as events. */
  'fleet.refresh': {
    request: z.object({ names: z.array(NodeNameSchema).max(10_000).optional() }),
    response: z.object({ started: z.number().int() }),
  },
  /** The fleet's saved Prometheus source (issue 18), null when the fleet is polled over SSH. */
  'fleet.prometheus.get': {
    request: z.object({}),
    response: z.object({ source: PrometheusSourceSchema.nullable() }),
  },
  /** Saves (or, with null, removes) the Prometheus source; secrets only as file paths. */
  'fleet.prometheus.set': {
    request: z.object({ source: PrometheusSourceSchema.nullable() }),
    response: z.object({ source: PrometheusSourceSchema.nullable() }),
  },
  /**
   * The fleet ranked from Prometheus (the given source, one-shot, else the saved one) merged with the SSH rows
   * of saved nodes no instance maps to, worst first, one page of it. `refresh: false` pages the last reading
   * when it is of the same source (the window's pages, the CLI after its SSH refresh) and reads otherwise. A failed reading leaves `error` set and the SSH rows (of every saved node) shown.
   */
  'fleet.prometheus.rows': {
    request: z.object({
      source: PrometheusSourceSchema.optional(),
      refresh: z.boolean().default(true),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(MAX_PROM_ROWS_PAGE).default(500),
    }),
    response: z.object({
      url: z.string().nullable(),
      error: z.string().nullable(),
      readAt: z.number().nullable(),
      total: z.number().int(),
      offset: z.number().int(),
      rows: z.array(RankedFleetRowSchema),
    }),
  },
  // --- live watch (growth, time-to-full, alerts, history) ---
  /** Starts watching a root (or returns the running watch of that node and root); snapshots arrive as events. */
  'watch.start': {
    request: z.object({ node: NodeRef, root: AbsolutePath, intervalMs: z.number().int().min(200).max(600_000).default(3000) }),
    response: z.object({ watchId: JobId }),
  },
  'watch.stop': {
    request: z.object({ watchId: JobId }),
    response: z.object({ stopped: z.boolean() }),
  },
  /** The latest snapshot (late subscribers start here). */
  'watch.snapshot': {
    request: z.object({ watchId: JobId }),
    response: WatchSnapshotSchema,
  },
  /** Stored samples: a filesystem's used bytes, or a root's partitions (largest growth first), over a day or a week. */
  'watch.history': {
    request: z.object({
      node: NodeRef,
      mount: AbsolutePath.optional(),
      root: AbsolutePath.optional(),
      range: HistoryRangeSchema.default('day'),
      maxPoints: z.number().int().min(10).max(2000).default(300),
      maxSeries: z.number().int().min(1).max(50).default(8),
    }),
    response: z.object({ series: z.array(HistorySeriesSchema) }),
  },
  /** Open alert episodes of every watch. */
  'alerts.active': {
    request: z.object({}),
    response: z.object({ alerts: z.array(WatchAlertSchema) }),
  },
  'alerts.config.get': {
    request: z.object({ node: NodeRef }),
    response: AlertConfigSchema,
  },
  'alerts.config.set': {
    request: z.object({ node: NodeRef, config: AlertConfigPatchSchema }),
    response: AlertConfigSchema,
  },
  // --- reaping partitions (issue 5) ---
  'reap.policy.get': {
    request: z.object({ node: NodeRef, root: AbsolutePath }),
    response: ReapPolicySchema,
  },
  'reap.policy.set': {
    request: z.object({ node: NodeRef, root: AbsolutePath, policy: ReapPolicySchema }),
    response: ReapPolicySchema,
  },
  /** A plan from facts read fresh on the node: by the given policy (or the root's saved one), or picked partitions. */
  'reap.plan': {
    request: z.object({
      node: NodeRef,
      root: AbsolutePath,
      policy: ReapPolicySchema.optional(),
      /** Partitions picked by hand, relative to the root as the scan shows them. */
      partitions: z.array(z.string().min(1).max(4096)).max(10_000).optional(),
      /** The scan they were picked on: a partition written to since is skipped. */
      scanJobId: JobId.optional(),
    }),
    response: ReapPlanSchema,
  },
  /** Destructive: takes a plan id only, never a path from the caller. Progress arrives as reap.progress events. */
  'reap.execute': {
    /** `confirm`: the plan's confirm.text typed back, for a plan that takes units of a stopped data store. */
    request: z.object({ planId: z.string().min(1).max(64), confirm: z.string().max(8192).optional() }),
    response: ReapResultSchema,
  },
  // --- data stores (issue 15) ---
  /**
   * The data stores (databases, brokers, journals, container logs, system caches) under `root`, or without it
   * under the node's configured roots and each kind's well-known home: what each is, the evidence, findings,
   * the store's own safe actions and the settings that stop it recurring.
   */
  'stores.list': {
    request: z.object({ node: NodeRef, root: AbsolutePath.optional() }),
    response: StoresReportSchema,
  },
  /**
   * Destructive unless dryRun: runs a data store's tool action by the id stores.list minted (once, within 10
   * minutes), never a path from the caller. The executor re-checks on the node that the store is the one
   * listed and its preconditions hold; `confirm` must equal the action's confirm text where it has one.
   */
  'stores.act': {
    request: z.object({ actionId: z.string().min(1).max(64), dryRun: z.boolean(), confirm: z.string().max(4096).nullable().optional() }),
    response: StoreActResultSchema,
  },
  // --- the audit log (reaps and held-file reclaims) ---
  /** Past reaps and reclaims of a node, newest first. */
  'audit.list': {
    request: z.object({ node: NodeRef, limit: z.number().int().min(1).max(10_000).default(200) }),
    response: z.object({ entries: z.array(AuditEntrySchema) }),
  },
  // --- runaway sources (issue 7) ---
  /**
   * Who wrote a partition's bytes (a day directory, a file, or a root: its newest day), at what rate against
   * the previous 7 partitions, and the repeating messages. From the UI the path must be inside a configured root.
   * Without `override`, the saved override of the innermost root holding the path applies; without
   * `timeZone`, the saved time zone of the innermost root that has one, else the node's own.
   */
  'sources.analyze': {
    request: z.object({ node: NodeRef, path: AbsolutePath, override: SqliteLogOverrideSchema.nullable().optional(), timeZone: TimeZoneNameSchema.nullable().optional() }),
    response: SourcesReportSchema,
  },
  /** A root's saved override of the log table's columns (used by sources.analyze for paths inside it). */
  'sources.override.get': {
    request: z.object({ node: NodeRef, root: AbsolutePath }),
    response: z.object({ override: SqliteLogOverrideSchema.nullable() }),
  },
  /** Saves (or, with null, removes) a root's override. */
  'sources.override.set': {
    request: z.object({ node: NodeRef, root: AbsolutePath, override: SqliteLogOverrideSchema.nullable() }),
    response: z.object({ override: SqliteLogOverrideSchema.nullable() }),
  },
  /** A root's saved time zone for its days (used by sources.analyze for paths inside it); null: the node's own. */
  'sources.timeZone.get': {
    request: z.object({ node: NodeRef, root: AbsolutePath }),
    response: z.object({ timeZone: z.string().nullable() }),
  },
  /** Saves (or, with null, removes) a root's time zone. */
  'sources.timeZone.set': {
    request: z.object({ node: NodeRef, root: AbsolutePath, timeZone: TimeZoneNameSchema.nullable() }),
    response: z.object({ timeZone: z.string().nullable() }),
  },
  /** The saved theme ("system" until one is chosen). */
  'settings.theme.get': {
    request: z.object({}),
    response: z.object({ theme: ThemeChoiceSchema }),
  },
  /** Saves the theme; every window hears it as a settings.theme event. */
  'settings.theme.set': {
    request: z.object({ theme: ThemeChoiceSchema }),
    response: z.object({ theme: ThemeChoiceSchema }),
  },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type RequestOf<M extends MethodName> = z.input<Contract[M]['request']>;
export type ParsedRequestOf<M extends MethodName> = z.output<Contract[M]['request']>;
export type ResponseOf<M extends MethodName> = z.output<Contract[M]['response']>;

export const methodNames = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events pushed to subscribers. Coalesced by the sender: latest snapshot wins. */
export const events = {
  'scan.progress': ScanProgressSchema,
  /** A node's state changed (connecting, connected, host key unknown, ...). */
  'nodes.state': NodeInfoSchema,
  /** The fleet table changed; coalesced by the sender (latest wins, a few per second at most). */
  'fleet.rows': z.object({ rows: z.array(FleetRowSchema) }),
  /** A watch's latest state: coalesced by the sender (latest wins, at most 4 a second). */
  'watch.snapshot': WatchSnapshotSchema,
  /** An alert fired or cleared (once per episode). */
  'alerts.event': AlertEventSchema,
  /** A reap's progress, coalesced (latest wins). */
  'reap.progress': ReapProgressSchema,
  /** The saved theme changed (from any window). */
  'settings.theme': z.object({ theme: ThemeChoiceSchema }),
  /** A desktop menu command for the window (Rescan, Find). */
  'app.command': AppCommandSchema,
} as const;
export type EventName = keyof typeof events;
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>;
