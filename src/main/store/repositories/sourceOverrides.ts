// Per-root overrides of the SQLite log table's columns (table source_overrides): which table and columns
// hold the source, the time and the message when detection by name cannot tell. Validated JSON on the way
// in and out; a row another version wrote that no longer parses is ignored.
import { normalizeRootPathLenient } from '../../../shared/rootPath';
import { SqliteLogOverrideSchema, type SqliteLogOverride } from '../../../shared/sourceModels';
import type { StoreDb } from '../db';
import { statements } from './repository';

export interface SourceOverrideRepository {
  get(node: string, root: string): SqliteLogOverride | null;
  /** null removes it. */
  set(node: string, root: string, override: SqliteLogOverride | null): SqliteLogOverride | null;
  /** The override of the innermost root that holds `path`, if any. */
  forPath(node: string, path: string): SqliteLogOverride | null;
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

export function createSourceOverrideRepository(db: StoreDb): SourceOverrideRepository {
  const q = statements(db, (sql) => ({
    get: sql.prepare<[string, string], { override: string }>('SELECT override FROM source_overrides WHERE node = ? AND root = ?'),
    list: sql.prepare<[string, number], { root: string; override: string }>('SELECT root, override FROM source_overrides WHERE node = ? LIMIT ?'),
    put: sql.prepare('INSERT OR REPLACE INTO source_overrides (node, root, override, updated_at) VALUES (?, ?, ?, ?)'),
    del: sql.prepare('DELETE FROM source_overrides WHERE node = ? AND root = ?'),
  }));
  return {
    get(node, root) {
      const row = q().get.get(node, normalizeRootPathLenient(root));
      return row ? parse(row.override) : null;
    },
    set(node, rawRoot, override) {
      const root = normalizeRootPathLenient(rawRoot);
      if (override === null) {
        db.write(`remove the source override of ${root}`, () => q().del.run(node, root));
        return null;
      }
      const valid = SqliteLogOverrideSchema.parse(override);
      db.write(`save the source override of ${root}`, () => q().put.run(node, root, JSON.stringify(valid), db.now()));
      return valid;
    },
    forPath(node, path) {
      const p = normalizeRootPathLenient(path);
      let best: { root: string; override: SqliteLogOverride } | null = null;
      for (const row of q().list.all(node, MAX_PER_NODE)) {
        const inside = p === row.root || p.startsWith(row.root === '/' ? '/' : row.root + '/');
        if (!inside || (best && best.root.length >= row.root.length)) continue;
        const o = parse(row.override);
        if (o) best = { root: row.root, override: o };
      }
      return best?.override ?? null;
    },
  };
}
