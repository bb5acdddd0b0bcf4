// The nodes table: one row per node the store knows (this machine from the first migration, any other from
// its first saved root or SSH settings). Its creation time dates the node's default roots.
import type { StoreDb } from '../db';
import { statements } from './repository';

export interface NodeRepository {
  /** Adds the node if it is new; call it inside the write that needs the row. */
  ensure(node: string): void;
  /** When the node was first saved; 0 for this machine and for a node never saved. */
  createdAt(node: string): number;
}

export function createNodeRepository(db: StoreDb): NodeRepository {
  const q = statements(db, (sql) => ({
    createdAt: sql.prepare<[string], { created_at: number }>('SELECT created_at FROM nodes WHERE id = ?'),
    ensure: sql.prepare("INSERT OR IGNORE INTO nodes (id, label, kind, created_at) VALUES (?, ?, 'ssh', ?)"),
  }));
  return {
    ensure: (node) => void q().ensure.run(node, node, db.now()),
    createdAt: (node) => q().createdAt.get(node)?.created_at ?? 0,
  };
}
