// The app's own state: nodes, roots, scan history and the audit log, in one SQLite file in the data directory.
// Spoolscope is run when a disk is filling, so the store must never become part of the problem: it has
// its own byte cap (oldest scan history goes first, audit rows only once no history is left), and a write that hits a full disk frees its reserve
// file, drops history and retries once before failing with a clear message instead of a raw SQLite error.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Root, ScanSummary } from '../../shared/models';
import { ReapPolicySchema, type ReapPolicy } from '../../shared/reapModels';
import { RpcError } from '../../shared/rpcResult';
import { normalizeRootPath, normalizeRootPathLenient } from '../../shared/rootPath';
import { SSH_NODES_SQL, applyMigrations } from './migrations';
import { ensureReserve, releaseReserve } from './reserveFile';

export const STORE_FILE = 'spoolscope.sqlite';
export const RESERVE_FILE = 'spoolscope.reserve';
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** Every node starts with these; the user can remove them (and that sticks). */
export const DEFAULT_ROOTS: readonly string[] = ['/var/log'];
/** Trim to this share of the cap, so a store at the cap is not trimmed again on every scan. */
const TRIM_TARGET = 0.9;
/** The audit log keeps this many newest rows; older ones are dropped as new ones arrive. */
export const MAX_AUDIT_ROWS = 10_000;

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

export interface ScanSnapshotInfo {
  id: number;
  at: number;
  allocatedBytes: number;
  /** Partitions detected in that scan, including those summed into "more". */
  partitions: number;
}

export interface AuditRowInput {
  node: string;
  /** e.g. "held.reclaim". */
  action: string;
  phase: 'intent' | 'result';
  planId: string | null;
  /** Stored as JSON. */
  detail: unknown;
  /** Defaults to the store's clock. */
  at?: number;
}

export interface AuditRow extends Omit<AuditRowInput, 'at'> {
  id: number;
  at: number;
}

export interface StoreStats {
  /** page_count * page_size: the size the main file has once the WAL is checkpointed. */
  fileBytes: number;
  /** The same minus free pages: what the data needs. */
  usedBytes: number;
  snapshots: number;
  auditRows: number;
}

export interface StateStore {
  listRoots(node: string): Root[];
  /** Idempotent. Re-adding a removed default root restores it. */
  addRoot(node: string, path: string): Root[];
  removeRoot(node: string, path: string): Root[];
  /** One snapshot row plus one row per listed partition; then enforces the byte cap. */
  recordScan(node: string, summary: ScanSummary, at: number): void;
  /** Newest first. */
  listScanSnapshots(node: string, root: string, limit: number): ScanSnapshotInfo[];
  /** Writes one audit row and returns its id. Throws (StoreFullError on a full disk) when it cannot. */
  appendAudit(row: AuditRowInput): number;
  /** Newest first. */
  listAudit(node: string, limit: number): AuditRow[];
  /** The saved reap policy of a root, or the defaults (no cap, no age, keep the newest 2). */
  getReapPolicy(node: string, root: string): ReapPolicy;
  setReapPolicy(node: string, root: string, policy: ReapPolicy): ReapPolicy;
  /** Keeps a reap plan for `reap PLANID` from another process; drops expired ones and all but the newest `keep`. */
  saveReapPlan(plan: { planId: string; node: string; createdAt: number; expiresAt: number; body: string }, keep: number): void;
  /** Marks the plan used and returns it; the reason when it cannot be used. Atomic across processes. */
  takeReapPlan(planId: string, now: number): { body: string } | { missing: 'not_found' | 'executed' | 'expired' };
  stats(): StoreStats;
  /** Saved SSH nodes, config as stored JSON (the node registry validates it), oldest first. */
  listSshNodes(): { name: string; config: string; secret: Buffer | null }[];
  /** Adds or replaces a node's settings; keeps its stored secret only when `keepSecret`. */
  saveSshNode(name: string, config: string, keepSecret: boolean): void;
  /** False when there was no such node. */
  removeSshNode(name: string): boolean;
  /** The key passphrase as OS-keychain ciphertext (never plain text), or null to forget it. */
  setSshNodeSecret(name: string, secret: Buffer | null): void;
  readonly path: string;
  readonly maxBytes: number;
  /** Non-null when this store is removed at the end of the run (see StateStoreOptions.temporaryNotice). */
  readonly temporaryNotice: string | null;
  close(): void;
}

