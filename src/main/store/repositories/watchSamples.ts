// The live watch's history (table watch_samples): a filesystem's used bytes and a root's partition sizes,
// at most one row per series per minute. It has a retention and a byte cap of its own, so a long watch can
// never grow the store past what was planned. Its writes do not go through db.write: history is telemetry,
// so a write that meets a full disk is dropped and counted (the watch goes on) and never takes the reserve
// that is kept for the operator's own writes.
import type { HistorySeries } from '../../../shared/watchModels';
import { isDiskFullError, type StoreDb } from '../db';
import { statements } from './repository';

export const DEFAULT_HISTORY_RETENTION_MS = 8 * 24 * 3600_000;
export const DEFAULT_HISTORY_MAX_BYTES = 16 * 1024 * 1024;
export const DEFAULT_HISTORY_MIN_INTERVAL_MS = 60_000;
/** Trim to this share of the cap, so a history at the cap is not trimmed on every write. */
const TRIM_TARGET = 0.8;
/** Series whose last write time is remembered (for the per-series interval); the oldest are forgotten. */
const MAX_TRACKED_SERIES = 20_000;

export interface WatchSampleRow {
  kind: 'fs' | 'part';
  /** Mount point for 'fs', root for 'part'. */
  scope: string;
  /** '' for 'fs'; partition path relative to the root for 'part'. */
  path: string;
  bytes: number;
}

export interface WatchSampleOptions {
  retentionMs?: number;
  maxBytes?: number;
  /** At most one row per series per this interval. */
  minIntervalMs?: number;
  /** Defaults to the store's clock. */
  now?: () => number;
}

export interface WatchSampleStats {
  rows: number;
  /** Pages the table and its index take (dbstat). */
  bytes: number;
  /** Rows not written: the disk was full. */
  droppedWrites: number;
}

export interface WatchSampleRepository {
  /** Writes the rows due (per-series interval); returns how many were written. */
  record(node: string, rows: readonly WatchSampleRow[], at: number): number;
  /** Drops rows past the retention, then the oldest rows until the table fits its cap. */
  enforce(): { expired: number; capped: number };
  series(node: string, kind: 'fs' | 'part', scope: string, fromAt: number, maxPoints: number, maxSeries: number): HistorySeries[];
  stats(): WatchSampleStats;
  readonly retentionMs: number;
  readonly maxBytes: number;
}

export function createWatchSampleRepository(db: StoreDb, opts: WatchSampleOptions = {}): WatchSampleRepository {
  const retentionMs = opts.retentionMs ?? DEFAULT_HISTORY_RETENTION_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_HISTORY_MAX_BYTES;
  const minIntervalMs = opts.minIntervalMs ?? DEFAULT_HISTORY_MIN_INTERVAL_MS;
  const now = opts.now ?? db.now;
  const q = statements(db, (sql) => {
    const insert = sql.prepare('INSERT OR REPLACE INTO watch_samples (node, kind, scope, path, at, bytes) VALUES (?, ?, ?, ?, ?, ?)');
    return {
      insertMany: sql.transaction((node: string, rows: readonly WatchSampleRow[], at: number) => {
        for (const r of rows) insert.run(node, r.kind, r.scope, r.path, Math.round(at), Math.round(r.bytes));
      }),
      expire: sql.prepare('DELETE FROM watch_samples WHERE at < ?'),
      count: sql.prepare<[], { n: number }>('SELECT count(*) AS n FROM watch_samples'),
      size: sql.prepare<[], { b: number | null }>("SELECT sum(pgsize) AS b FROM dbstat WHERE name IN ('watch_samples', 'watch_samples_by_at')"),
      // The at of the row `n` rows from the oldest: everything before it goes in one statement.
      nthOldest: sql.prepare<[number], { at: number }>('SELECT at FROM watch_samples ORDER BY at LIMIT 1 OFFSET ?'),
      deleteBefore: sql.prepare('DELETE FROM watch_samples WHERE at <= ?'),
      topParts: sql.prepare<[string, string, number, number], { path: string }>(
        `SELECT path FROM watch_samples WHERE node = ? AND kind = 'part' AND scope = ? AND at >= ?
         GROUP BY path ORDER BY max(bytes) - min(bytes) DESC, max(bytes) DESC LIMIT ?`,
      ),
      points: sql.prepare<[string, string, string, string, number, number], { at: number; bytes: number }>(
        `SELECT max(at) AS at, max(bytes) AS bytes FROM watch_samples
         WHERE node = ? AND kind = ? AND scope = ? AND path = ? AND at >= ?
         GROUP BY at / CAST(? AS INTEGER) ORDER BY at`,
      ),
    };
  });
  const lastWrite = new Map<string, number>();
  let droppedWrites = 0;
  let writesSinceEnforce = 0;

  const tableBytes = () => q().size.get()?.b ?? 0;

  const repo: WatchSampleRepository = {
    retentionMs,
    maxBytes,
    record(node, rows, at) {
      const due = rows.filter((r) => {
        const key = `${node}\0${r.kind}\0${r.scope}\0${r.path}`;
        const last = lastWrite.get(key);
        if (last !== undefined && at - last < minIntervalMs) return false;
        lastWrite.delete(key);
        lastWrite.set(key, at);
        if (lastWrite.size > MAX_TRACKED_SERIES) lastWrite.delete(lastWrite.keys().next().value as string);
        return true;
      });
      if (due.length === 0) return 0;
      try {
        q().insertMany(node, due, at);
      } catch (err) {
        if (!isDiskFullError(err)) throw err;
        droppedWrites += due.length;
        // Room for the next write comes from our own rows first.
        try {
          repo.enforce();
        } catch {
          // still full: the next sample tries again
        }
        return 0;
      }
      writesSinceEnforce += due.length;
      // dbstat walks the table's pages: check the cap every few hundred rows, not on every write.
      if (writesSinceEnforce >= 500) repo.enforce();
      return due.length;
    },
    enforce() {
      writesSinceEnforce = 0;
      const expired = q().expire.run(now() - retentionMs).changes;
      let capped = 0;
      for (let pass = 0; pass < 20 && tableBytes() > maxBytes; pass++) {
        const rows = q().count.get()!.n;
        if (rows === 0) break;
        // Drop the share of rows the table is over its target, oldest first (at least one row).
        const share = 1 - (maxBytes * TRIM_TARGET) / tableBytes();
        const n = Math.max(1, Math.ceil(rows * share));
        const cut = q().nthOldest.get(Math.min(rows - 1, n - 1));
        if (!cut) break;
        capped += q().deleteBefore.run(cut.at).changes;
      }
      if (capped > 0 || expired > 0) db.sql.pragma('incremental_vacuum');
      return { expired, capped };
    },
    series(node, kind, scope, fromAt, maxPoints, maxSeries) {
      const bucket = Math.max(1, Math.ceil((now() - fromAt) / maxPoints));
      const paths = kind === 'fs' ? [''] : q().topParts.all(node, scope, fromAt, maxSeries).map((r) => r.path);
      return paths.map((path) => ({
        key: kind === 'fs' ? `fs:${scope}` : `part:${path}`,
        label: kind === 'fs' ? scope : path,
        points: q().points.all(node, kind, scope, path, fromAt, bucket),
      }));
    },
    stats() {
      return { rows: q().count.get()!.n, bytes: tableBytes(), droppedWrites };
    },
  };
  return repo;
}
