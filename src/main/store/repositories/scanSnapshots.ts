// Scan history: one scan_snapshots row per completed scan and one partition_sizes row per partition it
// listed, for growth history and the fleet's largest root. The first thing the store drops when it must
// shrink (its cap, or room on a full disk), oldest first.
import type { ScanSummary } from '../../../shared/models';
import { normalizeRootPathLenient } from '../../../shared/rootPath';
import type { Sheddable, StoreDb } from '../db';
import { statements } from './repository';

export interface ScanSnapshotInfo {
  id: number;
  at: number;
  allocatedBytes: number;
  /** Partitions detected in that scan, including those summed into "more". */
  partitions: number;
}

export interface ScanSnapshotRepository extends Sheddable {
  /** One snapshot row plus one row per listed partition; then enforces the store's byte cap. */
  record(node: string, summary: ScanSummary, at: number): void;
  /** Newest first. */
  list(node: string, root: string, limit: number): ScanSnapshotInfo[];
}

export function createScanSnapshotRepository(db: StoreDb): ScanSnapshotRepository {
  const q = statements(db, (sql) => {
    const deletePartitions = sql.prepare('DELETE FROM partition_sizes WHERE snapshot_id = ?');
    const deleteSnapshot = sql.prepare('DELETE FROM scan_snapshots WHERE id = ?');
    return {
      insert: sql.prepare(
        `INSERT INTO scan_snapshots (node, root, at, allocated_bytes, apparent_bytes, files, dirs, partitions, more_partitions, more_allocated_bytes, partial)
         VALUES (@node, @root, @at, @allocated, @apparent, @files, @dirs, @partitions, @more, @moreAllocated, @partial)`,
      ),
      insertPartition: sql.prepare(
        `INSERT OR REPLACE INTO partition_sizes (snapshot_id, path, kind, allocated_bytes, apparent_bytes, files, newest_mtime)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      list: sql.prepare<[string, string, number], { id: number; at: number; allocated_bytes: number; partitions: number }>(
        'SELECT id, at, allocated_bytes, partitions FROM scan_snapshots WHERE node = ? AND root = ? ORDER BY at DESC, id DESC LIMIT ?',
      ),
      count: sql.prepare<[], { n: number }>('SELECT count(*) AS n FROM scan_snapshots'),
      // The newest is the one recorded last (ids only grow: AUTOINCREMENT), whatever its `at`.
      newest: sql.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM scan_snapshots'),
      oldest: sql.prepare<[number, number], { id: number }>('SELECT id FROM scan_snapshots WHERE id != ? ORDER BY at, id LIMIT ?'),
      // Explicit deletes rather than ON DELETE CASCADE: one statement per table is cheap and does not depend
      // on the foreign_keys pragma being on for whoever opened the file.
      delete: sql.transaction((ids: number[]) => {
        for (const id of ids) {
          deletePartitions.run(id);
          deleteSnapshot.run(id);
        }
      }),
    };
  });
  const count = () => q().count.get()!.n;

  return {
    shedNoun: 'old scan snapshot',
    count,
    record(node, summary, at) {
      const root = normalizeRootPathLenient(summary.root);
      db.write(`record the scan of ${root}`, () =>
        db.sql.transaction(() => {
          const info = q().insert.run({
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
            q().insertPartition.run(snapshotId, p.path, p.kind, p.allocatedBytes, p.apparentBytes, p.files, p.newestMtime);
          }
        })(),
      );
      // The snapshot just written is the newest: the cap never drops it.
      db.enforceCap();
    },
    list(node, root, limit) {
      const n = Math.max(1, Math.min(10_000, Math.trunc(limit) || 1));
      return q()
        .list.all(node, normalizeRootPathLenient(root), n)
        .map((r) => ({ id: r.id, at: r.at, allocatedBytes: r.allocated_bytes, partitions: r.partitions }));
    },
    dropOldest(spareNewest) {
      const keep = spareNewest ? (q().newest.get()?.id ?? -1) : -1;
      // Batches of about 5%: few passes on a big store, little over-trimming on a small one.
      const ids = q().oldest.all(keep, Math.max(1, Math.floor(count() / 20))).map((r) => r.id);
      if (ids.length > 0) q().delete(ids);
      return ids.length;
    },
  };
}
