// A day-partitioned SQLite log store shaped like a real one, for checking source rates against the truth:
// days in a named time zone (YYYY-MM-DD/logs.sqlite), quiet sources that write only in office hours (09:00
// to 17:00 local), a rare one that writes three rows at 03:00, and on one day a runaway that writes around
// the clock until the day's file is a chosen multiple of the median of the week before. Optionally an index
// on the source column, and a day still being written (rows up to a given instant, then idle).
//
// Local times are turned into epoch times by the system's `date` (TZ=zone date -d ...), not by the code
// under test, so a DST day's length here is independent truth. What was written is returned: rows and bytes
// per source per day (each row's src, level and msg bytes plus 8 for its time) and each day's file bytes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { normalMessage, type Rng } from './buildLab';
import { mulberry32 } from '../support/mulberry32';

export interface CalendarStoreOptions {
  /** IANA zone the store's days are in (default Europe/Berlin). */
  zone?: string;
  /** ISO dates, oldest first. */
  days: string[];
  /** On `day`, `source` writes around the clock until the day's file is `multiple` x the median of the 7 days before. */
  runaway?: { day: string; source: string; multiple: number; message?: string };
  /** An index on the source column (each source can then be sought). */
  sourceIndex?: boolean;
  /** Quiet rows per day, all in office hours (default 6,000). */
  quietRowsPerDay?: number;
  /** A day still being written: its rows run around the clock from its start up to `untilMs`, then stop. */
  openDay?: { day: string; untilMs: number };
  seed?: number;
}

export interface CalendarStoreInfo {
  storeDir: string;
  zone: string;
  /** ISO date -> the day's directory. */
  dayDirs: Record<string, string>;
  /** ISO date -> epoch ms of its local midnight and of the next one (from `date`). */
  bounds: Record<string, { startMs: number; endMs: number }>;
  rows: Record<string, Record<string, number>>;
  /** Bytes of each source's rows as written: src, level and msg as UTF-8, plus 8 for the time. */
  bytes: Record<string, Record<string, number>>;
  /** The day's logs.sqlite size after the build. */
  fileBytes: Record<string, number>;
  /** The runaway day's file bytes over the median of the 7 days before it, as built. */
  runawayMultiple: number | null;
  sources: string[];
  rareSource: string;
  runawayMessage: string;
}

/** The office's sources and their share of the quiet rows. */
const QUIET: Record<string, number> = { api: 0.4, ingest: 0.28, auth: 0.18, scheduler: 0.1, gateway: 0.04 };
const RARE = 'backup';
const RUNAWAY_MESSAGE = 'accept: Too many open files (os error 24)';

/** Epoch ms of a local wall time in `zone`, by the system's date(1). */
export function localTimeMs(zone: string, isoDate: string, hhmm = '00:00'): number {
  const out = execFileSync('date', ['-d', `${isoDate} ${hhmm}`, '+%s'], { env: { ...process.env, TZ: zone }, encoding: 'utf8' });
  return Number(out.trim()) * 1000;
}

export function nextIsoDate(isoDate: string): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const rowBytes = (src: string, level: string, msg: string) => Buffer.byteLength(src) + Buffer.byteLength(level) + Buffer.byteLength(msg) + 8;

interface PlannedRow {
  ts: number;
  src: string;
  level: string;
  msg: string;
}

function quietRows(rng: Rng, count: number, from: number, to: number): PlannedRow[] {
  const out: PlannedRow[] = [];
  for (let i = 0; i < count; i++) {
    let r = rng();
    let src = 'gateway';
    for (const [s, w] of Object.entries(QUIET)) {
      r -= w;
      if (r < 0) {
        src = s;
        break;
      }
    }
    const { level, msg } = normalMessage(rng, src);
    out.push({ ts: Math.floor(from + ((i + 0.5) * (to - from)) / count), src, level, msg });
  }
  return out;
}

function writeDb(file: string, rows: PlannedRow[], sourceIndex: boolean): void {
  fs.rmSync(file, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  db.exec('CREATE TABLE logs (id INTEGER PRIMARY KEY, ts INTEGER, src TEXT, level TEXT, msg TEXT)');
  if (sourceIndex) db.exec('CREATE INDEX logs_src ON logs (src)');
  const ins = db.prepare('INSERT INTO logs (ts, src, level, msg) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const r of rows) ins.run(r.ts, r.src, r.level, r.msg);
  })();
  db.close();
}

