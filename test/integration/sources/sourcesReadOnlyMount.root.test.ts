// A WAL SQLite store on a read-only mount (a tmpfs remounted ro, so root only) is still read, by the node's
// sqlite3 shell with immutable=1, and nothing (no -wal, no -shm) is created there.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceAnalyzer } from '../../../src/main/services/sources/sourceAnalyzer';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { isRoot } from '../../support/root';
import { rowsOf, store } from './logStoreFixture';

const local = new LocalTransport();
const analyzer = new SourceAnalyzer({ transportFor: () => local });
let ro: Tmpfs | null = null;
afterAll(() => ro?.unmount());

describe.skipIf(!isRoot)('a WAL store on a read-only mount', () => {
  it('is read (immutable, by the sqlite3 shell) and no -wal or -shm appears', async () => {
    ro = mountTmpfs(16);
    const day = join(ro.dir, '2026-04-30');
    store(day, 'CREATE TABLE logs (id INTEGER PRIMARY KEY, src TEXT, ts INTEGER, msg TEXT)', 'INSERT INTO logs (src, ts, msg) VALUES (?, ?, ?)', rowsOf(2000), true);
    expect(readdirSync(day)).toEqual(['logs.sqlite']);
    execFileSync('mount', ['-o', 'remount,ro', ro.dir]);
    // better-sqlite3 alone cannot open it: a read-only WAL reader needs a -shm it cannot create here.
    expect(() => new Database(join(day, 'logs.sqlite'), { readonly: true, fileMustExist: true }).prepare('SELECT 1 FROM logs').get()).toThrow(/unable to open/);
    const r = await analyzer.analyze('local', day);
    expect(r.messages).toEqual([]);
    expect(r.attribution).toBe('sqlite-column');
    expect(r.sqlite?.reader).toBe('node-sqlite3');
    expect(r.sources[0]).toMatchObject({ name: 'gateway', lines: 1800 });
    expect(readdirSync(day)).toEqual(['logs.sqlite']);
  });
});
