// Builds a realistic "node" on disk for tests, the demo and manual poking: a day-partitioned SQLite
// log store with one runaway day, a WAL segment directory, rotated text logs, a hard-linked pair,
// a sparse file and hostile file names. Deterministic (seeded PRNG), so two builds have the same
// rows, names and sizes (allocated sizes may differ by a few blocks between filesystems).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { mulberry32 } from '../support/mulberry32';

export interface LabOptions {
  /** Day 120 is about this many times the baseline day by bytes (default 25). */
  spikeMultiple?: number;
  /** Rows per baseline day (default 12,000, about 1.2 MB of SQLite a day). */
  baselineRowsPerDay?: number;
}

export interface LabExpected {
  year: number;
  spikeDay: number;
  baselineDayNumbers: number[];
  /** Relative paths (to root) of every logs.sqlite, oldest first. */
  sqliteFiles: string[];
  /**
   * The day 120 database and its siblings, all present. Note: any SQLite reader of it, even read-only,
   * writes the -shm (its mtime changes). better-sqlite3 is built with SQLITE_USE_URI=0, so
   * `file:...?immutable=1` is not available to avoid it.
   */
  spikeSqlite: { db: string; wal: string; shm: string };
  sources: string[];
  spikeSource: string;
  spikeMessage: string;
  /** Rows per source per day, as written. */
  rowsPerDay: Record<number, Record<string, number>>;
  /** Rows of day 120 that live only in the -wal (not checkpointed). */
  spikeRowsInWal: number;
  walSegments: string[];
  streamSegments: string[];
  rotatedLogs: string[];
  hardLinks: [string, string];
  sparse: { path: string; size: number; writtenBytes: number };
  hostileDir: string;
  /** Raw names (bytes) of the direct entries of hostile/, as created. */
  hostileNames: Buffer[];
  /** Same as hostileNames, hex-encoded (JSON friendly). */
  hostileNamesHex: string[];
  /** The directory whose name has a space and a newline, and the file inside it. */
  hostileDirWithNewline: { name: string; file: string };
  /** Relative paths whose text looks like shell: scanning must never create these. */
  canaries: string[];
  /** Day-of-year (2026) to the epoch ms used as mtime for that day's files and dirs. */
  dayMtimeMs: Record<number, number>;
  /** Totals from an lstat walk after the build (hard links counted once; dirs included). */
  totals: { files: number; dirs: number; symlinks: number; apparentBytes: number; allocatedBytes: number };
  /** Allocated bytes (st_blocks * 512) per day directory, including sqlite siblings. */
  dayAllocatedBytes: Record<number, number>;
  buildMs: number;
}

export interface LabInfo {
  root: string;
  spikeDayPath: string;
  baselineDays: string[];
  /** Regular files (each hard link counted once). */
  files: number;
  expected: LabExpected;
}

const YEAR = 2026;
const BASELINE_DAYS = [114, 115, 116, 117, 118, 119];
const SPIKE_DAY = 120;
const DAY_MS = 86_400_000;
const SPIKE_MESSAGE = 'accept: Too many open files (os error 24)';
const SOURCES = ['api', 'ingest', 'scheduler', 'auth', 'gateway'];
/** Share of baseline rows per source (gateway is quiet until day 120). */
const SOURCE_WEIGHTS: Record<string, number> = { api: 0.34, ingest: 0.3, scheduler: 0.14, auth: 0.16, gateway: 0.06 };

/** Epoch ms of the start of a day-of-year in 2026 (UTC). */
export function dayStartMs(doy: number, year = YEAR): number {
  return Date.UTC(year, 0, 1) + (doy - 1) * DAY_MS;
}


export type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const hex = (rng: Rng, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rng() * 16)];
  return s;
};
const uuid = (rng: Rng): string => `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${hex(rng, 12)}`;

const USERS = ['alice', 'bob', 'carol', 'dmitri', 'eve', 'farah', 'svc-backup', 'svc-ci'];
const ROUTES = ['/v1/items', '/v1/orders', '/v1/users', '/v2/search', '/healthz', '/v1/reports/daily'];
const TABLES = ['events', 'metrics', 'traces', 'audit', 'inventory'];
const JOBS = ['compact-shards', 'rotate-keys', 'expire-sessions', 'rebuild-index', 'sync-replicas'];

