// Per-root overrides for source attribution (table source_overrides), one row per root holding either or
// both: which table and columns hold the source, the time and the message when detection by name cannot
// tell (validated JSON on the way in and out; a row another version wrote that no longer parses is ignored),
// and the time zone the root's days are in when it is not the node's own. A row with neither is removed.
import { normalizeRootPathLenient } from '../../../shared/rootPath';
import { SqliteLogOverrideSchema, TimeZoneNameSchema, type SqliteLogOverride } from '../../../shared/sourceModels';
import type { StoreDb } from '../db';
import { statements } from './repository';

export interface SourceOverrideRepository {
  get(node: string, root: string): SqliteLogOverride | null;
  /** null removes it. */
  set(node: string, root: string, override: SqliteLogOverride | null): SqliteLogOverride | null;
  /** The override of the innermost root that holds `path` and has one, if any. */
  forPath(node: string, path: string): SqliteLogOverride | null;
  getTimeZone(node: string, root: string): string | null;
  /** null removes it (the node's own zone applies again). */
  setTimeZone(node: string, root: string, timeZone: string | null): string | null;
  /** The time zone of the innermost root that holds `path` and has one, if any. */
  timeZoneForPath(node: string, path: string): string | null;
}

const MAX_PER_NODE = 1_000;

function parse(json: string): SqliteLogOverride | null {
  try {
    const r = SqliteLogOverrideSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

const holds = (root: string, path: string) => path === root || path.startsWith(root === '/' ? '/' : root + '/');

export function createSourceOverrideRepository(db: StoreDb): SourceOverrideRepository {
  const q = statements(db, (sql) => ({
    get: sql.prepare<[string, string], { override: string | null; time_zone: string | null }>('SELECT override, time_zone FROM source_overrides WHERE node = ? AND root = ?'),
    list: sql.prepare<[string, number], { root: string; override: string | null; time_zone: string | null }>('SELECT root, override, time_zone FROM source_overrides WHERE node = ? LIMIT ?'),
    putOverride: sql.prepare(
      'INSERT INTO source_overrides (node, root, override, time_zone, updated_at) VALUES (?, ?, ?, NULL, ?) ON CONFLICT (node, root) DO UPDATE SET override = excluded.override, updated_at = excluded.updated_at',
    ),
    putTimeZone: sql.prepare(
      'INSERT INTO source_overrides (node, root, override, time_zone, updated_at) VALUES (?, ?, NULL, ?, ?) ON CONFLICT (node, root) DO UPDATE SET time_zone = excluded.time_zone, updated_at = excluded.updated_at',
    ),
    clearOverride: sql.prepare('UPDATE source_overrides SET override = NULL WHERE node = ? AND root = ?'),
    clearTimeZone: sql.prepare('UPDATE source_overrides SET time_zone = NULL WHERE node = ? AND root = ?'),
    dropEmpty: sql.prepare('DELETE FROM source_overrides WHERE node = ? AND root = ? AND override IS NULL AND time_zone IS NULL'),
  }));
  /** The innermost root holding `path` whose row has what `pick` takes from it. */
  const innermost = <T>(node: string, path: string, pick: (row: { override: string | null; time_zone: string | null }) => T | null): T | null => {
    const p = normalizeRootPathLenient(path);
    let best: { root: string; value: T } | null = null;
    for (const row of q().list.all(node, MAX_PER_NODE)) {
      if (!holds(row.root, p) || (best && best.root.length >= row.root.length)) continue;
      const value = pick(row);
      if (value !== null) best = { root: row.root, value };
    }
    return best?.value ?? null;
  };
  return {
    get(node, root) {
      const row = q().get.get(node, normalizeRootPathLenient(root));
      return row?.override ? parse(row.override) : null;
    },
    set(node, rawRoot, override) {
      const root = normalizeRootPathLenient(rawRoot);
      if (override === null) {
        db.write(`remove the source override of ${root}`, () => {
          q().clearOverride.run(node, root);
          q().dropEmpty.run(node, root);
        });
        return null;
      }
      const valid = SqliteLogOverrideSchema.parse(override);
      db.write(`save the source override of ${root}`, () => q().putOverride.run(node, root, JSON.stringify(valid), db.now()));
      return valid;
    },
    forPath(node, path) {
      return innermost(node, path, (row) => (row.override ? parse(row.override) : null));
    },
    getTimeZone(node, root) {
      return q().get.get(node, normalizeRootPathLenient(root))?.time_zone ?? null;
    },
    setTimeZone(node, rawRoot, timeZone) {
      const root = normalizeRootPathLenient(rawRoot);
      if (timeZone === null) {
        db.write(`remove the time zone of ${root}`, () => {
          q().clearTimeZone.run(node, root);
          q().dropEmpty.run(node, root);
        });
        return null;
      }
      const valid = TimeZoneNameSchema.parse(timeZone);
      db.write(`save the time zone of ${root}`, () => q().putTimeZone.run(node, root, valid, db.now()));
      return valid;
    },
    timeZoneForPath(node, path) {
      return innermost(node, path, (row) => row.time_zone);
    },
  };
}
