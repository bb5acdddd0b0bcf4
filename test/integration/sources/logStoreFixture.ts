// A SQLite log store of one day for the sources tests: a table made by `ddl`, rows inserted by `insert`,
// in WAL mode when asked; and rows shaped like the runaway (one source logging EMFILE 9 times in 10).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export function store(dir: string, ddl: string, insert: string, rows: unknown[][], wal = false): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, 'logs.sqlite');
  const db = new Database(p);
  if (wal) db.pragma('journal_mode = WAL');
  db.exec(ddl);
  const ins = db.prepare(insert);
  db.transaction(() => rows.forEach((r) => ins.run(...r)))();
  db.close();
  return p;
}

export const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => [i % 10 === 0 ? 'auth' : 'gateway', Date.UTC(2026, 3, 30) + i * 1000, `accept: Too many open files (os error 24) #${i}`]);
