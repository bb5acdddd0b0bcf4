// The one shape every repository has: `createXRepository(db)` over a connection (../db.ts), with its SQL
// prepared on first use through `statements`, and its writes run through `db.write` (the full-disk rescue)
// unless it says why not. Preparing late means a store a development build migrated without some table
// still opens, and only the feature that needs that table fails.
import type Database from 'better-sqlite3';
import type { StoreDb } from '../db';

/** The repository's prepared statements, made on the first call and kept. */
export function statements<Q>(db: StoreDb, prepare: (sql: Database.Database) => Q): () => Q {
  let prepared: Q | undefined;
  return () => (prepared ??= prepare(db.sql));
}
