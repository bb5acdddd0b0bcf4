// A root's saved reap policy (table reap_policies): size cap, age and newest-N floor, as validated JSON.
import { ReapPolicySchema, type ReapPolicy } from '../../../shared/reapModels';
import { normalizeRootPath } from '../../../shared/rootPath';
import type { StoreDb } from '../db';
import { statements } from './repository';

export interface ReapPolicyRepository {
  /** The saved policy of a root, or the defaults (no cap, no age, keep the newest 2). */
  get(node: string, root: string): ReapPolicy;
  set(node: string, root: string, policy: ReapPolicy): ReapPolicy;
}

export function createReapPolicyRepository(db: StoreDb): ReapPolicyRepository {
  const q = statements(db, (sql) => ({
    get: sql.prepare<[string, string], { policy: string }>('SELECT policy FROM reap_policies WHERE node = ? AND root = ?'),
    set: sql.prepare('INSERT OR REPLACE INTO reap_policies (node, root, policy, updated_at) VALUES (?, ?, ?, ?)'),
  }));
  return {
    get(node, root) {
      const row = q().get.get(node, normalizeRootPath(root));
      let stored: unknown;
      try {
        stored = row ? JSON.parse(row.policy) : {};
      } catch {
        stored = {};
      }
      // A row another version wrote that no longer validates falls back to the defaults.
      const parsed = ReapPolicySchema.safeParse(stored);
      return parsed.success ? parsed.data : ReapPolicySchema.parse({});
    },
    set(node, root, policy) {
      const p = normalizeRootPath(root);
      const valid = ReapPolicySchema.parse(policy);
      db.write(`save the reap policy of ${p}`, () => q().set.run(node, p, JSON.stringify(valid), db.now()));
      return valid;
    },
  };
}
