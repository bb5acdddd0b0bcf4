// Per-root overrides of the SQLite log table's columns (table source_overrides, migration 6): which table
// and columns hold the source, the time and the message when detection by name cannot tell. Validated JSON
// on the way in and out; a row another version wrote that no longer parses is ignored.
import { openStoreConnection } from './storeConnection';
import { SCHEMA_VERSIONS } from './migrations';
import { SqliteLogOverrideSchema, type SqliteLogOverride } from '../../shared/sourceModels';
import { normalizeRootPathLenient } from '../../shared/rootPath';

export interface SourceOverrides {
  get(node: string, root: string): SqliteLogOverride | null;
  /** null removes it. */
  set(node: string, root: string, override: SqliteLogOverride | null): SqliteLogOverride | null;
  /** The override of the innermost root that holds `path`, if any. */
  forPath(node: string, path: string): SqliteLogOverride | null;
  close(): void;
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

/** A second connection to the state store (opened and migrated by openStateStore first). */
export function openSourceOverrides(storePath: string, nativeBinding?: string, now: () => number = Date.now): SourceOverrides {
  const db = openStoreConnection(storePath, nativeBinding, SCHEMA_VERSIONS.sourceOverrides, 'source_overrides table');
  const q = {
    get: db.prepare<[string, string], { override: string }>('SELECT override FROM source_overrides WHERE node = ? AND root = ?'),
    list: db.prepare<[string, number], { root: string; override: string }>('SELECT root, override FROM source_overrides WHERE node = ? LIMIT ?'),
    put: db.prepare('INSERT OR REPLACE INTO source_overrides (node, root, override, updated_at) VALUES (?, ?, ?, ?)'),
    del: db.prepare('DELETE FROM source_overrides WHERE node = ? AND root = ?'),
  };
  return {
    get(node, root) {
      const row = q.get.get(node, normalizeRootPathLenient(root));
      return row ? parse(row.override) : null;
    },
    set(node, root, override) {
      if (override === null) {
        q.del.run(node, normalizeRootPathLenient(root));
        return null;
      }
      const valid = SqliteLogOverrideSchema.parse(override);
      q.put.run(node, normalizeRootPathLenient(root), JSON.stringify(valid), now());
      return valid;
    },
    forPath(node, path) {
      const p = normalizeRootPathLenient(path);
      let best: { root: string; override: SqliteLogOverride } | null = null;
      for (const row of q.list.all(node, MAX_PER_NODE)) {
        const inside = p === row.root || p.startsWith(row.root === '/' ? '/' : row.root + '/');
        if (!inside || (best && best.root.length >= row.root.length)) continue;
        const o = parse(row.override);
        if (o) best = { root: row.root, override: o };
      }
      return best?.override ?? null;
    },
    close: () => db.close(),
  };
}
