// Schema history. Each entry runs once, in its own transaction, and bumps PRAGMA user_version, so a store
// written by any older build opens in a newer one. Never edit a shipped entry: append a new one.
import type Database from 'better-sqlite3';
import { LOCAL_NODE } from '../../shared/nodeNames';

export interface Migration {
  version: number;
  /** Runs inside the step's transaction, with the user_version bump. */
  sql: string;
  /**
   * PRAGMAs SQLite honours only outside a write transaction (auto_vacuum is silently ignored inside
   * BEGIN IMMEDIATE on a new file). Run just before the step, only when the step is still pending.
   */
  before?: string;
}

/** Also run (IF NOT EXISTS) on first use by a store a development build migrated past 3 before it existed. */
export const SSH_NODES_SQL = `
      CREATE TABLE IF NOT EXISTS ssh_nodes (
        name        TEXT PRIMARY KEY,
        config      TEXT NOT NULL /* JSON */,
        key_secret  BLOB,
        added_at    INTEGER NOT NULL
      ) WITHOUT ROWID;
    `;

/**
 * The version that brought each part of the schema. A connection that needs a part names it (db.ts checks
 * the store is at least there), so no caller writes a bare number.
 */
export const SCHEMA_VERSIONS = {
  /** the first schema: nodes, roots, removed default roots, scan snapshots and their partition sizes */
  base: 1,
  audit: 2,
  sshNodes: 3,
  /** reap policies and reap plans */
  reap: 4,
  /** the live watch's samples and the alert thresholds */
  watch: 5,
  sourceOverrides: 6,
  /** reap plans kept packed (deflated columns, not JSON), so plans of a million files work across processes */
  packedReapPlans: 7,
  /** the physical identity of each configured root, so a reap refuses a root that changed since */
  rootIdentities: 8,
  /** a root's time zone for the sources' days, kept beside its column override (which becomes optional) */
  sourceTimeZones: 9,
  /** app-wide settings kept by the backend: the theme, the desktop window's size and place */
  appSettings: 10,
  /** a data store's tool actions (spoolscope act), so stores and act can be two processes: used once */
  storeActions: 11,
  /** every partition and directory total of each scan, packed, for "what grew since" (scan diffs) */
  scanHistory: 12,
} as const;

