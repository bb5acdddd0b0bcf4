// A node's roots: the defaults every node starts with (DEFAULT_ROOTS, from code, so a new default reaches
// every node without a migration) less those the user removed (removed_default_roots: the flag that keeps
// them removed across restarts), then the ones the user added (roots).
import type { Root } from '../../../shared/models';
import { DEFAULT_ROOTS } from '../../../shared/nodeNames';
import { normalizeRootPath } from '../../../shared/rootPath';
import type { StoreDb } from '../db';
import { createNodeRepository } from './nodes';
import { statements } from './repository';

export interface RootRepository {
  list(node: string): Root[];
  /** Idempotent. Re-adding a removed default root restores it. */
  add(node: string, path: string): Root[];
  remove(node: string, path: string): Root[];
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
  }));

  const list = (node: string): Root[] => {
    const removed = new Set(q().removedDefaults.all(node).map((r) => r.path));
    const createdAt = nodes.createdAt(node);
    const defaults = DEFAULT_ROOTS.filter((p) => !removed.has(p)).map((p) => ({ path: p, addedAt: createdAt, isDefault: true }));
    const added = q().added.all(node).map((r) => ({ path: r.path, addedAt: r.added_at, isDefault: false }));
    return [...defaults, ...added];
  };

  return {
    list,
    add(node, rawPath) {
      const p = normalizeRootPath(rawPath);
      db.write(`add the root ${p}`, () =>
        db.sql.transaction(() => {
          nodes.ensure(node);
          if (isDefaultRoot(p)) q().unhideDefault.run(node, p);
          else q().insert.run(node, p, db.now());
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
        })(),
      );
      return list(node);
    },
  };
}
