// Alert thresholds per node (table alert_config), as JSON validated on the way in and out: a row written by
// another version falls back to the defaults field by field instead of failing.
import { AlertConfigSchema, type AlertConfig, type AlertConfigPatch } from '../../../shared/watchModels';
import type { StoreDb } from '../db';
import { statements } from './repository';

export interface AlertConfigRepository {
  get(node: string): AlertConfig;
  set(node: string, patch: AlertConfigPatch): AlertConfig;
}

export function createAlertConfigRepository(db: StoreDb): AlertConfigRepository {
  const q = statements(db, (sql) => ({
    read: sql.prepare<[string], { config: string }>('SELECT config FROM alert_config WHERE node = ?'),
    write: sql.prepare('INSERT OR REPLACE INTO alert_config (node, config) VALUES (?, ?)'),
  }));
  // Read on every watch sample: kept in memory, written through.
  const cache = new Map<string, AlertConfig>();
  const get = (node: string): AlertConfig => {
    const hit = cache.get(node);
    if (hit) return hit;
    let stored: Record<string, unknown> = {};
    try {
      const row = q().read.get(node);
      if (row) stored = JSON.parse(row.config) as Record<string, unknown>;
    } catch {
      stored = {};
    }
    const defaults = AlertConfigSchema.parse({});
    const merged = { ...defaults };
    for (const [k, v] of Object.entries(stored)) {
      const one = AlertConfigSchema.safeParse({ ...defaults, [k]: v });
      if (one.success && k in defaults) Object.assign(merged, { [k]: (one.data as Record<string, unknown>)[k] });
    }
    cache.set(node, merged);
    return merged;
  };
  return {
    get,
    set(node, patch) {
      const next = AlertConfigSchema.parse({ ...get(node), ...patch });
      db.write(`save the alert thresholds of ${node}`, () => q().write.run(node, JSON.stringify(next)));
      cache.set(node, next);
      return next;
    },
  };
}