/** A normal message for a source: numbers, hex, UUIDs, paths and quoted values, so templating has work to do. */
export function normalMessage(rng: Rng, src: string): { level: string; msg: string } {
  const r = rng();
  switch (src) {
    case 'api':
      if (r < 0.85) return { level: 'info', msg: `${pick(rng, ['GET', 'GET', 'POST', 'PUT', 'DELETE'])} ${pick(rng, ROUTES)}/${int(rng, 1, 99999)} -> ${pick(rng, [200, 200, 200, 201, 204, 404])} in ${int(rng, 1, 900)}ms request_id=${uuid(rng)}` };
      if (r < 0.97) return { level: 'warn', msg: `slow request ${pick(rng, ROUTES)} took ${int(rng, 1000, 9000)}ms (budget 1000ms) trace=${hex(rng, 16)}` };
      return { level: 'error', msg: `upstream "inventory-${int(rng, 1, 9)}" returned 503 after ${int(rng, 1, 5)} retries` };
    case 'ingest':
      if (r < 0.9) return { level: 'info', msg: `flushed batch ${int(rng, 1, 9_999_999)} of ${int(rng, 100, 5000)} records to ${pick(rng, TABLES)} shard ${int(rng, 0, 63)} (${int(rng, 10, 9000)} KiB)` };
      if (r < 0.98) return { level: 'debug', msg: `reading /var/spool/ingest/in/${hex(rng, 8)}.ndjson offset=${int(rng, 0, 1 << 30)}` };
      return { level: 'warn', msg: `dropped ${int(rng, 1, 40)} malformed records from "${pick(rng, USERS)}": unexpected token at ${int(rng, 1, 4000)}` };
    case 'scheduler':
      if (r < 0.8) return { level: 'info', msg: `job ${pick(rng, JOBS)} run ${int(rng, 1000, 99999)} finished in ${(rng() * 120).toFixed(2)}s` };
      if (r < 0.97) return { level: 'info', msg: `scheduled ${pick(rng, JOBS)} at 2026-04-${int(rng, 24, 30)}T${String(int(rng, 0, 23)).padStart(2, '0')}:00:00Z` };
      return { level: 'error', msg: `job ${pick(rng, JOBS)} failed: exit status ${int(rng, 1, 137)}` };
    case 'auth':
      if (r < 0.75) return { level: 'info', msg: `login ok user="${pick(rng, USERS)}" from 10.${int(rng, 0, 255)}.${int(rng, 0, 255)}.${int(rng, 1, 254)} session=${uuid(rng)}` };
      if (r < 0.95) return { level: 'info', msg: `token refreshed for user="${pick(rng, USERS)}" expires_in=${int(rng, 300, 3600)}s` };
      return { level: 'warn', msg: `login failed user="${pick(rng, USERS)}" reason="bad password" attempt ${int(rng, 1, 5)}` };
    default: // gateway
      if (r < 0.9) return { level: 'info', msg: `proxied ${pick(rng, ROUTES)} to backend-${int(rng, 1, 12)}:${int(rng, 8000, 8100)} in ${int(rng, 1, 300)}ms` };
      return { level: 'warn', msg: `backend-${int(rng, 1, 12)} health check failed: connection refused` };
  }
}

/** Approximate on-disk bytes of one row (payload plus record and cell overhead). */
const rowCost = (src: string, level: string, msg: string): number => src.length + level.length + msg.length + 20;

interface DayResult {
  rows: Record<string, number>;
  walRows: number;
}

/**
 * Writes one day's logs.sqlite. With keepWal, the last `walShare` of the rows are committed in a final
 * transaction that is never checkpointed: the db, -wal and -shm files are snapshotted while the
 * connection is still open (as a crashed or still-running writer would leave them) and put back after close.
 */
