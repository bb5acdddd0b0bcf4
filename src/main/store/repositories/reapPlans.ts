// Reap plans kept for another process (table reap_plans): `spoolscope plan` saves one, `spoolscope reap
// PLANID` claims it. Each is used once and expires; only the newest few are kept.
import type { StoreDb } from '../db';
import { statements } from './repository';

export interface SavedReapPlan {
  planId: string;
  node: string;
  createdAt: number;
  expiresAt: number;
  /** JSON: the plan and the executor's steps. */
  body: string;
}

export interface ReapPlanRepository {
  /** Keeps a plan; drops expired ones and all but the newest `keep`. */
  save(plan: SavedReapPlan, keep: number): void;
  /** Marks the plan used and returns it; the reason when it cannot be used. Atomic across processes. */
  take(planId: string, now: number): { body: string } | { missing: 'not_found' | 'executed' | 'expired' };
}

export function createReapPlanRepository(db: StoreDb): ReapPlanRepository {
  const q = statements(db, (sql) => ({
    insert: sql.prepare('INSERT OR REPLACE INTO reap_plans (plan_id, node, created_at, expires_at, executed, body) VALUES (?, ?, ?, ?, 0, ?)'),
    prune: sql.prepare('DELETE FROM reap_plans WHERE expires_at < ? OR plan_id NOT IN (SELECT plan_id FROM reap_plans ORDER BY created_at DESC LIMIT ?)'),
    take: sql.prepare('UPDATE reap_plans SET executed = 1 WHERE plan_id = ? AND executed = 0 AND expires_at >= ?'),
    get: sql.prepare<[string], { body: string; executed: number; expires_at: number }>('SELECT body, executed, expires_at FROM reap_plans WHERE plan_id = ?'),
  }));
  return {
    save(plan, keep) {
      db.write('keep the reap plan', () =>
        db.sql.transaction(() => {
          q().insert.run(plan.planId, plan.node, plan.createdAt, plan.expiresAt, plan.body);
          q().prune.run(db.now(), Math.max(1, keep));
        })(),
      );
    },
    take(planId, at) {
      const row = q().get.get(planId);
      if (!row) return { missing: 'not_found' };
      // The UPDATE is the claim: of two processes racing for one plan, exactly one changes the row.
      const taken = db.write('mark the reap plan used', () => q().take.run(planId, at).changes === 1);
      if (taken) return { body: row.body };
      return { missing: row.expires_at < at ? 'expired' : 'executed' };
    },
  };
}
