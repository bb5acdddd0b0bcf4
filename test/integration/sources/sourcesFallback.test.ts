// When a SQLite store cannot be attributed by a column (names detection does not know, a node without the
// sqlite3 shell, a file that is not a database), volume falls back to files with a message saying why; an
// override fixes the first. A WAL store on a read-only mount: sourcesReadOnlyMount.root.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceAnalyzer } from '../../../src/main/services/sources/sourceAnalyzer';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import type { Transport } from '../../../src/main/transport/transport';
import { makeTempDir } from '../../support/tempDir';
import { rowsOf, store } from './logStoreFixture';

const tmp = makeTempDir('sources-fallback');
const local = new LocalTransport();
const analyzer = new SourceAnalyzer({ transportFor: () => local });

/** A node like this one but without a sqlite3 shell on its PATH: only the tools the probes use. */
function nodeWithoutSqlite3(): Transport {
  const bin = mkdtempSync(join(tmpdir(), 'spoolscope-nosqlite-'));
  for (const tool of ['sh', 'xargs', 'find', 'tail', 'tr', 'dirname', 'grep', 'head', 'cat']) {
    symlinkSync(execFileSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { encoding: 'utf8' }).trim(), join(bin, tool));
  }
  return {
    nodeName: 'no-sqlite3',
    // The test's own PATH line before the fixed probe text: the node simply has no sqlite3.
    exec: (script, stdin, limits, signal) => local.exec(`PATH=${bin}\nexport PATH\n${script}`, stdin, limits, signal),
    close: async () => rmSync(bin, { recursive: true, force: true }),
  };
}

beforeAll(() => {
  store(join(tmp.dir, 'odd', '2026-04-30'), 'CREATE TABLE journal (who TEXT, when_ INTEGER, what TEXT)', 'INSERT INTO journal VALUES (?, ?, ?)', rowsOf(500));
  store(join(tmp.dir, 'plain', '2026-04-30'), 'CREATE TABLE logs (id INTEGER PRIMARY KEY, src TEXT, ts INTEGER, msg TEXT)', 'INSERT INTO logs (src, ts, msg) VALUES (?, ?, ?)', rowsOf(500));
  store(join(tmp.dir, 'norowid', '2026-04-30'), 'CREATE TABLE logs (src TEXT, ts INTEGER, msg TEXT, PRIMARY KEY (ts, src)) WITHOUT ROWID', 'INSERT INTO logs VALUES (?, ?, ?)', rowsOf(50));
  mkdirSync(join(tmp.dir, 'garbage', '2026-04-30'), { recursive: true });
  writeFileSync(join(tmp.dir, 'garbage', '2026-04-30', 'logs.sqlite'), 'this is not a database\n'.repeat(100));
});

afterAll(() => {
  tmp.cleanup();
});

describe('fallback to file-level attribution', () => {
  it('a schema with unexpected column names falls back to files and says which tables it saw', async () => {
    const r = await analyzer.analyze('local', join(tmp.dir, 'odd', '2026-04-30'));
    expect(r.attribution).toBe('file');
    expect(r.sqlite).toBeNull();
    expect(r.sources.map((s) => s.name)).toEqual(['logs.sqlite']);
    expect(r.sources[0].bytes).toBeGreaterThan(0);
    // Its rows are not read, and it says why.
    expect(r.sources[0].notSampledReason).toBe('no-source-column');
    expect(r.messages.join('\n')).toMatch(/no table has a source column .*journal\(who, when_, what\).*override.*attributed to files/);
  });

  it('an override naming the columns attributes by them', async () => {
    const r = await analyzer.analyze('local', join(tmp.dir, 'odd', '2026-04-30'), { override: { table: 'journal', source: 'who', time: 'when_', message: 'what' } });
    expect(r.attribution).toBe('sqlite-column');
    expect(r.sqlite).toMatchObject({ table: 'journal', source: 'who', from: 'override' });
    expect(r.sources.map((s) => s.name)).toEqual(['gateway', 'auth']);
    expect(r.sources[0].templates[0].template).toBe('accept: Too many open files (os error 24) #<num>');
  });

  it('an override naming a missing column falls back and names the columns there are', async () => {
    const r = await analyzer.analyze('local', join(tmp.dir, 'odd', '2026-04-30'), { override: { table: 'journal', source: 'service' } });
    expect(r.attribution).toBe('file');
    expect(r.messages.join('\n')).toContain('"service" is not in table "journal" (columns: who, when_, what)');
  });

  it("a node without the sqlite3 shell says so and attributes files", async () => {
    const node = nodeWithoutSqlite3();
    const remote = new SourceAnalyzer({ transportFor: () => node });
    const r = await remote.analyze('far', join(tmp.dir, 'plain', '2026-04-30'));
    await node.close();
    expect(r.attribution).toBe('file');
    expect(r.messages.join('\n')).toMatch(/far has no sqlite3 shell/);
    // The same store is attributed by column where the shell exists.
    const withShell = await analyzer.analyze('local', join(tmp.dir, 'plain', '2026-04-30'), { sqliteReader: 'shell' });
    expect(withShell.attribution).toBe('sqlite-column');
  });

  it.each([
    ['a WITHOUT ROWID table', 'norowid', /no such column: rowid/],
    ['a file that is not a database', 'garbage', /not a database/],
  ])('%s falls back with the reason', async (_what, dir, reason) => {
    for (const reader of ['auto', 'shell'] as const) {
      const r = await analyzer.analyze('local', join(tmp.dir, dir, '2026-04-30'), { sqliteReader: reader });
      expect(r.attribution).toBe('file');
      expect(r.messages.join('\n')).toMatch(reason);
    }
  });
});
