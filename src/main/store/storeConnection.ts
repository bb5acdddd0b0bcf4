// Another connection to the state store file, for a part that keeps its own (WAL lets it share the file):
// the file must already be opened and migrated by openStateStore, at least to the schema the part needs.
import Database from 'better-sqlite3';

/** Opens `path` (StateStore.path); `needs` names what schema `minVersion` brought, for the error. */
export function openStoreConnection(path: string, nativeBinding: string | undefined, minVersion: number, needs: string, pragmas: readonly string[] = []): Database.Database {
  const db = new Database(path, { timeout: 5000, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('busy_timeout = 5000');
    for (const p of pragmas) db.pragma(p);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < minVersion) throw new Error(`the state store ${path} has no ${needs} (schema ${version}): open it with openStateStore first`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