function writeDay(dayDir: string, doy: number, rng: Rng, baselineRows: number, spikeBytes: number, keepWal: boolean): DayResult {
  fs.mkdirSync(dayDir, { recursive: true });
  const dbPath = path.join(dayDir, 'logs.sqlite');
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE logs (id INTEGER PRIMARY KEY, ts INTEGER, src TEXT, level TEXT, msg TEXT)');
  const insert = db.prepare('INSERT INTO logs (ts, src, level, msg) VALUES (?, ?, ?, ?)');

  // Build the day's row plan: [src, level, msg] in time order.
  const rows: Record<string, number> = Object.fromEntries(SOURCES.map((s) => [s, 0]));
  let plan: Array<[string, string, string]> = [];
  let normalBytes = 0;
  for (let i = 0; i < baselineRows; i++) {
    let r = rng();
    let src = SOURCES[SOURCES.length - 1];
    for (const s of SOURCES) {
      r -= SOURCE_WEIGHTS[s];
      if (r < 0) {
        src = s;
        break;
      }
    }
    const { level, msg } = normalMessage(rng, src);
    plan.push([src, level, msg]);
    normalBytes += rowCost(src, level, msg);
  }
  if (spikeBytes > 0) {
    // The runaway: gateway hits EMFILE in a tight accept loop. Interleave its rows with the normal ones.
    const perRow = rowCost('gateway', 'error', SPIKE_MESSAGE);
    const spikeRows = Math.max(0, Math.round((spikeBytes - normalBytes) / perRow));
    const merged: Array<[string, string, string]> = [];
    const total = plan.length + spikeRows;
    let n = 0;
    for (let i = 0; i < total; i++) {
      // Keep normal rows spread evenly through the day.
      if (n < plan.length && (i * plan.length) / total >= n) merged.push(plan[n++]);
      else merged.push(['gateway', 'error', SPIKE_MESSAGE]);
    }
    while (n < plan.length) merged.push(plan[n++]);
    plan = merged;
  }
  for (const [src] of plan) rows[src]++;

  const start = dayStartMs(doy);
  const step = DAY_MS / (plan.length + 1);
  const insertRange = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const [src, level, msg] = plan[i];
      insert.run(Math.floor(start + (i + 1) * step), src, level, msg);
    }
  });

  let walRows = 0;
  if (!keepWal) {
    insertRange(0, plan.length);
    // A rolled day is a plain rollback-journal file. (A WAL-mode file without its -shm would make even a
    // read-only reader create -wal/-shm next to it, changing the tree under a scan.)
    db.pragma('journal_mode = DELETE');
    db.close();
    return { rows, walRows };
  }

  const cut = Math.floor(plan.length * 0.9);
  insertRange(0, cut);
  // Leave WAL mode and re-enter it so the -wal and -shm start fresh and small (a reader then keeps the
  // -shm at its size), then commit the rest: it stays in the -wal.
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = WAL');
  insertRange(cut, plan.length);
  walRows = plan.length - cut;

  const stage = fs.mkdtempSync(path.join(dayDir, '.stage-'));
  for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(dbPath + suffix, path.join(stage, 'logs.sqlite' + suffix));
  db.close();
  for (const suffix of ['', '-wal', '-shm']) fs.renameSync(path.join(stage, 'logs.sqlite' + suffix), dbPath + suffix);
  fs.rmdirSync(stage);
  return { rows, walRows };
}

/** Deterministic pseudo-random bytes (incompressible enough to look like segment data). */
function noise(rng: Rng, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i + 4 <= n; i += 4) b.writeUInt32LE((rng() * 4294967296) >>> 0, i);
  for (let i = n - (n % 4); i < n; i++) b[i] = (rng() * 256) | 0;
  return b;
}

function textLog(rng: Rng, doy: number, lines: number, tag: string): string {
  const start = dayStartMs(doy);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const src = pick(rng, SOURCES.slice(0, 4));
    const { level, msg } = normalMessage(rng, src);
    out.push(`${new Date(start + Math.floor((i * DAY_MS) / lines)).toISOString()} ${tag}[${int(rng, 100, 9999)}]: ${level.toUpperCase()} ${src}: ${msg}`);
  }
  return out.join('\n') + '\n';
}

function setMtime(p: string | Buffer, ms: number): void {
  const t = new Date(ms);
  fs.utimesSync(p, t, t);
}

interface Walked {
  files: number;
  dirs: number;
  symlinks: number;
  apparentBytes: number;
  allocatedBytes: number;
}

