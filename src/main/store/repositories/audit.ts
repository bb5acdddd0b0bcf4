// The audit log: an intent row before every destructive action and a result row after (table audit). Kept
// to a row count, and dropped by the store's cap only once no scan history is left.
import type { Sheddable, StoreDb } from '../db';
import { statements } from './repository';

/** The audit log keeps this many newest rows; older ones are dropped as new ones arrive. */
export const MAX_AUDIT_ROWS = 10_000;

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

export interface AuditRepository extends Sheddable {
  /** Writes one row and returns its id. Throws (StoreFullError on a full disk) when it cannot. */
  append(row: AuditRowInput): number;
  /** Newest first. */
  list(node: string, limit: number): AuditRow[];
}

type Phase = AuditRow['phase'];

export function createAuditRepository(db: StoreDb): AuditRepository {
  const q = statements(db, (sql) => ({
    insert: sql.prepare('INSERT INTO audit (at, node, action, phase, plan_id, detail) VALUES (?, ?, ?, ?, ?, ?)'),
    list: sql.prepare<[string, number], { id: number; at: number; node: string; action: string; phase: Phase; plan_id: string | null; detail: string | null }>(
      'SELECT id, at, node, action, phase, plan_id, detail FROM audit WHERE node = ? ORDER BY id DESC LIMIT ?',
    ),
    count: sql.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit'),
    // Never the newest row: it is the one just written.
    oldest: sql.prepare<[number], { id: number }>('SELECT id FROM audit WHERE id < (SELECT max(id) FROM audit) ORDER BY id LIMIT ?'),
    deleteUpTo: sql.prepare('DELETE FROM audit WHERE id <= ?'),
    deleteBefore: sql.prepare('DELETE FROM audit WHERE id < ?'),
  }));
  const count = () => q().count.get()!.n;

  return {
    shedNoun: 'old audit row',
    count,
    append(row) {
      const detail = row.detail === undefined ? null : JSON.stringify(row.detail);
      const id = db.write(`write the audit log (${row.action} ${row.phase})`, () =>
        Number(q().insert.run(row.at ?? db.now(), row.node, row.action, row.phase, row.planId, detail).lastInsertRowid),
      );
      // The row is written: trimming is housekeeping and must not turn it into a failure.
      db.tolerateFull(() => q().deleteBefore.run(id - MAX_AUDIT_ROWS + 1));
      // History goes before audit rows, but never the latest scan.
      db.enforceCap();
      return id;
    },
    list(node, limit) {
      const n = Math.max(1, Math.min(MAX_AUDIT_ROWS, Math.trunc(limit) || 1));
      return q()
        .list.all(node, n)
        .map((r) => ({
          id: r.id,
          at: r.at,
          node: r.node,
          action: r.action,
          phase: r.phase,
          planId: r.plan_id,
          detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
        }));
    },
    // The newest row stays whatever is asked: it is the one just written (an action's intent, maybe).
    dropOldest() {
      const ids = q().oldest.all(Math.max(1, Math.floor(count() / 20))).map((r) => r.id);
      if (ids.length === 0) return 0;
      return q().deleteUpTo.run(ids[ids.length - 1]).changes;
    },
  };
}
