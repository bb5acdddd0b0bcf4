// A connection to the state store file, and the rules every write through it follows. Spoolscope is run
// when a disk is filling, so the store must never become part of the problem: the file has a byte cap
// (history goes first), and a write that meets a full disk frees a reserve file, drops old history and
// retries once before failing with a clear message (StoreFullError) instead of a raw SQLite error.
// Repositories (repositories/*.ts) hold the tables' SQL; this module knows no table.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RpcError } from '../../shared/rpcResult';
import { applyMigrations } from './migrations';
import { ensureReserve, releaseReserve } from './reserveFile';

export const STORE_FILE = 'spoolscope.sqlite';
export const RESERVE_FILE = 'spoolscope.reserve';
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** Trim to this share of the cap, so a store at the cap is not trimmed again on every write. */
const TRIM_TARGET = 0.9;
const BUSY_TIMEOUT_MS = 5000;

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

/** Rows the store may drop, oldest first, to stay under its cap or to make room on a full disk. */
export interface Sheddable {
  /** A dropped row, for the full-disk message: "old scan snapshot". */
  readonly shedNoun: string;
  count(): number;
  /**
   * Drops about a twentieth of the rows (at least one), oldest first; returns how many went, 0 when there
   * is nothing left to drop. `spareNewest`: never the newest row (the one a write has just made).
   */
  dropOldest(spareNewest: boolean): number;
}

export interface StoreDb {
  /** The better-sqlite3 connection, for repositories' statements. */
  readonly sql: Database.Database;
  /** The store file (the same for every connection to it). */
  readonly path: string;
  /** The store's clock (tests pin it). */
  now(): number;
  /** Runs a write; on a full disk frees the reserve, drops the older half of the history and tries once more. */
  write<T>(what: string, fn: () => T): T;
  /** Housekeeping after a write that succeeded: a full disk here must not turn it into a failure. */
  tolerateFull(fn: () => unknown): void;
  /** After a write that grew the store: drops history (never its newest rows) while the file is over the cap. */
  enforceCap(): void;
  /** page_count * page_size (the main file once the WAL is checkpointed), and the same minus free pages. */
  pageBytes(): { fileBytes: number; usedBytes: number };
  /**
   * Another connection to the same file (WAL lets them share it; the watch keeps its own so its minute
   * writes never wait behind a scan snapshot), with the same full-disk rescue and cap. The schema must be
   * at least `needs.version`; `needs.what` names that part for the error.
   */
  connectAgain(needs: { version: number; what: string }, pragmas?: readonly string[]): StoreDb;
  close(): void;
}

export interface StoreDbOptions {
  dataDir: string;
  /** Byte cap for the store file (default 64 MiB). The WAL and the reserve file come on top: about 1/16 each. */
  maxBytes?: number;
  /** Path of an Electron-ABI better_sqlite3.node (see nativeBinding.ts); omit under plain Node. */
  nativeBinding?: string;
  now?: () => number;
  /** What the cap and the full-disk rescue drop, first to last; asked when needed (after the repositories exist). */
  history: () => readonly Sheddable[];
}