export function buildCalendarStore(storeDir: string, opts: CalendarStoreOptions): CalendarStoreInfo {
  const zone = opts.zone ?? 'Europe/Berlin';
  const quiet = opts.quietRowsPerDay ?? 6_000;
  const runawayMessage = opts.runaway?.message ?? RUNAWAY_MESSAGE;
  const info: CalendarStoreInfo = {
    storeDir,
    zone,
    dayDirs: {},
    bounds: {},
    rows: {},
    bytes: {},
    fileBytes: {},
    runawayMultiple: null,
    sources: [...Object.keys(QUIET), RARE],
    rareSource: RARE,
    runawayMessage,
  };
  const plans: Record<string, PlannedRow[]> = {};
  for (const [i, day] of opts.days.entries()) {
    const rng = mulberry32((opts.seed ?? 31) * 1000 + i);
    const startMs = localTimeMs(zone, day);
    const endMs = localTimeMs(zone, nextIsoDate(day));
    info.bounds[day] = { startMs, endMs };
    let rows: PlannedRow[];
    if (opts.openDay?.day === day) {
      // Around the clock up to `untilMs`: what has been written of a day that is not over.
      const until = Math.max(startMs + 1000, Math.min(endMs, opts.openDay.untilMs));
      rows = quietRows(rng, Math.max(1, Math.round((quiet * (until - startMs)) / (endMs - startMs))), startMs, until);
    } else {
      rows = quietRows(rng, quiet, localTimeMs(zone, day, '09:00'), localTimeMs(zone, day, '17:00'));
      const three = localTimeMs(zone, day, '03:00');
      for (let k = 0; k < 3; k++) rows.push({ ts: three + k * 20_000, src: RARE, level: 'info', msg: `backup of /var/lib/app/shard-${k} finished in ${(12 + k * 1.7).toFixed(1)}s` });
    }
    plans[day] = rows;
  }

  const fileOf = (day: string) => path.join(storeDir, day, 'logs.sqlite');
  const write = (day: string) => {
    fs.mkdirSync(path.dirname(fileOf(day)), { recursive: true });
    const rows = [...plans[day]].sort((a, b) => a.ts - b.ts);
    writeDb(fileOf(day), rows, opts.sourceIndex ?? false);
    info.fileBytes[day] = fs.statSync(fileOf(day)).size;
  };
  for (const day of opts.days) write(day);

  const run = opts.runaway;
  if (run) {
    const idx = opts.days.indexOf(run.day);
    if (idx < 0) throw new Error(`runaway day ${run.day} is not one of the days`);
    const before = opts.days.slice(Math.max(0, idx - 7), idx).map((d) => info.fileBytes[d]);
    const target = run.multiple * medianOf(before);
    const { startMs, endMs } = info.bounds[run.day];
    const base = plans[run.day];
    const withRunaway = (n: number): PlannedRow[] => {
      const extra: PlannedRow[] = [];
      for (let i = 0; i < n; i++) extra.push({ ts: Math.floor(startMs + ((i + 0.5) * (endMs - startMs)) / n), src: run.source, level: 'error', msg: runawayMessage });
      return [...base, ...extra];
    };
    // Sized from the bytes a runaway row takes in the file: measured on a first build, then built again.
    const quietBytes = info.fileBytes[run.day];
    let n = Math.max(1, Math.round((target - quietBytes) / (rowBytes(run.source, 'error', runawayMessage) + 12)));
    plans[run.day] = withRunaway(n);
    write(run.day);
    const perRow = (info.fileBytes[run.day] - quietBytes) / n;
    n = Math.max(1, Math.round((target - quietBytes) / perRow));
    plans[run.day] = withRunaway(n);
    write(run.day);
    info.runawayMultiple = info.fileBytes[run.day] / medianOf(before);
  }

  for (const day of opts.days) {
    const rows: Record<string, number> = {};
    const bytes: Record<string, number> = {};
    for (const r of plans[day]) {
      rows[r.src] = (rows[r.src] ?? 0) + 1;
      bytes[r.src] = (bytes[r.src] ?? 0) + rowBytes(r.src, r.level, r.msg);
    }
    info.rows[day] = rows;
    info.bytes[day] = bytes;
    info.dayDirs[day] = path.dirname(fileOf(day));
    // A day's files were last written at its newest row.
    const newest = new Date(plans[day].reduce((m, r) => Math.max(m, r.ts), 0));
    fs.utimesSync(fileOf(day), newest, newest);
    fs.utimesSync(info.dayDirs[day], newest, newest);
  }
  return info;
}

function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