export const migrations: readonly Migration[] = [
  {
    version: SCHEMA_VERSIONS.base,
    // auto_vacuum only takes effect before the first table exists; INCREMENTAL lets the size cap hand freed
    // pages back to the file system (PRAGMA incremental_vacuum) without a full VACUUM, which would need
    // free space equal to the whole store: exactly what a full disk lacks.
    before: 'PRAGMA auto_vacuum = INCREMENTAL;',
    // The node named LOCAL_NODE ('local', as shipped) is this machine; 'local' in the CHECK is a kind.
    sql: `
      CREATE TABLE nodes (
        id          TEXT PRIMARY KEY,
        label       TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('local', 'ssh')),
        created_at  INTEGER NOT NULL
      );
      INSERT INTO nodes (id, label, kind, created_at) VALUES ('${LOCAL_NODE}', 'this machine', 'local', 0);

      -- Roots the user added. Default roots are not stored here: they come from code, so a new default
      -- reaches every node without a migration.
      CREATE TABLE roots (
        node      TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
        path      TEXT NOT NULL,
        added_at  INTEGER NOT NULL,
        PRIMARY KEY (node, path)
      ) WITHOUT ROWID;

      -- Default roots the user removed: the flag that keeps them removed across restarts.
      CREATE TABLE removed_default_roots (
        node        TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
        path        TEXT NOT NULL,
        removed_at  INTEGER NOT NULL,
        PRIMARY KEY (node, path)
      ) WITHOUT ROWID;

      CREATE TABLE scan_snapshots (
        id                    INTEGER PRIMARY KEY AUTOINCREMENT,
        node                  TEXT NOT NULL,
        root                  TEXT NOT NULL,
        at                    INTEGER NOT NULL,
        allocated_bytes       INTEGER NOT NULL,
        apparent_bytes        INTEGER NOT NULL,
        files                 INTEGER NOT NULL,
        dirs                  INTEGER NOT NULL,
        partitions            INTEGER NOT NULL,
        more_partitions       INTEGER NOT NULL,
        more_allocated_bytes  INTEGER NOT NULL,
        partial               INTEGER NOT NULL
      );
      CREATE INDEX scan_snapshots_by_root ON scan_snapshots (node, root, at);

      -- One row per partition per scan: the series growth and time-to-full will be computed from.
      CREATE TABLE partition_sizes (
        snapshot_id      INTEGER NOT NULL REFERENCES scan_snapshots(id) ON DELETE CASCADE,
        path             TEXT NOT NULL,
        kind             TEXT NOT NULL,
        allocated_bytes  INTEGER NOT NULL,
        apparent_bytes   INTEGER NOT NULL,
        files            INTEGER NOT NULL,
        newest_mtime     INTEGER,
        PRIMARY KEY (snapshot_id, path)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: SCHEMA_VERSIONS.audit,
    // The audit log: an intent row before every destructive action, a result row after. Trimmed by the
    // size cap only once no scan history is left, and kept to a row count (repositories/audit.ts).
    sql: `
      CREATE TABLE audit (
        id       INTEGER PRIMARY KEY,
        at       INTEGER NOT NULL,
        node     TEXT NOT NULL,
        action   TEXT NOT NULL,
        phase    TEXT NOT NULL CHECK (phase IN ('intent', 'result')),
        plan_id  TEXT,
        detail   TEXT /* JSON */
      );
      CREATE INDEX audit_by_node ON audit (node, id);
    `,
  },
  {
    version: SCHEMA_VERSIONS.sshNodes,
    // Saved SSH nodes: the node's connection settings as validated JSON (SshNodeConfigSchema) and, only when
    // the OS keychain could encrypt it (Electron safeStorage), the key passphrase as that ciphertext.
    sql: SSH_NODES_SQL,
  },
  {
    version: SCHEMA_VERSIONS.reap,
    // Reap policies per root (size cap, age, newest-N floor) as validated JSON (repositories/reapPolicies.ts),
    // and reap plans, so `spoolscope plan` and `spoolscope reap PLANID` (two processes) share them: used once.
    sql: `
      CREATE TABLE reap_policies (
        node        TEXT NOT NULL,
        root        TEXT NOT NULL,
        policy      TEXT NOT NULL /* JSON */,
        updated_at  INTEGER NOT NULL,
        PRIMARY KEY (node, root)
      ) WITHOUT ROWID;
      CREATE TABLE reap_plans (
        plan_id     TEXT PRIMARY KEY,
        node        TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL,
        executed    INTEGER NOT NULL DEFAULT 0,
        body        TEXT NOT NULL /* JSON: the plan and the executor's steps */
      );
    `,
  },
  {
    version: SCHEMA_VERSIONS.watch,
    // The live watch's history (repositories/watchSamples.ts): a filesystem's used bytes and a root's partition sizes,
    // one row per series per minute at most, with a retention and a byte cap of their own.
    sql: `
      CREATE TABLE watch_samples (
        node   TEXT NOT NULL,
        kind   TEXT NOT NULL CHECK (kind IN ('fs', 'part')),
        -- the mount point for 'fs', the root for 'part'
        scope  TEXT NOT NULL,
        -- '' for 'fs'; the partition's path relative to the root for 'part'
        path   TEXT NOT NULL,
        at     INTEGER NOT NULL,
        bytes  INTEGER NOT NULL,
        PRIMARY KEY (node, kind, scope, path, at)
      ) WITHOUT ROWID;
      CREATE INDEX watch_samples_by_at ON watch_samples (at);

      -- Alert thresholds per node (alertSettings.ts), JSON.
      CREATE TABLE alert_config (
        node    TEXT PRIMARY KEY,
        config  TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: SCHEMA_VERSIONS.sourceOverrides,
    // Per-root override of the SQLite log table's columns for source attribution (repositories/sourceOverrides.ts), JSON.
    sql: `
      CREATE TABLE source_overrides (
        node        TEXT NOT NULL,
        root        TEXT NOT NULL,
        override    TEXT NOT NULL /* JSON: SqliteLogOverride */,
        updated_at  INTEGER NOT NULL,
        PRIMARY KEY (node, root)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: SCHEMA_VERSIONS.packedReapPlans,
    // Reap plans as one deflated buffer each (services/reap/reapPlanPacking.ts): JSON made a 100,000-file plan
    // 25 MB and a million-file one 220 MB, too large to keep. Its size is a column so the plans kept can be
    // held to a byte budget without reading them; the buffer is dropped (NULL) once the plan is claimed.
    // Plans live 10 minutes: the few an older version left are dropped, not converted.
    sql: `
      DROP TABLE reap_plans;
      CREATE TABLE reap_plans (
        plan_id       TEXT PRIMARY KEY,
        node          TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL,
        executed      INTEGER NOT NULL DEFAULT 0,
        packed_bytes  INTEGER NOT NULL,
        packed        BLOB
      );
    `,
  },
  {
    version: SCHEMA_VERSIONS.rootIdentities,
    // A configured root's physical identity (repositories/roots.ts): the physical path (raw bytes), device,
    // inode and mount id recorded when it was added, or by the first reap plan made for it (trust on first
    // use), so a plan refuses a root replaced, turned into a symlink or mounted over since. Its own table, not
    // columns of roots: the default roots have no row there (they come from code) and need an identity too.
    // No key to nodes: recording one must not date a node's default roots (nodes.created_at).
    sql: `
      CREATE TABLE root_identities (
        node         TEXT NOT NULL,
        path         TEXT NOT NULL,
        phys_path    BLOB NOT NULL,
        dev          INTEGER NOT NULL,
        ino          INTEGER NOT NULL,
        mount_id     INTEGER NOT NULL,
        recorded_at  INTEGER NOT NULL,
        PRIMARY KEY (node, path)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: SCHEMA_VERSIONS.sourceTimeZones,
    // A root's time zone for the days of source attribution (repositories/sourceOverrides.ts), in the row of its
    // column override: a root may have either or both, so the override becomes nullable (SQLite cannot drop a
    // NOT NULL in place: the table is made again, its rows copied).
    sql: `
      CREATE TABLE source_overrides_next (
        node        TEXT NOT NULL,
        root        TEXT NOT NULL,
        override    TEXT /* JSON: SqliteLogOverride; NULL when only the time zone is set */,
        time_zone   TEXT /* an IANA name or an offset; NULL: the node's own */,
        updated_at  INTEGER NOT NULL,
        PRIMARY KEY (node, root)
      ) WITHOUT ROWID;
      INSERT INTO source_overrides_next (node, root, override, time_zone, updated_at) SELECT node, root, override, NULL, updated_at FROM source_overrides;
      DROP TABLE source_overrides;
      ALTER TABLE source_overrides_next RENAME TO source_overrides;
    `,
  },
  {
    version: SCHEMA_VERSIONS.appSettings,
    // Key-value, the value validated JSON (repositories/settings.ts): a new setting needs no migration.
    sql: `
      CREATE TABLE app_settings (
        key         TEXT PRIMARY KEY,
        value       TEXT NOT NULL /* JSON */,
        updated_at  INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: SCHEMA_VERSIONS.storeActions,
    // The tool actions `stores.list` mints (repositories/storeActions.ts): the action as validated JSON with
    // everything its execution re-checks (the store's path and identity, the exact parameters, the expected
    // bytes, the confirm text). Ten minutes, claimed once by an atomic UPDATE, like reap plans.
    sql: `
      CREATE TABLE store_actions (
        action_id   TEXT PRIMARY KEY,
        node        TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL,
        used        INTEGER NOT NULL DEFAULT 0,
        body        TEXT NOT NULL /* JSON: ToolActionSpec */
      );
      CREATE INDEX store_actions_by_created ON store_actions (created_at);
    `,
  },
  {
    version: SCHEMA_VERSIONS.scanHistory,
    // One row per scan (repositories/scanHistory.ts): its totals as columns, and every partition and directory
    // total as one deflated buffer (services/history/historyPacking.ts; at most 200,000 entries), so a diff
    // needs no row per entry. `source`: NULL for a live scan, the file name of an ncdu import. The packed bytes
    // are a column so the history can be held to a byte budget without reading the buffers.
    sql: `
      CREATE TABLE scan_history (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        node             TEXT NOT NULL,
        root             TEXT NOT NULL,
        scanned_at       INTEGER NOT NULL,
        allocated_bytes  INTEGER NOT NULL,
        apparent_bytes   INTEGER NOT NULL,
        files            INTEGER NOT NULL,
        entries          INTEGER NOT NULL,
        cut_entries      INTEGER NOT NULL,
        partial          INTEGER NOT NULL,
        source           TEXT,
        packed_bytes     INTEGER NOT NULL,
        packed           BLOB NOT NULL
      );
      CREATE INDEX scan_history_by_root ON scan_history (node, root, scanned_at);
    `,
  },
];

export const latestVersion = migrations.reduce((v, m) => Math.max(v, m.version), 0);

/**
 * Applies every migration newer than the store's user_version. Run it before switching to WAL: in WAL
 * mode SQLite ignores auto_vacuum on a new file. Returns the versions applied (empty on a reopen).
 */
export function applyMigrations(db: Database.Database, list: readonly Migration[] = migrations): number[] {
  const sorted = [...list].sort((a, b) => a.version - b.version);
  const applied: number[] = [];
  for (const m of sorted) {
    if (m.before && (db.pragma('user_version', { simple: true }) as number) < m.version) db.exec(m.before);
    // IMMEDIATE takes the write lock first, and the version is re-read inside it: two processes opening a
    // new store at once (the window and a CLI) cannot both run the same step.
    const step = db.transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current >= m.version) return false;
      db.exec(m.sql);
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
      return true;
    });
    if (step.immediate()) applied.push(m.version);
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  const newest = sorted.length ? sorted[sorted.length - 1].version : 0;
  if (version > newest) {
    // Written by a newer Spoolscope: reading it could misinterpret columns, so refuse clearly.
    throw new Error(`the state store is schema version ${version}, newer than this Spoolscope understands (${newest}); upgrade Spoolscope or set SPOOLSCOPE_DATA_DIR`);
  }
  return applied;
}
