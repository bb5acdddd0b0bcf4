// The state store: versioned migrations, persistent roots, scan history, its own byte cap, and where it lives.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { STORE_FILE } from '../../../src/main/store/db';
import { applyMigrations, latestVersion, migrations } from '../../../src/main/store/migrations';
import { chooseDataDir, resolveDataDir } from '../../../src/main/store/dataDir';
import { summary } from './scanSummaryFixture';

let dir: string;
const open: StateStore[] = [];
function openStore(opts: { maxBytes?: number } = {}): StateStore {
  const s = openStateStore({ dataDir: dir, now: () => 1_700_000_000_000, ...opts });
  open.push(s);
  return s;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spoolscope-store-'));
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('records the schema version, sets incremental auto_vacuum and WAL, and is a no-op on reopen', () => {
    openStore().close();
    const db = new Database(join(dir, STORE_FILE));
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2); // INCREMENTAL
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['nodes', 'roots', 'removed_default_roots', 'scan_snapshots', 'partition_sizes']));
    expect(db.prepare("SELECT id, kind FROM nodes WHERE id = 'local'").get()).toEqual({ id: 'local', kind: 'local' });
    // Reapplying on an up-to-date store applies nothing (and would fail if it tried: the tables exist).
    expect(applyMigrations(db)).toEqual([]);
    db.close();
    const again = openStore();
    expect(again.roots.list('local').map((r) => r.path)).toEqual(['/var/log']);
  });

  it('applies only the newer steps on an older store, in order', () => {
    const db = new Database(join(dir, 'm.sqlite'));
    const extra = [...migrations, { version: latestVersion + 1, sql: 'CREATE TABLE later (x INTEGER);' }];
    expect(applyMigrations(db, migrations)).toEqual(migrations.map((m) => m.version));
    expect(applyMigrations(db, extra)).toEqual([latestVersion + 1]);
    expect(applyMigrations(db, extra)).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion + 1);
    db.close();
  });

  it('refuses a store written by a newer schema instead of misreading it', () => {
    const db = new Database(join(dir, STORE_FILE));
    db.pragma(`user_version = ${latestVersion + 5}`);
    db.close();
    expect(() => openStore()).toThrow(/newer than this Spoolscope understands/);
  });
});

describe('roots', () => {
  it('starts with /var/log as the default root of every node', () => {
    const s = openStore();
    expect(s.roots.list('local')).toEqual([{ path: '/var/log', addedAt: 0, isDefault: true }]);
    expect(s.roots.list('some-host').map((r) => r.path)).toEqual(['/var/log']);
  });

  it('adds idempotently, normalises the spelling, and persists across reopen', () => {
    const s = openStore();
    s.roots.add('local', '/srv/spool/');
    const once = s.roots.add('local', '/srv/spool');
    expect(once).toEqual([
      { path: '/var/log', addedAt: 0, isDefault: true },
      { path: '/srv/spool', addedAt: 1_700_000_000_000, isDefault: false },
    ]);
    s.roots.add('remote-a', '/data/logs');
    s.close();
    const r = openStore();
    expect(r.roots.list('local')).toEqual(once);
    expect(r.roots.list('remote-a').map((x) => x.path)).toEqual(['/var/log', '/data/logs']);
    expect(() => r.roots.add('local', 'relative/dir')).toThrow(/absolute/);
  });

  it('removes user roots, and a removed default stays removed after reopen until re-added', () => {
    const s = openStore();
    s.roots.add('local', '/srv/spool');
    expect(s.roots.remove('local', '/srv/spool').map((r) => r.path)).toEqual(['/var/log']);
    expect(s.roots.remove('local', '/var/log/')).toEqual([]);
    expect(s.roots.remove('local', '/not/there')).toEqual([]); // removing twice or an unknown root is harmless
    s.close();
    const r = openStore();
    expect(r.roots.list('local')).toEqual([]);
    expect(r.roots.list('other').map((x) => x.path)).toEqual(['/var/log']); // only that node lost it
    expect(r.roots.add('local', '/var/log')).toEqual([{ path: '/var/log', addedAt: 0, isDefault: true }]);
    r.close();
    expect(openStore().roots.list('local').map((x) => x.isDefault)).toEqual([true]);
  });
});

describe('scan history', () => {
  it('stores one snapshot row and one row per partition, listed newest first per node and root', () => {
    const s = openStore();
    s.scanSnapshots.record('local', summary('/var/log', 4), 100);
    s.scanSnapshots.record('local', summary('/var/log/', 5), 200);
    s.scanSnapshots.record('local', summary('/srv/spool', 1), 150);
    s.scanSnapshots.record('other', summary('/var/log', 1), 300);
    const list = s.scanSnapshots.list('local', '/var/log', 10);
    expect(list.map((x) => x.at)).toEqual([200, 100]);
    expect(list[0]).toMatchObject({ allocatedBytes: 5000, partitions: 5 + 2 });
    expect(s.scanSnapshots.list('local', '/var/log', 1)).toHaveLength(1);
    s.close();

    const db = new Database(join(dir, STORE_FILE), { readonly: true });
    const rows = db
      .prepare('SELECT path, kind, allocated_bytes AS a, apparent_bytes AS p, files, newest_mtime AS m FROM partition_sizes WHERE snapshot_id = ? ORDER BY path')
      .all(list[1].id);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({ path: 'logs/core/2026/000/logs.sqlite-with-a-longer-name-to-take-room', kind: 'day', a: 1000, p: 999, files: 3, m: 1_760_000_000 });
    db.close();
  });
});

