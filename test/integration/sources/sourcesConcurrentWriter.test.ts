// A SQLite log store written by another process while we read it: the writer (WAL mode) commits
// continuously through repeated analyses by better-sqlite3 and by the sqlite3 shell, and never sees
// SQLITE_BUSY. A control proves the writer does notice when someone does hold the lock.
//
// The writer's busy timeout is 100 ms, not 0. Any SQLite reader, ours or the writer's own library, takes the
// WAL write lock for an instant when it catches the shared header mid-rewrite (walIndexReadHdr re-reads it
// under that lock), so a writer with no timeout at all can see SQLITE_BUSY from a reader that holds nothing:
// CI saw one in thousands of commits. 100 ms is far below what an analysis takes (about 0.5 s), so a reader
// that held a lock for an analysis, or for a statement of one, would still be caught; the control holds one
// for 300 ms.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceAnalyzer } from '../../../src/main/services/sources/sourceAnalyzer';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('sources-writer');
const day = join(tmp.dir, 'logs', '2026-04-30');
const dbPath = join(day, 'logs.sqlite');
const local = new LocalTransport();
const analyzer = new SourceAnalyzer({ transportFor: () => local });
const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');

interface WriterCounts {
  commits: number;
  busy: number;
  other: string[];
}

// The writer: one row per transaction in small bursts, busy_timeout 100 ms. It reports its counts on request (a
// line on stdin) and on SIGTERM.
const WRITER = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 100');
const ins = db.prepare('INSERT INTO logs (ts, src, msg) VALUES (?, ?, ?)');
const counts = { commits: 0, busy: 0, other: [] };
let stop = false;
function burst() {
  if (stop) return;
  for (let i = 0; i < 20; i++) {
    try { ins.run(Date.now(), i % 7 ? 'gateway' : 'api', 'accept: Too many open files (os error 24)'); counts.commits++; }
    catch (e) { if (String(e.code).startsWith('SQLITE_BUSY')) counts.busy++; else if (counts.other.length < 5) counts.other.push(e.code + ' ' + e.message); }
  }
  setTimeout(burst, 1);
}
process.stdin.on('data', () => process.stdout.write(JSON.stringify(counts) + '\\n'));
process.on('SIGTERM', () => { stop = true; db.close(); process.stdout.write(JSON.stringify(counts) + '\\n'); process.exit(0); });
burst();
process.stdout.write('ready\\n');
`;

let writer: ChildProcess;
const lines: string[] = [];
const waiters: Array<(l: string) => void> = [];

function nextLine(): Promise<string> {
  const l = lines.shift();
  return l !== undefined ? Promise.resolve(l) : new Promise((res) => waiters.push(res));
}

async function counts(): Promise<WriterCounts> {
  writer.stdin!.write('?\n');
  return JSON.parse(await nextLine()) as WriterCounts;
}

beforeAll(async () => {
  mkdirSync(day, { recursive: true });
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE logs (id INTEGER PRIMARY KEY, ts INTEGER, src TEXT, msg TEXT)');
  const ins = db.prepare('INSERT INTO logs (ts, src, msg) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 50_000; i++) ins.run(Date.now() - 3_600_000 + i * 50, ['api', 'auth', 'ingest'][i % 3], `GET /v1/items/${i} -> 200 in ${i % 90}ms`);
  })();
  db.close();
  writer = spawn(process.execPath, ['--input-type=commonjs', '-e', WRITER, betterSqlite, dbPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = '';
  writer.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  expect(await nextLine()).toBe('ready');
});

afterAll(() => {
  writer.kill('SIGKILL');
  tmp.cleanup();
});

describe('reading a store another process is writing', () => {
  it('the writer keeps committing and never sees SQLITE_BUSY through repeated analyses (library and shell)', async () => {
    const before = await counts();
    for (let i = 0; i < 6; i++) {
      const r = await analyzer.analyze('local', day, { sqliteReader: i % 2 ? 'shell' : 'auto' });
      expect(r.attribution).toBe('sqlite-column');
      // Read while written: the sample's sources come from rowid strata (the writer's newest rows may fall
      // between them); what matters here is that it was read at all.
      expect(r.sources.length).toBeGreaterThan(0);
    }
    const after = await counts();
    expect(after.other).toEqual([]);
    expect(after.busy).toBe(0);
    // It was writing all along, not waiting for us to finish.
    expect(after.commits - before.commits).toBeGreaterThan(100);
  });

  it('control: a connection that holds the write lock does make the writer see SQLITE_BUSY', async () => {
    const before = await counts();
    const db = new Database(dbPath);
    db.exec('BEGIN IMMEDIATE');
    await new Promise((r) => setTimeout(r, 300));
    db.exec('ROLLBACK');
    db.close();
    const after = await counts();
    expect(after.busy).toBeGreaterThan(before.busy);
  });
});
