// Times `spoolscope sources DAY --json` on a large SQLite log partition against what an unbounded answer
// costs: `sqlite3 -readonly "SELECT src, count(*), sum(length(msg)) FROM logs GROUP BY src"` over the same
// file (the peer, measured in the same run). Not a test: it prints a table and writes
// bench/.cache/sources-last-run.json.
//
//   tsx bench/sources-bench.ts [--rows N] [--runs N]
//
// The store (two small baseline days and one big day with a runaway source) is built once into
// bench/.cache/sources-store and reused while its row count matches. Warm page cache, rounds interleaved,
// median wall time. Both answers must rank the runaway source first.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(benchDir, '..');
const cacheDir = path.join(benchDir, '.cache');
const cli = path.join(repo, 'out/main/cli.js');
const store = path.join(cacheDir, 'sources-store');

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const ROWS = arg('--rows', 8_000_000);
const RUNS = arg('--runs', 5);
const SOURCES = ['api', 'ingest', 'scheduler', 'auth'];

function writeDay(day: string, rows: number, runawayShare: number): void {
  const dir = path.join(store, day);
  fs.mkdirSync(dir, { recursive: true });
  const db = new Database(path.join(dir, 'logs.sqlite'));
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec('CREATE TABLE logs (id INTEGER PRIMARY KEY, ts INTEGER, src TEXT, level TEXT, msg TEXT)');
  const ins = db.prepare('INSERT INTO logs (ts, src, level, msg) VALUES (?, ?, ?, ?)');
  const start = Date.parse(`${day}T00:00:00Z`);
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const ts = start + Math.floor((i * 86_400_000) / rows);
      if ((i * 7919) % 1000 < runawayShare * 1000) ins.run(ts, 'gateway', 'error', 'accept: Too many open files (os error 24)');
      else ins.run(ts, SOURCES[i % 4], 'info', `GET /v1/items/${i} -> 200 in ${i % 900}ms request_id=${(i * 2654435761) >>> 0}`);
    }
  });
  for (let i = 0; i < rows; i += 100_000) batch(i, Math.min(rows, i + 100_000));
  db.close();
}

function ensureStore(): void {
  const marker = path.join(store, 'rows');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === String(ROWS)) return;
  fs.rmSync(store, { recursive: true, force: true });
  const t0 = performance.now();
  writeDay('2026-04-28', Math.round(ROWS / 25), 0.04);
  writeDay('2026-04-29', Math.round(ROWS / 25), 0.04);
  writeDay('2026-04-30', ROWS, 0.96);
  fs.writeFileSync(marker, String(ROWS));
  console.log(`built the store (${ROWS.toLocaleString('en-US')} rows on the big day) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; out: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, env });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, out: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

if (!fs.existsSync(cli)) throw new Error('out/main/cli.js is missing: run `npx electron-vite build` first');
fs.mkdirSync(cacheDir, { recursive: true });
ensureStore();
const day = path.join(store, '2026-04-30');
const db = path.join(day, 'logs.sqlite');
const bytes = fs.statSync(db).size;
const env = { ...process.env, SPOOLSCOPE_DATA_DIR: path.join(cacheDir, 'sources-data') };
// Warm the page cache for both.
timed('sh', ['-c', 'cat "$1" > /dev/null', 'sh', db]);
const ours: number[] = [];
const peer: number[] = [];
let oursTop = '';
let peerTop = '';
for (let i = 0; i < RUNS; i++) {
  const a = timed(process.execPath, [cli, 'sources', day, '--json'], env);
  ours.push(a.ms);
  oursTop = (JSON.parse(a.out) as { sources: { name: string }[] }).sources[0].name;
  const b = timed('sqlite3', ['-readonly', '-batch', db, 'SELECT src, count(*), sum(length(msg)) AS b FROM logs GROUP BY src ORDER BY b DESC']);
  peer.push(b.ms);
  peerTop = b.out.split('\n')[0].split('|')[0];
}
if (oursTop !== 'gateway' || peerTop !== 'gateway') throw new Error(`the runaway is not first: spoolscope ${oursTop}, sqlite3 ${peerTop}`);
const result = {
  at: new Date().toISOString(),
  rows: ROWS,
  fileBytes: bytes,
  runs: RUNS,
  spoolscopeSourcesMs: Math.round(median(ours)),
  sqlite3GroupByMs: Math.round(median(peer)),
  ratio: +(median(ours) / median(peer)).toFixed(3),
};
console.log(`sources of a ${(bytes / 2 ** 30).toFixed(2)} GiB SQLite day (${ROWS.toLocaleString('en-US')} rows), median of ${RUNS}:`);
console.log(`  spoolscope sources --json        ${result.spoolscopeSourcesMs} ms (sampled: bounded whatever the size; includes the 2 baseline days, templates, writers)`);
console.log(`  sqlite3 GROUP BY src (full scan)  ${result.sqlite3GroupByMs} ms`);
fs.writeFileSync(path.join(cacheDir, 'sources-last-run.json'), JSON.stringify(result, null, 2) + '\n');
