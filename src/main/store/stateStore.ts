// The app's own state, in one SQLite file in the data directory: a connection that opens, migrates, caps
// and rescues writes on a full disk (db.ts), and one repository per table (repositories/). Scan history is
// what the store drops first when it must shrink, then the oldest audit rows. The live watch keeps a second
// connection to the same file for its samples and alert thresholds.
import { openStoreDb } from './db';
import { SCHEMA_VERSIONS } from './migrations';
import { createAlertConfigRepository, type AlertConfigRepository } from './repositories/alertConfig';
import { createAuditRepository, type AuditRepository } from './repositories/audit';
import { createReapPlanRepository, type ReapPlanRepository } from './repositories/reapPlans';
import { createReapPolicyRepository, type ReapPolicyRepository } from './repositories/reapPolicies';
import { createRootRepository, type RootRepository } from './repositories/roots';
import { createScanSnapshotRepository, type ScanSnapshotRepository } from './repositories/scanSnapshots';
import { createScanHistoryRepository, type ScanHistoryRepository } from './repositories/scanHistory';
import { createSettingsRepository, type SettingsRepository } from './repositories/settings';
import { createStoreActionRepository, type StoreActionRepository } from './repositories/storeActions';
import { createSourceOverrideRepository, type SourceOverrideRepository } from './repositories/sourceOverrides';
import { createSshNodeRepository, type SshNodeRepository } from './repositories/sshNodes';
import { createWatchSampleRepository, type WatchSampleOptions, type WatchSampleRepository } from './repositories/watchSamples';

export interface StateStoreOptions {
  dataDir: string;
  /** Byte cap for the store file (default 64 MiB). The WAL and the reserve file come on top: about 1/16 each. */
  maxBytes?: number;
  /** Path of an Electron-ABI better_sqlite3.node (see nativeBinding.ts); omit under plain Node. */
  nativeBinding?: string;
  /** Clock for addedAt; tests pin it. */
  now?: () => number;
  /** Set for a store made only for this run (storeOrTemporary.ts): why, and that nothing in it is kept. */
  temporaryNotice?: string;
}

export interface StoreStats {
  /** page_count * page_size: the size the main file has once the WAL is checkpointed. */
  fileBytes: number;
  /** The same minus free pages: what the data needs. */
  usedBytes: number;
  snapshots: number;
  auditRows: number;
}

/** The live watch's own connection to the store file: its minute writes never wait behind a scan snapshot. */
export interface WatchConnection {
  readonly samples: WatchSampleRepository;
  readonly alertConfig: AlertConfigRepository;
  close(): void;
}

export interface StateStore {
  readonly roots: RootRepository;
  readonly scanSnapshots: ScanSnapshotRepository;
  /** Every partition and directory total of each scan, packed, for scan diffs (half the store's cap at most). */
  readonly scanHistory: ScanHistoryRepository;
  readonly audit: AuditRepository;
  readonly reapPolicies: ReapPolicyRepository;
  readonly reapPlans: ReapPlanRepository;
  readonly sshNodes: SshNodeRepository;
  readonly sourceOverrides: SourceOverrideRepository;
  readonly settings: SettingsRepository;
  /** A data store's tool actions (spoolscope act), minted by stores.list. */
  readonly storeActions: StoreActionRepository;
  /** Opens the watch's connection; close it before the store. */
  openWatchConnection(samples?: WatchSampleOptions): WatchConnection;
  stats(): StoreStats;
  readonly path: string;
  readonly maxBytes: number;
  /** Non-null when this store is removed at the end of the run (see StateStoreOptions.temporaryNotice). */
  readonly temporaryNotice: string | null;
  close(): void;
}

export function openStateStore(opts: StateStoreOptions): StateStore {
  const db = openStoreDb({
    dataDir: opts.dataDir,
    maxBytes: opts.maxBytes,
    nativeBinding: opts.nativeBinding,
    now: opts.now,
    // Called only once a write needs room, after the repositories below exist. The stored scans first: they
    // are the largest, and the snapshots' latest rows name each node's largest root for the fleet.
    history: () => [scanHistory, scanSnapshots, audit],
  });
  const scanSnapshots = createScanSnapshotRepository(db);
  const scanHistory = createScanHistoryRepository(db, { budgetBytes: Math.floor(db.maxBytes / 2) });
  const audit = createAuditRepository(db);
  let closed = false;
  return {
    roots: createRootRepository(db),
    scanSnapshots,
    scanHistory,
    audit,
    reapPolicies: createReapPolicyRepository(db),
    reapPlans: createReapPlanRepository(db),
    sshNodes: createSshNodeRepository(db),
    sourceOverrides: createSourceOverrideRepository(db),
    settings: createSettingsRepository(db),
    storeActions: createStoreActionRepository(db),
    openWatchConnection(samples) {
      const watchDb = db.connectAgain({ version: SCHEMA_VERSIONS.watch, what: 'watch tables' }, ['synchronous = NORMAL']);
      return { samples: createWatchSampleRepository(watchDb, samples), alertConfig: createAlertConfigRepository(watchDb), close: () => watchDb.close() };
    },
    stats: () => ({ ...db.pageBytes(), snapshots: scanSnapshots.count(), auditRows: audit.count() }),
    path: db.path,
    maxBytes: db.maxBytes,
    temporaryNotice: opts.temporaryNotice ?? null,
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