/** A write failed because the disk is full, even after dropping history. Crosses the wire as io_error. */
export class StoreFullError extends RpcError {
  constructor(message: string) {
    super('io_error', message);
    this.name = 'StoreFullError';
  }
}

export function isDiskFullError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && (e.code.startsWith('SQLITE_FULL') || e.code === 'ENOSPC')) return true;
  return typeof e?.message === 'string' && /database or disk is full|ENOSPC|no space left/i.test(e.message);
}

function isDefaultRoot(path: string): boolean {
  return DEFAULT_ROOTS.includes(path);
}

export function openStateStore(opts: StateStoreOptions): StateStore {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes < 4096) throw new Error(`state store maxBytes must be at least 4096, got ${maxBytes}`);
  const now = opts.now ?? Date.now;
  const path = join(opts.dataDir, STORE_FILE);
  const reservePath = join(opts.dataDir, RESERVE_FILE);
  let walBytes = 0;

  let db: Database.Database;
  try {
    // Callers normally pass resolveDataDir()'s result; creating it here too makes any path just work.
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    db = new Database(path, { timeout: 5000, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
  } catch (err) {
    throw new Error(`cannot open the state store ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    db.pragma('busy_timeout = 5000');
    // Migrations first: the first one sets auto_vacuum, which SQLite ignores once the file is in WAL mode.
    applyMigrations(db);
    // WAL: the window, a CLI and serve can share the store; readers never block the writer.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Keep the WAL small relative to the cap so the files stay near it (and the reserve small).
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const walPages = Math.max(16, Math.min(512, Math.floor(maxBytes / pageSize / 16)));
    walBytes = walPages * pageSize;
    db.pragma(`wal_autocheckpoint = ${walPages}`);
    db.pragma(`journal_size_limit = ${walBytes}`);
  } catch (err) {
    db.close();
    throw new Error(`cannot prepare the state store ${path}: ${(err as Error).message}`, { cause: err });
  }

  const q = {
    nodeCreatedAt: db.prepare<[string], { created_at: number }>('SELECT created_at FROM nodes WHERE id = ?'),
    ensureNode: db.prepare("INSERT OR IGNORE INTO nodes (id, label, kind, created_at) VALUES (?, ?, 'ssh', ?)"),
    userRoots: db.prepare<[string], { path: string; added_at: number }>('SELECT path, added_at FROM roots WHERE node = ? ORDER BY added_at, path'),
    removedDefaults: db.prepare<[string], { path: string }>('SELECT path FROM removed_default_roots WHERE node = ?'),
    insertRoot: db.prepare('INSERT OR IGNORE INTO roots (node, path, added_at) VALUES (?, ?, ?)'),
    deleteRoot: db.prepare('DELETE FROM roots WHERE node = ? AND path = ?'),
    hideDefault: db.prepare('INSERT OR IGNORE INTO removed_default_roots (node, path, removed_at) VALUES (?, ?, ?)'),
    unhideDefault: db.prepare('DELETE FROM removed_default_roots WHERE node = ? AND path = ?'),
    insertSnapshot: db.prepare(
      `INSERT INTO scan_snapshots (node, root, at, allocated_bytes, apparent_bytes, files, dirs, partitions, more_partitions, more_allocated_bytes, partial)
       VALUES (@node, @root, @at, @allocated, @apparent, @files, @dirs, @partitions, @more, @moreAllocated, @partial)`,
    ),
    insertPartition: db.prepare(
      `INSERT OR REPLACE INTO partition_sizes (snapshot_id, path, kind, allocated_bytes, apparent_bytes, files, newest_mtime)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    listSnapshots: db.prepare<[string, string, number], { id: number; at: number; allocated_bytes: number; partitions: number }>(
      'SELECT id, at, allocated_bytes, partitions FROM scan_snapshots WHERE node = ? AND root = ? ORDER BY at DESC, id DESC LIMIT ?',
    ),
    countSnapshots: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM scan_snapshots'),
    oldestSnapshots: db.prepare<[number, number], { id: number }>('SELECT id FROM scan_snapshots WHERE id != ? ORDER BY at, id LIMIT ?'),
    deletePartitions: db.prepare('DELETE FROM partition_sizes WHERE snapshot_id = ?'),
    deleteSnapshot: db.prepare('DELETE FROM scan_snapshots WHERE id = ?'),
    newestSnapshot: db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM scan_snapshots'),
    insertAudit: db.prepare('INSERT INTO audit (at, node, action, phase, plan_id, detail) VALUES (?, ?, ?, ?, ?, ?)'),
    listAudit: db.prepare<[string, number], { id: number; at: number; node: string; action: string; phase: 'intent' | 'result'; plan_id: string | null; detail: string | null }>(
      'SELECT id, at, node, action, phase, plan_id, detail FROM audit WHERE node = ? ORDER BY id DESC LIMIT ?',
    ),
    countAudit: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit'),
    // Never the newest row: it is the one just written.
    oldestAudit: db.prepare<[number], { id: number }>('SELECT id FROM audit WHERE id < (SELECT max(id) FROM audit) ORDER BY id LIMIT ?'),
    deleteAuditUpTo: db.prepare('DELETE FROM audit WHERE id <= ?'),
    deleteAuditBefore: db.prepare('DELETE FROM audit WHERE id < ?'),
  };
  // Prepared on first use (and kept): a store a development build migrated past version 4 without it still opens.
  const makePolicyQ = () => ({
    get: db.prepare<[string, string], { policy: string }>('SELECT policy FROM reap_policies WHERE node = ? AND root = ?'),
    set: db.prepare('INSERT OR REPLACE INTO reap_policies (node, root, policy, updated_at) VALUES (?, ?, ?, ?)'),
  });
  const makePlanQ = () => ({
    insert: db.prepare('INSERT OR REPLACE INTO reap_plans (plan_id, node, created_at, expires_at, executed, body) VALUES (?, ?, ?, ?, 0, ?)'),
    prune: db.prepare('DELETE FROM reap_plans WHERE expires_at < ? OR plan_id NOT IN (SELECT plan_id FROM reap_plans ORDER BY created_at DESC LIMIT ?)'),
    take: db.prepare('UPDATE reap_plans SET executed = 1 WHERE plan_id = ? AND executed = 0 AND expires_at >= ?'),
    get: db.prepare<[string], { body: string; executed: number; expires_at: number }>('SELECT body, executed, expires_at FROM reap_plans WHERE plan_id = ?'),
  });
  let policyStatements: ReturnType<typeof makePolicyQ> | null = null;
  let planStatements: ReturnType<typeof makePlanQ> | null = null;
  const policyQ = () => (policyStatements ??= makePolicyQ());
  const planQ = () => (planStatements ??= makePlanQ());

  // Prepared on first use, and the table made if a development build migrated past 3 without it.
  let sshQ: ReturnType<typeof makeSshQ> | null = null;
  const makeSshQ = () => {
    db.exec(SSH_NODES_SQL);
    return {
      list: db.prepare<[], { name: string; config: string; key_secret: Buffer | null }>('SELECT name, config, key_secret FROM ssh_nodes ORDER BY added_at, name'),
      upsert: db.prepare(
        `INSERT INTO ssh_nodes (name, config, key_secret, added_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT(name) DO UPDATE SET config = excluded.config, key_secret = CASE WHEN ? THEN key_secret ELSE NULL END`,
      ),
      remove: db.prepare('DELETE FROM ssh_nodes WHERE name = ?'),
      secret: db.prepare('UPDATE ssh_nodes SET key_secret = ? WHERE name = ?'),
    };
  };
  const sshNodes = () => (sshQ ??= makeSshQ());

  const pragmaNumber = (name: string) => db.pragma(name, { simple: true }) as number;
  const stats = (): StoreStats => {
    const pageSize = pragmaNumber('page_size');
    const pages = pragmaNumber('page_count');
    const free = pragmaNumber('freelist_count');
    return { fileBytes: pages * pageSize, usedBytes: (pages - free) * pageSize, snapshots: q.countSnapshots.get()!.n, auditRows: q.countAudit.get()!.n };
  };

  // Explicit deletes rather than ON DELETE CASCADE: one statement per table is cheap and does not depend
  // on the foreign_keys pragma being on for whoever opened the file.
  const deleteSnapshots = db.transaction((ids: number[]) => {
    for (const id of ids) {
      q.deletePartitions.run(id);
      q.deleteSnapshot.run(id);
    }
  });

  /** Hands free pages back to the file system and folds the WAL into the main file. */
  const shrink = () => {
    db.pragma('incremental_vacuum');
    // PASSIVE, not TRUNCATE: a fully folded WAL is rewritten from its start by the next write, in blocks
    // it already owns, so that write needs no new space.
    db.pragma('wal_checkpoint(PASSIVE)');
  };
  // Room for a rescue: the WAL's worth of new frames plus the main file growing by as much on checkpoint.
  const reserveBytes = () => 2 * walBytes;

  /**
   * Drops the oldest snapshots (never keepId) until the data fits in targetBytes; only when no history is
   * left, the oldest audit rows (never the newest). Returns how many snapshots went.
   */
  const trimTo = (targetBytes: number, keepId: number): number => {
    let dropped = 0;
    while (stats().usedBytes > targetBytes) {
      const total = q.countSnapshots.get()!.n;
      // Batches of about 5%: few passes on a big store, little over-trimming on a small one.
      const ids = q.oldestSnapshots.all(keepId, Math.max(1, Math.floor(total / 20))).map((r) => r.id);
      if (ids.length === 0) {
        const audit = q.oldestAudit.all(Math.max(1, Math.floor(q.countAudit.get()!.n / 20))).map((r) => r.id);
        if (audit.length === 0) break;
        q.deleteAuditUpTo.run(audit[audit.length - 1]);
        shrink();
        continue;
      }
      deleteSnapshots(ids);
      dropped += ids.length;
      // Shrink per batch, so on a full disk each batch's WAL frames fit in the room the last one freed.
      shrink();
    }
    return dropped;
  };

  /** Housekeeping after a write that succeeded: a full disk here must not turn it into a failure. */
  const tolerateFull = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (!isDiskFullError(err)) throw err;
    }
  };

  const enforceCap = (keepId: number) => {
    if (stats().fileBytes > maxBytes) tolerateFull(() => trimTo(Math.floor(maxBytes * TRIM_TARGET), keepId));
    // Re-arm the reserve once there is room again (a no-op when it is already there).
    ensureReserve(reservePath, reserveBytes());
  };

  /** Runs a write; on a full disk frees the reserve, drops the older half of the history, and tries once more. */
  const write = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (!isDiskFullError(err)) throw err;
    }
    releaseReserve(reservePath);
    tolerateFull(() => db.pragma('wal_checkpoint(PASSIVE)'));
    // Counted from the table, not trimTo's return: a batch can fail part way and still have freed some.
    const before = q.countSnapshots.get()!.n;
    tolerateFull(() => trimTo(Math.floor(stats().usedBytes / 2), -1));
    const dropped = before - q.countSnapshots.get()!.n;
    try {
      return fn();
    } catch (err) {
      if (!isDiskFullError(err)) throw err;
      const after = dropped > 0 ? `, even after dropping ${dropped} old scan snapshot${dropped === 1 ? '' : 's'}` : '';
      throw new StoreFullError(`cannot ${what}: the disk holding the state store ${path} is full${after}; free some space there or set SPOOLSCOPE_DATA_DIR`);
    }
  };
  ensureReserve(reservePath, reserveBytes());

  const listRoots = (node: string): Root[] => {
    const removed = new Set(q.removedDefaults.all(node).map((r) => r.path));
    const createdAt = q.nodeCreatedAt.get(node)?.created_at ?? 0;
    const defaults = DEFAULT_ROOTS.filter((p) => !removed.has(p)).map((p) => ({ path: p, addedAt: createdAt, isDefault: true }));
    const added = q.userRoots.all(node).map((r) => ({ path: r.path, addedAt: r.added_at, isDefault: false }));
    return [...defaults, ...added];
  };

  const ensureNode = (node: string) => q.ensureNode.run(node, node, now());

  let closed = false;
  return {
    path,
    maxBytes,
    temporaryNotice: opts.temporaryNotice ?? null,
    listRoots,
    addRoot(node, rawPath) {
      const p = normalizeRootPath(rawPath);
      write(`add the root ${p}`, () =>
        db.transaction(() => {
          ensureNode(node);
          if (isDefaultRoot(p)) q.unhideDefault.run(node, p);
          else q.insertRoot.run(node, p, now());
        })(),
      );
      return listRoots(node);
    },
    removeRoot(node, rawPath) {
      const p = normalizeRootPath(rawPath);
      write(`remove the root ${p}`, () =>
        db.transaction(() => {
          ensureNode(node);
          // A removed default is remembered as a flag, or it would come back on the next start.
          if (isDefaultRoot(p)) q.hideDefault.run(node, p, now());
          q.deleteRoot.run(node, p);
        })(),
      );
      return listRoots(node);
    },
    recordScan(node, summary, at) {
      const root = normalizeRootPathLenient(summary.root);
      const id = write(`record the scan of ${root}`, () =>
        db.transaction(() => {
          const info = q.insertSnapshot.run({
            node,
            root,
            at,
            allocated: summary.allocatedBytes,
            apparent: summary.apparentBytes,
            files: summary.files,
            dirs: summary.dirs,
            partitions: summary.partitions.length + summary.morePartitions.count,
            more: summary.morePartitions.count,
            moreAllocated: summary.morePartitions.allocatedBytes,
            partial: summary.partial ? 1 : 0,
          });
          const snapshotId = Number(info.lastInsertRowid);
          for (const p of summary.partitions) {
            q.insertPartition.run(snapshotId, p.path, p.kind, p.allocatedBytes, p.apparentBytes, p.files, p.newestMtime);
          }
          return snapshotId;
        })(),
      );
      enforceCap(id);
    },
    listScanSnapshots(node, root, limit) {
      const n = Math.max(1, Math.min(10_000, Math.trunc(limit) || 1));
      return q.listSnapshots.all(node, normalizeRootPathLenient(root), n).map((r) => ({ id: r.id, at: r.at, allocatedBytes: r.allocated_bytes, partitions: r.partitions }));
    },
    appendAudit(row) {
      const detail = row.detail === undefined ? null : JSON.stringify(row.detail);
      const id = write(`write the audit log (${row.action} ${row.phase})`, () =>
        Number(q.insertAudit.run(row.at ?? now(), row.node, row.action, row.phase, row.planId, detail).lastInsertRowid),
      );
      // The row is written: trimming is housekeeping and must not turn it into a failure.
      tolerateFull(() => q.deleteAuditBefore.run(id - MAX_AUDIT_ROWS + 1));
      // History goes before audit rows, but never the latest scan.
      enforceCap(q.newestSnapshot.get()?.id ?? -1);
      return id;
    },
    listAudit(node, limit) {
      const n = Math.max(1, Math.min(MAX_AUDIT_ROWS, Math.trunc(limit) || 1));
      return q.listAudit.all(node, n).map((r) => ({
        id: r.id,
        at: r.at,
        node: r.node,
        action: r.action,
        phase: r.phase,
        planId: r.plan_id,
        detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
      }));
    },
    getReapPolicy(node, root) {
      const row = policyQ().get.get(node, normalizeRootPath(root));
      let stored: unknown;
      try {
        stored = row ? JSON.parse(row.policy) : {};
      } catch {
        stored = {};
      }
      // A row another version wrote that no longer validates falls back to the defaults.
      const parsed = ReapPolicySchema.safeParse(stored);
      return parsed.success ? parsed.data : ReapPolicySchema.parse({});
    },
    setReapPolicy(node, root, policy) {
      const p = normalizeRootPath(root);
      const valid = ReapPolicySchema.parse(policy);
      write(`save the reap policy of ${p}`, () => policyQ().set.run(node, p, JSON.stringify(valid), now()));
      return valid;
    },
    saveReapPlan(plan, keep) {
      const q2 = planQ();
      write('keep the reap plan', () =>
        db.transaction(() => {
          q2.insert.run(plan.planId, plan.node, plan.createdAt, plan.expiresAt, plan.body);
          q2.prune.run(now(), Math.max(1, keep));
        })(),
      );
    },
    takeReapPlan(planId, at) {
      const q2 = planQ();
      const row = q2.get.get(planId);
      if (!row) return { missing: 'not_found' };
      // The UPDATE is the claim: of two processes racing for one plan, exactly one changes the row.
      const taken = write('mark the reap plan used', () => q2.take.run(planId, at).changes === 1);
      if (taken) return { body: row.body };
      return { missing: row.expires_at < at ? 'expired' : 'executed' };
    },
    stats,
    listSshNodes: () => sshNodes().list.all().map((r) => ({ name: r.name, config: r.config, secret: r.key_secret })),
    saveSshNode(name, config, keepSecret) {
      write(`save the node ${name}`, () =>
        db.transaction(() => {
          ensureNode(name);
          sshNodes().upsert.run(name, config, now(), keepSecret ? 1 : 0);
        })(),
      );
    },
    removeSshNode: (name) => write(`remove the node ${name}`, () => sshNodes().remove.run(name).changes > 0),
    setSshNodeSecret(name, secret) {
      write(`save the key passphrase of ${name}`, () => sshNodes().secret.run(secret, name));
    },
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
