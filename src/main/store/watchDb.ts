// The live watch's own connection to the state store file (WAL lets it share the file with the state
// store's connection): its writes every minute never wait behind a scan snapshot, and the other way round.
import Database from 'better-sqlite3';

/** Opens `path` (StateStore.path, already migrated). */
export function openWatchDb(path: string, nativeBinding?: string): Database.Database {
  const db = new Database(path, { timeout: 5000, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 5) throw new Error(`the state store ${path} has no watch tables (schema ${version}): open it with openStateStore first`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