describe('size cap', () => {
  it('drops the oldest snapshots and their partition rows, keeps the newest, and bounds the files on disk', () => {
    const cap = 256 * 1024;
    const s = openStore({ maxBytes: cap });
    const total = 400;
    let largestOnDisk = 0;
    for (let i = 1; i <= total; i++) {
      s.scanSnapshots.record('local', summary('/var/log', 40), i * 1000);
      const wal = join(dir, `${STORE_FILE}-wal`);
      const onDisk = statSync(join(dir, STORE_FILE)).size + (existsSync(wal) ? statSync(wal).size : 0);
      largestOnDisk = Math.max(largestOnDisk, onDisk);
    }
    // Unbounded, 400 x 40 partition rows would be well over 2 MiB.
    const kept = s.scanSnapshots.list('local', '/var/log', 10_000);
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.length).toBeLessThan(total / 2);
    expect(kept[0].at).toBe(total * 1000); // the newest is always kept
    // What survives is a contiguous run of the newest: the oldest went first.
    expect(kept.map((k) => k.at)).toEqual(Array.from({ length: kept.length }, (_, i) => (total - i) * 1000));
    expect(s.stats().fileBytes).toBeLessThanOrEqual(cap);
    // Main file plus WAL stay within the cap plus the WAL allowance (a quarter of the cap) and some slack.
    expect(largestOnDisk).toBeLessThan(cap * 1.5);
    s.close();

    expect(statSync(join(dir, STORE_FILE)).size).toBeLessThanOrEqual(cap);
    const db = new Database(join(dir, STORE_FILE), { readonly: true });
    const orphans = db.prepare('SELECT count(*) AS n FROM partition_sizes WHERE snapshot_id NOT IN (SELECT id FROM scan_snapshots)').get() as { n: number };
    expect(orphans.n).toBe(0);
    const oldest = db.prepare('SELECT min(at) AS at FROM scan_snapshots').get() as { at: number };
    expect(oldest.at).toBeGreaterThan(total * 1000 / 2);
    db.close();
  });

  it('never trims below the snapshot just written, even with a cap smaller than one scan', () => {
    const s = openStore({ maxBytes: 8192 });
    s.scanSnapshots.record('local', summary('/var/log', 200), 1);
    s.scanSnapshots.record('local', summary('/var/log', 200), 2);
    expect(s.scanSnapshots.list('local', '/var/log', 10).map((x) => x.at)).toEqual([2]);
  });

  it('roots survive trimming: only scan history is dropped', () => {
    const s = openStore({ maxBytes: 64 * 1024 });
    s.roots.add('local', '/srv/spool');
    for (let i = 0; i < 100; i++) s.scanSnapshots.record('local', summary('/srv/spool', 30), i);
    expect(s.roots.list('local').map((r) => r.path)).toEqual(['/var/log', '/srv/spool']);
  });
});

describe('data directory', () => {
  const home = '/home/op';
  it('prefers SPOOLSCOPE_DATA_DIR, then Electron userData, then XDG_DATA_HOME, then ~/.local/share', () => {
    const all = { SPOOLSCOPE_DATA_DIR: '/tmp/override', XDG_DATA_HOME: '/xdg' };
    expect(chooseDataDir({ env: all, electronUserData: '/ud', homeDir: home })).toBe('/tmp/override');
    expect(chooseDataDir({ env: { XDG_DATA_HOME: '/xdg' }, electronUserData: '/ud', homeDir: home })).toBe('/ud');
    expect(chooseDataDir({ env: { XDG_DATA_HOME: '/xdg' }, homeDir: home })).toBe('/xdg/spoolscope');
    expect(chooseDataDir({ env: {}, homeDir: home })).toBe('/home/op/.local/share/spoolscope');
    expect(chooseDataDir({ env: { HOME: '/home/h' } })).toBe('/home/h/.local/share/spoolscope');
    // Empty values and a relative XDG_DATA_HOME (invalid per the XDG spec) are ignored.
    expect(chooseDataDir({ env: { SPOOLSCOPE_DATA_DIR: ' ', XDG_DATA_HOME: 'rel' }, homeDir: home })).toBe('/home/op/.local/share/spoolscope');
  });

  it('creates the directory with mode 0700', () => {
    const target = join(dir, 'nested', 'data');
    expect(resolveDataDir({ env: { SPOOLSCOPE_DATA_DIR: target } })).toBe(target);
    expect(statSync(target).mode & 0o777).toBe(0o700);
    expect(resolveDataDir({ env: { XDG_DATA_HOME: join(dir, 'xdg') } })).toBe(join(dir, 'xdg', 'spoolscope'));
  });
});
