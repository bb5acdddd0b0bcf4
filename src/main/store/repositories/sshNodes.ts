// Saved SSH nodes (table ssh_nodes): the validated SshNodeConfig as JSON (the node registry validates it)
// and, only when the OS keychain could encrypt it, the key passphrase as that ciphertext.
import { SSH_NODES_SQL } from '../migrations';
import type { StoreDb } from '../db';
import { createNodeRepository } from './nodes';
import { statements } from './repository';

export interface SshNodeRow {
  name: string;
  /** JSON, as stored. */
  config: string;
  secret: Buffer | null;
}

export interface SshNodeRepository {
  /** Oldest first. */
  list(): SshNodeRow[];
  /** Adds or replaces a node's settings; keeps its stored secret only when `keepSecret`. */
  save(name: string, config: string, keepSecret: boolean): void;
  /** False when there was no such node. */
  remove(name: string): boolean;
  /** The key passphrase as OS-keychain ciphertext (never plain text), or null to forget it. */
  setSecret(name: string, secret: Buffer | null): void;
}

export function createSshNodeRepository(db: StoreDb): SshNodeRepository {
  const nodes = createNodeRepository(db);
  const q = statements(db, (sql) => {
    // The table is made here too if a development build migrated past its version without it.
    sql.exec(SSH_NODES_SQL);
    return {
      list: sql.prepare<[], { name: string; config: string; key_secret: Buffer | null }>('SELECT name, config, key_secret FROM ssh_nodes ORDER BY added_at, name'),
      upsert: sql.prepare(
        `INSERT INTO ssh_nodes (name, config, key_secret, added_at) VALUES (?, ?, NULL, ?)
         ON CONFLICT(name) DO UPDATE SET config = excluded.config, key_secret = CASE WHEN ? THEN key_secret ELSE NULL END`,
      ),
      remove: sql.prepare('DELETE FROM ssh_nodes WHERE name = ?'),
      secret: sql.prepare('UPDATE ssh_nodes SET key_secret = ? WHERE name = ?'),
    };
  });
  return {
    list: () => q().list.all().map((r) => ({ name: r.name, config: r.config, secret: r.key_secret })),
    save(name, config, keepSecret) {
      db.write(`save the node ${name}`, () =>
        db.sql.transaction(() => {
          nodes.ensure(name);
          q().upsert.run(name, config, db.now(), keepSecret ? 1 : 0);
        })(),
      );
    },
    remove: (name) => db.write(`remove the node ${name}`, () => q().remove.run(name).changes > 0),
    setSecret(name, secret) {
      db.write(`save the key passphrase of ${name}`, () => q().secret.run(secret, name));
    },
  };
}
