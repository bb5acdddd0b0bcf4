// A data store's tool actions kept for another process (table store_actions): `spoolscope stores` mints them,
// `spoolscope act ACTION_ID` claims one. Each is used once and expires; only the newest few hundred are kept.
// The body is the action as JSON (core/storeActions/toolActionSpec.ts); the store does not look inside it.
import type { StoreDb } from '../db';
import { statements } from './repository';

export interface SavedStoreAction {
  actionId: string;
  node: string;
  createdAt: number;
  expiresAt: number;
  /** JSON. */
  body: string;
}

export type StoreActionLookup = { body: string } | { missing: 'not_found' | 'used' | 'expired' };

export interface StoreActionRepository {
  /** Keeps the actions of one listing in one transaction; drops expired ones and the oldest past `keep`. */
  save(actions: readonly SavedStoreAction[], keep: number): void;
  /** The action without claiming it (a dry run), or why it cannot be used. */
  peek(actionId: string, now: number): StoreActionLookup;
  /** Marks the action used and returns it, or why it cannot be used. Atomic across processes. */
  take(actionId: string, now: number): StoreActionLookup;
}

export function createStoreActionRepository(db: StoreDb): StoreActionRepository {
  const q = statements(db, (sql) => ({
    insert: sql.prepare('INSERT OR REPLACE INTO store_actions (action_id, node, created_at, expires_at, used, body) VALUES (?, ?, ?, ?, 0, ?)'),
    expired: sql.prepare('DELETE FROM store_actions WHERE expires_at < ?'),
    // Past the newest `keep` (the ones just saved are the newest), oldest first.
    overflow: sql.prepare('DELETE FROM store_actions WHERE action_id IN (SELECT action_id FROM store_actions ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET ?)'),
    get: sql.prepare<[string], { used: number; expires_at: number; body: string }>('SELECT used, expires_at, body FROM store_actions WHERE action_id = ?'),
    claim: sql.prepare('UPDATE store_actions SET used = 1 WHERE action_id = ? AND used = 0 AND expires_at >= ?'),
  }));
  const judge = (row: { used: number; expires_at: number } | undefined, now: number): StoreActionLookup | null => {
    if (!row) return { missing: 'not_found' };
    if (row.used) return { missing: 'used' };
    if (row.expires_at < now) return { missing: 'expired' };
    return null;
  };
  return {
    save(actions, keep) {
      if (actions.length === 0) return;
      db.write('keep the data stores\' tool actions', () =>
        db.sql.transaction(() => {
          for (const a of actions) q().insert.run(a.actionId, a.node, a.createdAt, a.expiresAt, a.body);
          q().expired.run(db.now());
          q().overflow.run(Math.max(actions.length, keep));
        })(),
      );
      db.enforceCap();
    },
    peek(actionId, now) {
      const row = q().get.get(actionId);
      return judge(row, now) ?? { body: row!.body };
    },
    take(actionId, now) {
      // The UPDATE is the claim: of two processes racing for one action, exactly one changes the row.
      return db.write('mark the tool action used', () =>
        db.sql
          .transaction((): StoreActionLookup => {
            const row = q().get.get(actionId);
            const missing = judge(row, now);
            if (missing) return missing;
            if (q().claim.run(actionId, now).changes !== 1) return { missing: 'used' };
            return { body: row!.body };
          })
          .immediate(),
      );
    },
  };
}
