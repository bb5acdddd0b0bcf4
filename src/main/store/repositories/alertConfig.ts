// Alert thresholds per node (table alert_config), as versioned JSON validated on the way in and out: a
// field another version wrote wrongly falls back to its default alone instead of failing the whole row.
//
// Versions of the stored shape:
// - 1 (no `version` field): held bytes as absolute thresholds, `heldWarnBytes` and `heldCriticalBytes`.
// - 2: held bytes relative to the filesystem's size, each level the smaller of a share and a cap
//   (`heldWarnShare` / `heldWarnMaxBytes`, `heldCriticalShare` / `heldCriticalMaxBytes`). A version 1 row is
//   converted on read: its absolute threshold becomes the cap and the share is the default, so a threshold
//   an operator raised still bounds that level, and a small filesystem now warns at its own scale.
import { AlertConfigSchema, type AlertConfig, type AlertConfigPatch } from '../../../shared/watchModels';
import type { StoreDb } from '../db';
import { statements } from './repository';

export const ALERT_CONFIG_VERSION = 2;

export interface AlertConfigRepository {
  get(node: string): AlertConfig;
  set(node: string, patch: AlertConfigPatch): AlertConfig;
}

/** A version 1 row's fields in version 2 terms. */
function fromVersion1(stored: Record<string, unknown>): Record<string, unknown> {
  const { heldWarnBytes, heldCriticalBytes, ...rest } = stored;
  return { ...rest, heldWarnMaxBytes: heldWarnBytes, heldCriticalMaxBytes: heldCriticalBytes };
}

/** The settings a stored row holds (parsed JSON of any version, or anything else), defaults filling the gaps. */
export function alertConfigFromStored(stored: unknown): AlertConfig {
  const defaults = AlertConfigSchema.parse({});
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return defaults;
  const row = stored as Record<string, unknown>;
  const fields = row.version === undefined ? fromVersion1(row) : row;
  const merged = { ...defaults };
  for (const [k, v] of Object.entries(fields)) {
    if (!(k in defaults) || v === undefined) continue;
    const one = AlertConfigSchema.safeParse({ ...defaults, [k]: v });
    if (one.success) Object.assign(merged, { [k]: (one.data as Record<string, unknown>)[k] });
  }
  return merged;
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
    let stored: unknown = null;
    try {
      const row = q().read.get(node);
      if (row) stored = JSON.parse(row.config);
    } catch {
      stored = null;
    }
    const config = alertConfigFromStored(stored);
    cache.set(node, config);
    return config;
  };
  return {
    get,
    set(node, patch) {
      const next = AlertConfigSchema.parse({ ...get(node), ...patch });
      db.write(`save the alert thresholds of ${node}`, () => q().write.run(node, JSON.stringify({ version: ALERT_CONFIG_VERSION, ...next })));
      cache.set(node, next);
      return next;
    },
  };
}