/** lstat walk with raw (Buffer) names; hard links counted once by (dev, ino). */
function walk(root: Buffer, seen = new Set<string>(), acc: Walked = { files: 0, dirs: 0, symlinks: 0, apparentBytes: 0, allocatedBytes: 0 }): Walked {
  const st = fs.lstatSync(root, { bigint: true });
  const key = `${st.dev}:${st.ino}`;
  if (!seen.has(key)) {
    seen.add(key);
    acc.apparentBytes += Number(st.size);
    acc.allocatedBytes += Number(st.blocks) * 512;
    if (st.isFile()) acc.files++;
    else if (st.isDirectory()) acc.dirs++;
    else if (st.isSymbolicLink()) acc.symlinks++;
  }
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(root, { encoding: 'buffer' })) walk(Buffer.concat([root, Buffer.from('/'), name]), seen, acc);
  }
  return acc;
}

function allocatedUnder(dir: string): number {
  let total = 0;
  for (const name of fs.readdirSync(dir)) {
    const st = fs.lstatSync(path.join(dir, name));
    total += st.blocks * 512;
  }
  return total;
}

export async function buildLab(dir: string, opts: LabOptions = {}): Promise<LabInfo> {
  const t0 = performance.now();
  const spikeMultiple = opts.spikeMultiple ?? 25;
  const baselineRows = opts.baselineRowsPerDay ?? 12_000;
  const root = path.resolve(dir);
  fs.mkdirSync(root, { recursive: true });
  const rel = (p: string): string => path.relative(root, p);
  const mtimes: Array<[string | Buffer, number]> = []; // applied at the end, files before their dirs
  const dayMtimeMs: Record<number, number> = {};
  const endOfDay = (doy: number): number => dayStartMs(doy) + DAY_MS - 60_000; // 23:59
  for (const d of [...BASELINE_DAYS, SPIKE_DAY]) dayMtimeMs[d] = d === SPIKE_DAY ? dayStartMs(d) + 14 * 3_600_000 : endOfDay(d);

  // 1. Day-partitioned SQLite log store.
  const store = path.join(root, 'logs', 'core', String(YEAR));
  const rowsPerDay: Record<number, Record<string, number>> = {};
  const sqliteFiles: string[] = [];
  for (const doy of BASELINE_DAYS) {
    const dayDir = path.join(store, String(doy));
    const r = writeDay(dayDir, doy, mulberry32(1000 + doy), baselineRows, 0, false);
    rowsPerDay[doy] = r.rows;
    sqliteFiles.push(rel(path.join(dayDir, 'logs.sqlite')));
    mtimes.push([path.join(dayDir, 'logs.sqlite'), dayMtimeMs[doy]], [dayDir, dayMtimeMs[doy]]);
  }
  const baselineSizes = BASELINE_DAYS.map((d) => fs.statSync(path.join(store, String(d), 'logs.sqlite')).size).sort((a, b) => a - b);
  const medianBaselineBytes = baselineSizes[Math.floor(baselineSizes.length / 2)];
  const spikeDir = path.join(store, String(SPIKE_DAY));
  // Size the spike from the real median baseline file size (rowCost tracks SQLite's bytes per row closely).
  const spike = writeDay(spikeDir, SPIKE_DAY, mulberry32(1000 + SPIKE_DAY), baselineRows, medianBaselineBytes * spikeMultiple, true);
  rowsPerDay[SPIKE_DAY] = spike.rows;
  const spikeRowsInWal = spike.walRows;
  sqliteFiles.push(rel(path.join(spikeDir, 'logs.sqlite')));
  for (const s of ['', '-wal', '-shm']) mtimes.push([path.join(spikeDir, 'logs.sqlite' + s), dayMtimeMs[SPIKE_DAY]]);
  mtimes.push([spikeDir, dayMtimeMs[SPIKE_DAY]]);
  mtimes.push([store, dayMtimeMs[SPIKE_DAY]], [path.dirname(store), dayMtimeMs[SPIKE_DAY]], [path.join(root, 'logs'), dayMtimeMs[BASELINE_DAYS[0]]]);

  // 2. WAL segment directory and a stream segment directory.
  const rng = mulberry32(42);
  const walDir = path.join(root, 'spool', 'wal');
  const streamDir = path.join(root, 'spool', 'stream');
  fs.mkdirSync(walDir, { recursive: true });
  fs.mkdirSync(streamDir, { recursive: true });
  const walSegments: string[] = [];
  const segSize = 256 * 1024;
  const segBlob = noise(rng, segSize);
  const WAL_COUNT = 12;
  for (let i = 1; i <= WAL_COUNT; i++) {
    const p = path.join(walDir, String(i).padStart(20, '0') + '.log');
    const size = i === WAL_COUNT ? 37_000 : segSize; // the active segment is partial
    fs.writeFileSync(p, segBlob.subarray(0, size));
    walSegments.push(rel(p));
    const doy = BASELINE_DAYS[0] + Math.floor(((i - 1) * (SPIKE_DAY - BASELINE_DAYS[0] + 1)) / WAL_COUNT);
    mtimes.push([p, dayStartMs(doy) + (i % 24) * 3_600_000]);
  }
  const streamSegments: string[] = [];
  const STREAM_COUNT = 8;
  for (let i = 1; i <= STREAM_COUNT; i++) {
    const p = path.join(streamDir, `seg-${String(i).padStart(6, '0')}.log`);
    fs.writeFileSync(p, segBlob.subarray(0, i === STREAM_COUNT ? 9_000 : 128 * 1024));
    streamSegments.push(rel(p));
    mtimes.push([p, dayStartMs(BASELINE_DAYS[0] + Math.min(i - 1, SPIKE_DAY - BASELINE_DAYS[0])) + 9 * 3_600_000]);
  }
  mtimes.push([walDir, dayMtimeMs[SPIKE_DAY]], [streamDir, dayMtimeMs[SPIKE_DAY]], [path.join(root, 'spool'), dayMtimeMs[SPIKE_DAY]]);

  // 3. Rotated text logs: app.log is today, .1 yesterday, .2.gz the day before, and so on.
  const appDir = path.join(root, 'var', 'log', 'app');
  const varLog = path.join(root, 'var', 'log');
  fs.mkdirSync(appDir, { recursive: true });
  const rotatedLogs: string[] = [];
  const rotated = (dirPath: string, base: string, count: number, plainCount: number, lines: number): void => {
    for (let i = 0; i < count; i++) {
      const name = i === 0 ? base : i < plainCount ? `${base}.${i}` : `${base}.${i}.gz`;
      const doy = SPIKE_DAY - i;
      const text = textLog(rng, doy, lines, base);
      const p = path.join(dirPath, name);
      fs.writeFileSync(p, name.endsWith('.gz') ? zlib.gzipSync(text, { level: 1 }) : text);
      rotatedLogs.push(rel(p));
      mtimes.push([p, i === 0 ? dayMtimeMs[SPIKE_DAY] : endOfDay(doy)]);
    }
  };
  rotated(appDir, 'app.log', 6, 2, 3000); // app.log, app.log.1, app.log.2.gz .. app.log.5.gz
  rotated(varLog, 'syslog', 3, 2, 2000); // syslog, syslog.1, syslog.2.gz
  mtimes.push([appDir, dayMtimeMs[SPIKE_DAY]], [varLog, dayMtimeMs[SPIKE_DAY]], [path.join(root, 'var'), dayMtimeMs[SPIKE_DAY]]);

  // 4. A hard-linked pair and a sparse file.
  const misc = path.join(root, 'misc');
  fs.mkdirSync(misc, { recursive: true });
  const linkA = path.join(misc, 'shared-chunk.dat');
  const linkB = path.join(misc, 'shared-chunk.hardlink.dat');
  fs.writeFileSync(linkA, noise(rng, 192 * 1024));
  fs.linkSync(linkA, linkB);
  const sparsePath = path.join(misc, 'sparse.img');
  const sparseSize = 16 * 1024 * 1024;
  const sparseWritten = 4096;
  {
    const fd = fs.openSync(sparsePath, 'w');
    fs.writeSync(fd, noise(rng, sparseWritten), 0, sparseWritten, 8 * 1024 * 1024);
    fs.ftruncateSync(fd, sparseSize);
    fs.closeSync(fd);
  }
  mtimes.push([linkA, dayMtimeMs[117]], [sparsePath, dayMtimeMs[118]], [misc, dayMtimeMs[118]]);

  // 5. Hostile names. Each is one path component; '/' cannot be in a name, so the shell-injection
  // path "$(touch /tmp/pwned)" also exists as nested directories: hostile/$(touch /tmp/pwned).
  const hostile = path.join(root, 'hostile');
  fs.mkdirSync(hostile, { recursive: true });
  const hostileBuf = Buffer.from(hostile + '/');
  const dirWithNewline = 'dir with space\nand newline';
  const names: Buffer[] = [
    'new\nline.log',
    'tab\there.log',
    '$(touch pwned)',
    '`id`',
    '-rf',
    '--help',
    `a'b"c`,
    'back\\slash.log',
    ' leading and trailing space ',
    'журнал-日志.log',
    'L'.repeat(246) + '.log', // 250 bytes
  ].map((s) => Buffer.from(s));
  names.push(Buffer.from([0x66, 0xff, 0xfe, 0x2e, 0x6c, 0x6f, 0x67])); // "f\xff\xfe.log": invalid UTF-8
  for (const [i, name] of names.entries()) {
    const p = Buffer.concat([hostileBuf, name]);
    fs.writeFileSync(p, `hostile file ${i}\n`.repeat(64 * (i + 1)));
    mtimes.push([p, dayMtimeMs[116]]);
  }
  const nlDir = path.join(hostile, dirWithNewline);
  fs.mkdirSync(nlDir);
  const nlFile = 'inner file.log';
  fs.writeFileSync(path.join(nlDir, nlFile), 'inside a directory with a newline in its name\n');
  mtimes.push([path.join(nlDir, nlFile), dayMtimeMs[116]], [nlDir, dayMtimeMs[116]]);
  // "$(touch /tmp/pwned)" as a path: hostile/$(touch /tmp/pwned)
  const injDir = path.join(hostile, '$(touch ', 'tmp');
  fs.mkdirSync(injDir, { recursive: true });
  fs.writeFileSync(path.join(injDir, 'pwned)'), 'if this name ever reaches a shell unquoted, /tmp/pwned appears\n');
  mtimes.push([path.join(injDir, 'pwned)'), dayMtimeMs[116]], [injDir, dayMtimeMs[116]], [path.dirname(injDir), dayMtimeMs[116]]);
  names.push(Buffer.from(dirWithNewline), Buffer.from('$(touch '));
  mtimes.push([hostile, dayMtimeMs[116]]);

  // Mtimes last (creating entries bumps their parent's mtime), deepest first, root last.
  for (const [p, ms] of mtimes) setMtime(p, ms);
  setMtime(root, dayMtimeMs[SPIKE_DAY]);

  const dayAllocatedBytes: Record<number, number> = {};
  for (const d of [...BASELINE_DAYS, SPIKE_DAY]) dayAllocatedBytes[d] = allocatedUnder(path.join(store, String(d)));
  const totals = walk(Buffer.from(root));

  const expected: LabExpected = {
    year: YEAR,
    spikeDay: SPIKE_DAY,
    baselineDayNumbers: [...BASELINE_DAYS],
    sqliteFiles,
    spikeSqlite: {
      db: rel(path.join(spikeDir, 'logs.sqlite')),
      wal: rel(path.join(spikeDir, 'logs.sqlite-wal')),
      shm: rel(path.join(spikeDir, 'logs.sqlite-shm')),
    },
    sources: [...SOURCES],
    spikeSource: 'gateway',
    spikeMessage: SPIKE_MESSAGE,
    rowsPerDay,
    spikeRowsInWal,
    walSegments,
    streamSegments,
    rotatedLogs,
    hardLinks: [rel(linkA), rel(linkB)],
    sparse: { path: rel(sparsePath), size: sparseSize, writtenBytes: sparseWritten },
    hostileDir: rel(hostile),
    hostileNames: names,
    hostileNamesHex: names.map((b) => b.toString('hex')),
    hostileDirWithNewline: { name: dirWithNewline, file: nlFile },
    canaries: ['/tmp/pwned', 'pwned'],
    dayMtimeMs,
    totals,
    dayAllocatedBytes,
    buildMs: Math.round(performance.now() - t0),
  };
  return {
    root,
    spikeDayPath: `logs/core/${YEAR}/${SPIKE_DAY}`,
    baselineDays: BASELINE_DAYS.map((d) => `logs/core/${YEAR}/${d}`),
    files: totals.files,
    expected,
  };
}
