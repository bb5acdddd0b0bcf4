// Scan history (table scan_history): one row per scan of a root with its totals and every partition and
// directory total packed in one buffer (services/history/historyPacking.ts), for scan diffs. Held to a byte
// budget of its own (the oldest scans go first, never the one just recorded) and, like the snapshots, dropped
// oldest first when the store must shrink.
import { normalizeRootPathLenient } from '../../../shared/rootPath';
import type { Sheddable, StoreDb } from '../db';
import { statements } from './repository';

export interface StoredScanRow {
  id: number;
  node: string;
  root: string;
  scannedAt: number;
  allocatedBytes: number;
  apparentBytes: number;
  files: number;
  entries: number;
  cutEntries: number;
  partial: boolean;
  /** null for a live scan; the file name of an import. */
  source: string | null;
  packedBytes: number;
}

export type NewStoredScan = Omit<StoredScanRow, 'id' | 'packedBytes'>;

export interface ScanHistoryRepository extends Sheddable {
  /** Keeps a scan; drops the oldest scans (of any root) while the history is over its budget. Returns its id. */
  record(scan: NewStoredScan, packed: Buffer): number;
  /** Newest first. */
  list(node: string, root: string, limit: number): StoredScanRow[];
  /** The newest scan of the root recorded at or before `at` (any time when omitted), other than `exceptId`. */
  atOrBefore(node: string, root: string, at: number | null, exceptId?: number): StoredScanRow | null;
  /** One stored scan by id; null when it was dropped (or never was). */
  get(id: number): StoredScanRow | null;
  /** The packed entries of a scan; null when it was dropped since. */
  packed(id: number): Buffer | null;
  /** Bytes of packed entries kept, all roots. */
  packedBytes(): number;
}

interface Row {
  id: number;
  node: string;
  root: string;
  scanned_at: number;
  allocated_bytes: number;
  apparent_bytes: number;
  files: number;
  entries: number;
  cut_entries: number;
  partial: number;
  source: string | null;
  packed_bytes: number;
}

const COLUMNS = 'id, node, root, scanned_at, allocated_bytes, apparent_bytes, files, entries, cut_entries, partial, source, packed_bytes';

function fromRow(r: Row): StoredScanRow {
  return {
    id: r.id,
    node: r.node,
    root: r.root,
    scannedAt: r.scanned_at,
    allocatedBytes: r.allocated_bytes,
    apparentBytes: r.apparent_bytes,
    files: r.files,
    entries: r.entries,
    cutEntries: r.cut_entries,
    partial: r.partial !== 0,
    source: r.source,
    packedBytes: r.packed_bytes,
  };
}

export interface ScanHistoryOptions {
  /** Packed bytes the history may hold, all roots together. */
  budgetBytes: number;
}

export function createScanHistoryRepository(db: StoreDb, opts: ScanHistoryOptions): ScanHistoryRepository {
  const q = statements(db, (sql) => ({
    insert: sql.prepare(
      `INSERT INTO scan_history (node, root, scanned_at, allocated_bytes, apparent_bytes, files, entries, cut_entries, partial, source, packed_bytes, packed)
       VALUES (@node, @root, @scannedAt, @allocatedBytes, @apparentBytes, @files, @entries, @cutEntries, @partial, @source, @packedBytes, @packed)`,
    ),
    list: sql.prepare<[string, string, number], Row>(`SELECT ${COLUMNS} FROM scan_history WHERE node = ? AND root = ? ORDER BY scanned_at DESC, id DESC LIMIT ?`),
    atOrBefore: sql.prepare<[string, string, number, number], Row>(
      `SELECT ${COLUMNS} FROM scan_history WHERE node = ? AND root = ? AND scanned_at <= ? AND id != ? ORDER BY scanned_at DESC, id DESC LIMIT 1`,
    ),
    get: sql.prepare<[number], Row>(`SELECT ${COLUMNS} FROM scan_history WHERE id = ?`),
    packed: sql.prepare<[number], { packed: Buffer }>('SELECT packed FROM scan_history WHERE id = ?'),
    total: sql.prepare<[], { n: number | null }>('SELECT sum(packed_bytes) AS n FROM scan_history'),
    count: sql.prepare<[], { n: number }>('SELECT count(*) AS n FROM scan_history'),
    newest: sql.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM scan_history'),
    oldest: sql.prepare<[number, number], { id: number; packed_bytes: number }>('SELECT id, packed_bytes FROM scan_history WHERE id != ? ORDER BY scanned_at, id LIMIT ?'),
    delete: sql.prepare('DELETE FROM scan_history WHERE id = ?'),
  }));
  const count = () => q().count.get()!.n;
  const packedBytes = () => q().total.get()?.n ?? 0;
  const drop = (ids: number[]) => db.sql.transaction(() => ids.forEach((id) => q().delete.run(id)))();

  return {
    shedNoun: 'old stored scan',
    count,
    packedBytes,
    record(scan, packed) {
      const root = normalizeRootPathLenient(scan.root);
      const id = db.write(`keep the history of the scan of ${root}`, () =>
        db.sql.transaction(() => {
          const info = q().insert.run({ ...scan, root, partial: scan.partial ? 1 : 0, packedBytes: packed.length, packed });
          const newId = Number(info.lastInsertRowid);
          // Oldest first until the rest fits: one read of the sizes, no buffer touched.
          let over = packedBytes() - opts.budgetBytes;
          while (over > 0) {
            const batch = q().oldest.all(newId, 64);
            if (batch.length === 0) break;
            for (const r of batch) {
              if (over <= 0) break;
              q().delete.run(r.id);
              over -= r.packed_bytes;
            }
          }
          return newId;
        })(),
      );
      db.enforceCap();
      return id;
    },
    list(node, root, limit) {
      const n = Math.max(1, Math.min(10_000, Math.trunc(limit) || 1));
      return q().list.all(node, normalizeRootPathLenient(root), n).map(fromRow);
    },
    atOrBefore(node, root, at, exceptId = -1) {
      const r = q().atOrBefore.get(node, normalizeRootPathLenient(root), at ?? Number.MAX_SAFE_INTEGER, exceptId);
      return r ? fromRow(r) : null;
    },
    get(id) {
      const r = q().get.get(id);
      return r ? fromRow(r) : null;
    },
    packed(id) {
      return q().packed.get(id)?.packed ?? null;
    },
    dropOldest(spareNewest) {
      const keep = spareNewest ? (q().newest.get()?.id ?? -1) : -1;
      const ids = q().oldest.all(keep, Math.max(1, Math.floor(count() / 20))).map((r) => r.id);
      if (ids.length > 0) drop(ids);
      return ids.length;
    },
  };
}
