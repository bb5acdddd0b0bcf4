// The live watch's own connection to the state store file (WAL lets it share the file with the state
// store's connection): its writes every minute never wait behind a scan snapshot, and the other way round.
import type Database from 'better-sqlite3';
import { openStoreConnection } from './storeConnection';
import { SCHEMA_VERSIONS } from './migrations';

/** Opens `path` (StateStore.path, already migrated). */
export function openWatchDb(path: string, nativeBinding?: string): Database.Database {
  return openStoreConnection(path, nativeBinding, SCHEMA_VERSIONS.watch, 'watch tables', ['synchronous = NORMAL']);
}