/** Opens (creating the directory and file if need be) and migrates the store, and arms its reserve. */
export function openStoreDb(opts: StoreDbOptions): StoreDb & { readonly maxBytes: number } {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes < 4096) throw new Error(`state store maxBytes must be at least 4096, got ${maxBytes}`);
  const now = opts.now ?? Date.now;
  const path = join(opts.dataDir, STORE_FILE);
  const reservePath = join(opts.dataDir, RESERVE_FILE);
  const connectOptions = { timeout: BUSY_TIMEOUT_MS, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) };
  let walBytes = 0;

  let sql: Database.Database;
  try {
    // Callers normally pass resolveDataDir()'s result; creating it here too makes any path just work.
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    sql = new Database(path, connectOptions);
  } catch (err) {
    throw new Error(`cannot open the state store ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    sql.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Migrations first: the first one sets auto_vacuum, which SQLite ignores once the file is in WAL mode.
    applyMigrations(sql);
    // WAL: the window, a CLI and serve can share the store; readers never block the writer.
    sql.pragma('journal_mode = WAL');
    sql.pragma('synchronous = NORMAL');
    sql.pragma('foreign_keys = ON');
    // Keep the WAL small relative to the cap so the files stay near it (and the reserve small).
    const pageSize = sql.pragma('page_size', { simple: true }) as number;
    const walPages = Math.max(16, Math.min(512, Math.floor(maxBytes / pageSize / 16)));
    walBytes = walPages * pageSize;
    sql.pragma(`wal_autocheckpoint = ${walPages}`);
    sql.pragma(`journal_size_limit = ${walBytes}`);
  } catch (err) {
    sql.close();
    throw new Error(`cannot prepare the state store ${path}: ${(err as Error).message}`, { cause: err });
  }

  const pragmaNumber = (name: string) => sql.pragma(name, { simple: true }) as number;
  const pageBytes = () => {
    const pageSize = pragmaNumber('page_size');
    const pages = pragmaNumber('page_count');
    return { fileBytes: pages * pageSize, usedBytes: (pages - pragmaNumber('freelist_count')) * pageSize };
  };

  const tolerateFull = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (!isDiskFullError(err)) throw err;
    }
  };

  /** Hands free pages back to the file system and folds the WAL into the main file. */
  const shrink = () => {
    sql.pragma('incremental_vacuum');
    // PASSIVE, not TRUNCATE: a fully folded WAL is rewritten from its start by the next write, in blocks
    // it already owns, so that write needs no new space.
    sql.pragma('wal_checkpoint(PASSIVE)');
  };
  // Room for a rescue: the WAL's worth of new frames plus the main file growing by as much on checkpoint.
  const reserveBytes = () => 2 * walBytes;

  /** Drops history, first table first, until the data fits in targetBytes or nothing is left to drop. */
  const trimTo = (targetBytes: number, spareNewest: boolean) => {
    while (pageBytes().usedBytes > targetBytes) {
      // The first table with anything left to drop gives a batch; a later one only once it is empty.
      const dropped = opts.history().some((table) => table.dropOldest(spareNewest) > 0);
      if (!dropped) break;
      // Shrink per batch, so on a full disk each batch's WAL frames fit in the room the last one freed.
      shrink();
    }
  };

  const enforceCap = () => {
    if (pageBytes().fileBytes > maxBytes) tolerateFull(() => trimTo(Math.floor(maxBytes * TRIM_TARGET), true));
    // Re-arm the reserve once there is room again (a no-op when it is already there).
    ensureReserve(reservePath, reserveBytes());
  };

  /** Frees the reserve and drops the older half of the history; says what went, for the error if that was not enough. */
  const rescue = (): string => {
    releaseReserve(reservePath);
    tolerateFull(() => sql.pragma('wal_checkpoint(PASSIVE)'));
    const history = opts.history();
    // Counted from the tables: a batch can fail part way and still have freed some.
    const before = history.map((t) => t.count());
    tolerateFull(() => trimTo(Math.floor(pageBytes().usedBytes / 2), false));
    const went = history
      .map((t, i) => ({ n: before[i] - t.count(), noun: t.shedNoun }))
      .filter((d) => d.n > 0)
      .map((d) => `${d.n} ${d.noun}${d.n === 1 ? '' : 's'}`);
    return went.length > 0 ? `, even after dropping ${went.join(' and ')}` : '';
  };

  const write = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (!isDiskFullError(err)) throw err;
    }
    const after = rescue();
    try {
      return fn();
    } catch (err) {
      if (!isDiskFullError(err)) throw err;
      throw new StoreFullError(`cannot ${what}: the disk holding the state store ${path} is full${after}; free some space there or set SPOOLSCOPE_DATA_DIR`);
    }
  };

  const connectAgain = (needs: { version: number; what: string }, pragmas: readonly string[] = []): StoreDb => {
    const other = new Database(path, connectOptions);
    try {
      other.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      for (const p of pragmas) other.pragma(p);
      const version = other.pragma('user_version', { simple: true }) as number;
      if (version < needs.version) throw new Error(`the state store ${path} has no ${needs.what} (schema ${version})`);
    } catch (err) {
      other.close();
      throw err;
    }
    // Same file, same rules: its writes are rescued by this connection's reserve and history.
    return { sql: other, path, now, write, tolerateFull, enforceCap, pageBytes, connectAgain, close: () => other.close() };
  };

  ensureReserve(reservePath, reserveBytes());
  return { sql, path, maxBytes, now, write, tolerateFull, enforceCap, pageBytes, connectAgain, close: () => sql.close() };
}
