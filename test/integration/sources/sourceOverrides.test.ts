// A root's saved override of the log table's columns: stored in the state store (migration 6), used by
// sources.analyze for every path inside that root (the innermost root wins), removed with null; from the
// UI's front doors a path outside the configured roots is refused. A root's time zone is kept in the same row
// (migration 9): either may be set without the other, and a row an older version kept survives the migration.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import { STORE_FILE } from '../../../src/main/store/db';
import { applyMigrations, migrations, SCHEMA_VERSIONS } from '../../../src/main/store/migrations';
import { openStateStore } from '../../../src/main/store/stateStore';
import type { SourcesReport } from '../../../src/shared/sourceModels';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('source-overrides');
const root = join(tmp.dir, 'store');
const day = join(root, 'odd', '2026-04-30');
let backend: Backend;

async function call(method: string, request: unknown, frontDoor: 'websocket' | 'cli' = 'websocket') {
  return backend.dispatcher.call(method, request, { frontDoor });
}

beforeAll(() => {
  mkdirSync(day, { recursive: true });
  const db = new Database(join(day, 'logs.sqlite'));
  db.exec('CREATE TABLE journal (who TEXT, when_ INTEGER, what TEXT)');
  const ins = db.prepare('INSERT INTO journal VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 300; i++) ins.run(i % 3 ? 'gateway' : 'auth', Date.UTC(2026, 3, 30) + i * 1000, `accept: Too many open files (os error 24) fd=${i}`);
  })();
  db.close();
  backend = createBackend({ dataDir: join(tmp.dir, 'data'), frontDoor: 'websocket' });
});

afterAll(async () => {
  await backend.close();
  tmp.cleanup();
});

describe('per-root schema overrides', () => {
  it('without one, the unexpected schema falls back to files', async () => {
    await call('roots.add', { node: 'local', path: root });
    const r = await call('sources.analyze', { node: 'local', path: day });
    expect(r.ok && (r.result as SourcesReport).attribution).toBe('file');
  });

  it('a saved override is used for paths inside its root, and survives a restart', async () => {
    const set = await call('sources.override.set', { node: 'local', root, override: { table: 'journal', source: 'who', time: 'when_', message: 'what' } });
    expect(set).toEqual({ ok: true, result: { override: { table: 'journal', source: 'who', time: 'when_', message: 'what' } } });
    await backend.close();
    backend = createBackend({ dataDir: join(tmp.dir, 'data'), frontDoor: 'websocket' });
    const r = await call('sources.analyze', { node: 'local', path: day });
    const report = (r as { result: SourcesReport }).result;
    expect(report.attribution).toBe('sqlite-column');
    expect(report.sqlite).toMatchObject({ table: 'journal', source: 'who', from: 'override' });
    expect(report.sources.map((s) => s.name)).toEqual(['gateway', 'auth']);
    // Another node's same root has none.
    await expect(call('sources.override.get', { node: 'other', root })).resolves.toEqual({ ok: true, result: { override: null } });
  });

  it('the innermost root wins; an override in the request beats the saved one', async () => {
    await call('sources.override.set', { node: 'local', root: join(root, 'odd'), override: { source: 'nope' } });
    const inner = (await call('sources.analyze', { node: 'local', path: day })) as { result: SourcesReport };
    expect(inner.result.attribution).toBe('file');
    expect(inner.result.messages.join('\n')).toContain('"nope"');
    const given = (await call('sources.analyze', { node: 'local', path: day, override: { table: 'journal', source: 'who' } })) as { result: SourcesReport };
    expect(given.result.attribution).toBe('sqlite-column');
  });

  it('null removes an override', async () => {
    await call('sources.override.set', { node: 'local', root: join(root, 'odd'), override: null });
    await expect(call('sources.override.get', { node: 'local', root: join(root, 'odd') })).resolves.toEqual({ ok: true, result: { override: null } });
    const r = (await call('sources.analyze', { node: 'local', path: day })) as { result: SourcesReport };
    expect(r.result.sqlite?.from).toBe('override');
  });

  it('an override without a source column is refused before it is stored', async () => {
    const r = await call('sources.override.set', { node: 'local', root, override: { table: 'journal' } });
    expect(r).toMatchObject({ ok: false, code: 'bad_request' });
  });

  it('from the UI a path outside the configured roots is refused; the CLI may read any path', async () => {
    const r = await call('sources.analyze', { node: 'local', path: tmp.dir });
    expect(r).toMatchObject({ ok: false, code: 'bad_request' });
    expect((r as { message: string }).message).toMatch(/not inside a configured root: add its root first/);
    const cli = await call('sources.analyze', { node: 'local', path: day }, 'cli');
    expect(cli.ok).toBe(true);
  });
});

describe("a root's time zone, kept beside its column override", () => {
  it('either can be set and removed without the other; the row goes when both are gone', () => {
    const store = openStateStore({ dataDir: join(tmp.dir, 'zones') });
    try {
      const o = store.sourceOverrides;
      o.setTimeZone('local', '/srv/a', 'Europe/Berlin');
      expect(o.get('local', '/srv/a')).toBeNull();
      o.set('local', '/srv/a', { source: 'who' });
      expect([o.get('local', '/srv/a'), o.getTimeZone('local', '/srv/a')]).toEqual([{ source: 'who' }, 'Europe/Berlin']);
      o.set('local', '/srv/a', null);
      expect(o.getTimeZone('local', '/srv/a')).toBe('Europe/Berlin');
      // The innermost root with a zone: an inner root with only a column override does not hide it.
      o.set('local', '/srv/a/inner', { source: 'src' });
      expect(o.timeZoneForPath('local', '/srv/a/inner/2026-03-29')).toBe('Europe/Berlin');
      expect(o.forPath('local', '/srv/a/inner/2026-03-29')).toEqual({ source: 'src' });
      expect(() => o.setTimeZone('local', '/srv/a', 'Mars/Olympus')).toThrow();
      o.setTimeZone('local', '/srv/a', null);
      expect(o.timeZoneForPath('local', '/srv/a/x')).toBeNull();
      const db = new Database(join(tmp.dir, 'zones', STORE_FILE), { readonly: true });
      expect(db.prepare("SELECT count(*) AS n FROM source_overrides WHERE root = '/srv/a'").get()).toEqual({ n: 0 });
      db.close();
    } finally {
      store.close();
    }
  });

  it('an override saved before time zones existed is kept by the migration', () => {
    mkdirSync(join(tmp.dir, 'older'), { recursive: true });
    const db = new Database(join(tmp.dir, 'older', STORE_FILE));
    applyMigrations(db, migrations.filter((m) => m.version < SCHEMA_VERSIONS.sourceTimeZones));
    db.prepare("INSERT INTO source_overrides (node, root, override, updated_at) VALUES ('local', '/srv/b', '{\"source\":\"who\"}', 1)").run();
    db.close();
    const store = openStateStore({ dataDir: join(tmp.dir, 'older') });
    try {
      expect(store.sourceOverrides.get('local', '/srv/b')).toEqual({ source: 'who' });
      expect(store.sourceOverrides.getTimeZone('local', '/srv/b')).toBeNull();
    } finally {
      store.close();
    }
  });
});
