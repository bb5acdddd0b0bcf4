// App-wide settings (table app_settings): one row per key, its value as validated JSON. A row another
// version wrote that no longer parses reads as unset, so a downgrade never fails to start over a setting.
import { DEFAULT_THEME, ThemeChoiceSchema, WindowBoundsSchema, type ThemeChoice, type WindowBounds } from '../../../shared/settingsModels';
import { PrometheusSourceSchema, type PrometheusSource } from '../../../shared/prometheusModels';
import type { StoreDb } from '../db';
import { statements } from './repository';

export interface SettingsRepository {
  /** The saved theme, "system" until one is chosen. */
  theme(): ThemeChoice;
  setTheme(theme: ThemeChoice): ThemeChoice;
  /** The desktop window's last bounds, or null (never saved, or unreadable). */
  windowBounds(): WindowBounds | null;
  setWindowBounds(bounds: WindowBounds): WindowBounds;
  /** The fleet's Prometheus source (secrets as file paths only), or null: the fleet is polled over SSH. */
  prometheusSource(): PrometheusSource | null;
  setPrometheusSource(source: PrometheusSource | null): PrometheusSource | null;
}

const KEY_THEME = 'theme';
const KEY_WINDOW_BOUNDS = 'window.bounds';
const KEY_PROMETHEUS = 'fleet.prometheus';

export function createSettingsRepository(db: StoreDb): SettingsRepository {
  const q = statements(db, (sql) => ({
    get: sql.prepare<[string], { value: string }>('SELECT value FROM app_settings WHERE key = ?'),
    put: sql.prepare('INSERT INTO app_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at'),
  }));
  const read = <T>(key: string, parse: (v: unknown) => { success: true; data: T } | { success: false }): T | null => {
    const row = q().get.get(key);
    if (!row) return null;
    try {
      const r = parse(JSON.parse(row.value));
      return r.success ? r.data : null;
    } catch {
      return null;
    }
  };
  const write = (key: string, what: string, value: unknown) => db.write(what, () => q().put.run(key, JSON.stringify(value), db.now()));
  return {
    theme: () => read(KEY_THEME, (v) => ThemeChoiceSchema.safeParse(v)) ?? DEFAULT_THEME,
    setTheme(theme) {
      const valid = ThemeChoiceSchema.parse(theme);
      write(KEY_THEME, 'save the theme', valid);
      return valid;
    },
    windowBounds: () => read(KEY_WINDOW_BOUNDS, (v) => WindowBoundsSchema.safeParse(v)),
    setWindowBounds(bounds) {
      const valid = WindowBoundsSchema.parse(bounds);
      write(KEY_WINDOW_BOUNDS, 'save the window size and place', valid);
      return valid;
    },
    prometheusSource: () => read(KEY_PROMETHEUS, (v) => PrometheusSourceSchema.nullable().safeParse(v)),
    setPrometheusSource(source) {
      const valid = source === null ? null : PrometheusSourceSchema.parse(source);
      write(KEY_PROMETHEUS, valid ? 'save the fleet\'s Prometheus source' : 'remove the fleet\'s Prometheus source', valid);
      return valid;
    },
  };
}
