// Reap plans kept for another process (table reap_plans): `spoolscope plan` saves one, `spoolscope reap
// PLANID` claims it. Each is used once and expires; only the newest few are kept, within a byte budget.
// A plan is one packed buffer (services/reap/reapPlanPacking.ts); the store does not look inside it.
import type { StoreDb } from '../db';
import { statements } from './repository';

export interface SavedReapPlan {
  planId: string;
  node: string;
  createdAt: number;
  expiresAt: number;
  packed: Buffer;
}

export interface KeepLimits {
  /** Plans kept, the newest first (the one being saved always). */
  plans: number;
  /** Bytes of packed plans kept, the newest first (the one being saved always). */
  bytes: number;
}

export type ReapPlanClaim = { packed: Buffer } | { missing: 'not_found' | 'executed' | 'expired' };

export interface ReapPlanRepository {
  /** Keeps a plan; drops expired ones and older ones past the limits. */
  save(plan: SavedReapPlan, keep: KeepLimits): void;
  /** Marks the plan used and returns it; the reason when it cannot be used. Atomic across processes. */
  take(planId: string, now: number): ReapPlanClaim;
}

export function createReapPlanRepository(db: StoreDb): ReapPlanRepository {
  const q = statements(db, (sql) => ({
    insert: sql.prepare('INSERT OR REPLACE INTO reap_plans (plan_id, node, created_at, expires_at, executed, packed_bytes, packed) VALUES (?, ?, ?, ?, 0, ?, ?)'),
    expired: sql.prepare('DELETE FROM reap_plans WHERE expires_at < ?'),
    newestFirst: sql.prepare<[], { plan_id: string; packed_bytes: number }>('SELECT plan_id, packed_bytes FROM reap_plans ORDER BY created_at DESC, rowid DESC'),
    delete: sql.prepare('DELETE FROM reap_plans WHERE plan_id = ?'),
    state: sql.prepare<[string], { executed: number; expires_at: number }>('SELECT executed, expires_at FROM reap_plans WHERE plan_id = ?'),
    claim: sql.prepare('UPDATE reap_plans SET executed = 1 WHERE plan_id = ? AND executed = 0 AND expires_at >= ?'),
    packed: sql.prepare<[string], { packed: Buffer | null }>('SELECT packed FROM reap_plans WHERE plan_id = ?'),
    release: sql.prepare('UPDATE reap_plans SET packed = NULL, packed_bytes = 0 WHERE plan_id = ?'),
  }));
  return {
    save(plan, keep) {
      db.write('keep the reap plan', () =>
        db.sql.transaction(() => {
          q().insert.run(plan.planId, plan.node, plan.createdAt, plan.expiresAt, plan.packed.length, plan.packed);
          q().expired.run(db.now());
          let plans = 0;
          let bytes = 0;
          for (const row of q().newestFirst.all()) {
            plans++;
            bytes += row.packed_bytes;
            const mine = row.plan_id === plan.planId;
            if (!mine && (plans > Math.max(1, keep.plans) || bytes > keep.bytes)) q().delete.run(row.plan_id);
          }
        })(),
      );
      // A large plan may push the store over its cap: scan history makes room, as for any other write.
      db.enforceCap();
    },
    take(planId, at) {
      // The UPDATE is the claim: of two processes racing for one plan, exactly one changes the row. The plan
      // is read in the same write transaction, so what is claimed is what is returned.
      const claim = db.write('mark the reap plan used', () =>
        db.sql
          .transaction((): ReapPlanClaim => {
            const row = q().state.get(planId);
            if (!row) return { missing: 'not_found' };
            if (q().claim.run(planId, at).changes !== 1) return { missing: row.expires_at < at ? 'expired' : 'executed' };
            const packed = q().packed.get(planId)?.packed ?? null;
            return packed ? { packed } : { missing: 'not_found' };
          })
          .immediate(),
      );
      // Used once: its bytes are housekeeping now, and a full disk must not turn the claim into a failure.
      if ('packed' in claim) db.tolerateFull(() => q().release.run(planId));
      return claim;
    },
  };
}
