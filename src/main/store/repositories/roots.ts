// A node's roots: the defaults every node starts with (DEFAULT_ROOTS, from code, so a new default reaches
// every node without a migration) less those the user removed (removed_default_roots: the flag that keeps
// them removed across restarts), then the ones the user added (roots). Each root's physical identity, once
// known (root_identities), is what a reap plan checks the root is still the directory that was configured.
import type { Root } from '../../../shared/models';
import type { RootIdentity } from '../../../shared/reapModels';
import { DEFAULT_ROOTS } from '../../../shared/nodeNames';
import { normalizeRootPath } from '../../../shared/rootPath';
import type { StoreDb } from '../db';
import { createNodeRepository } from './nodes';
import { statements } from './repository';

export interface RootRepository {
  list(node: string): Root[];
  /**
   * Idempotent. Re-adding a removed default root restores it. `identity`: the root as resolved on the node
   * now (null when it does not exist yet there); it never replaces one already recorded, so re-adding a
   * root cannot quietly accept a change: removing it first can.
   */
  add(node: string, path: string, identity?: RootIdentity | null): Root[];
  /** Forgets the root and its identity. */
  remove(node: string, path: string): Root[];
  /** The root's recorded physical identity; null when none is recorded yet. */
  identity(node: string, path: string): RootIdentity | null;
  /** Records the identity unless one is recorded already (trust on first use); true when this one was. */
  recordIdentity(node: string, path: string, identity: RootIdentity): boolean;
}

const isDefaultRoot = (path: string) => DEFAULT_ROOTS.includes(path);

export function createRootRepository(db: StoreDb): RootRepository {
  const nodes = createNodeRepository(db);
  const q = statements(db, (sql) => ({
    added: sql.prepare<[string], { path: string; added_at: number }>('SELECT path, added_at FROM roots WHERE node = ? ORDER BY added_at, path'),
    removedDefaults: sql.prepare<[string], { path: string }>('SELECT path FROM removed_default_roots WHERE node = ?'),
    insert: sql.prepare('INSERT OR IGNORE INTO roots (node, path, added_at) VALUES (?, ?, ?)'),
    delete: sql.prepare('DELETE FROM roots WHERE node = ? AND path = ?'),
    hideDefault: sql.prepare('INSERT OR IGNORE INTO removed_default_roots (node, path, removed_at) VALUES (?, ?, ?)'),
    unhideDefault: sql.prepare('DELETE FROM removed_default_roots WHERE node = ? AND path = ?'),
    identity: sql.prepare<[string, string], { phys_path: Buffer; dev: number; ino: number; mount_id: number }>('SELECT phys_path, dev, ino, mount_id FROM root_identities WHERE node = ? AND path = ?'),
    recordIdentity: sql.prepare('INSERT OR IGNORE INTO root_identities (node, path, phys_path, dev, ino, mount_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    forgetIdentity: sql.prepare('DELETE FROM root_identities WHERE node = ? AND path = ?'),
  }));
  // The physical path is raw bytes (a latin1 string here): kept as a BLOB, byte for byte.
  const record = (node: string, p: string, id: RootIdentity) => q().recordIdentity.run(node, p, Buffer.from(id.path, 'latin1'), id.dev, id.ino, id.mountId, db.now()).changes === 1;

  const list = (node: string): Root[] => {
    const removed = new Set(q().removedDefaults.all(node).map((r) => r.path));
    const createdAt = nodes.createdAt(node);
    const defaults = DEFAULT_ROOTS.filter((p) => !removed.has(p)).map((p) => ({ path: p, addedAt: createdAt, isDefault: true }));
    const added = q().added.all(node).map((r) => ({ path: r.path, addedAt: r.added_at, isDefault: false }));
    return [...defaults, ...added];
  };

  return {
    list,
    add(node, rawPath, identity = null) {
      const p = normalizeRootPath(rawPath);
      db.write(`add the root ${p}`, () =>
        db.sql.transaction(() => {
          nodes.ensure(node);
          if (isDefaultRoot(p)) q().unhideDefault.run(node, p);
          else q().insert.run(node, p, db.now());
          if (identity) record(node, p, identity);
        })(),
      );
      return list(node);
    },
    remove(node, rawPath) {
      const p = normalizeRootPath(rawPath);
      db.write(`remove the root ${p}`, () =>
        db.sql.transaction(() => {
          nodes.ensure(node);
          // A removed default is remembered as a flag, or it would come back on the next start.
          if (isDefaultRoot(p)) q().hideDefault.run(node, p, db.now());
          q().delete.run(node, p);
          q().forgetIdentity.run(node, p);
        })(),
      );
      return list(node);
    },
    identity(node, rawPath) {
      const row = q().identity.get(node, normalizeRootPath(rawPath));
      return row ? { path: row.phys_path.toString('latin1'), dev: row.dev, ino: row.ino, mountId: row.mount_id } : null;
    },
    recordIdentity(node, rawPath, identity) {
      const p = normalizeRootPath(rawPath);
      return db.write(`record the identity of the root ${p}`, () => record(node, p, identity));
    },
  };
}
