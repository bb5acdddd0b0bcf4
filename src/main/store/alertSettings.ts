// Alert thresholds per node (table alert_config, migration 5), as JSON validated on the way in and out:
// a row written by another version falls back to the defaults field by field instead of failing.
import type Database from 'better-sqlite3';
import { AlertConfigSchema, type AlertConfig, type AlertConfigPatch } from '../../shared/watchModels';

export interface AlertSettings {
  get(node: string): AlertConfig;
  set(node: string, patch: AlertConfigPatch): AlertConfig;
}

export function createAlertSettings(db: Database.Database): AlertSettings {
  const read = db.prepare<[string], { config: string }>('SELECT config FROM alert_config WHERE node = ?');
  const write = db.prepare('INSERT OR REPLACE INTO alert_config (node, config) VALUES (?, ?)');
  const cache = new Map<string, AlertConfig>();
  const get = (node: string): AlertConfig => {
    const hit = cache.get(node);
    if (hit) return hit;
    let stored: Record<string, unknown> = {};
    try {
      const row = read.get(node);
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
      write.run(node, JSON.stringify(next));
      cache.set(node, next);
      return next;
    },
  };
}
