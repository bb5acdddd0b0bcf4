// The rate formulas on data shaped like real stores: traffic in office hours only, a DST day, bursts, an
// open day that went idle, an idle text file. Days are Berlin days; rows go through the real sampling
// statements on an in-memory SQLite table, so what is checked is what a store would read.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dayZone, partitionPeriod, wallTimeMs } from '../../../src/main/core/sources/dayCalendar';
import { nowBytesPerSecond } from '../../../src/main/core/sources/nowRate';
import { median, partitionRatio, rankSources, type PartitionVolume } from '../../../src/main/core/sources/sourceRates';
import { samplingFromRows, samplingStatements, type SamplingShape } from '../../../src/main/core/sources/sqliteSamplingSql';
import { sqliteVolume } from '../../../src/main/core/sources/sqliteVolumes';
import { analyzeTail } from '../../../src/main/core/sources/textTail';
import { formatLineCount } from '../../../src/shared/sourcesText';

const berlin = dayZone('Europe/Berlin')!;
const LONG_AGO = Date.UTC(2027, 0, 1);
const WEEK = ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29'];
const RUNAWAY_DAY = '2026-03-30';
/** Rows a day per quiet source and the bytes of each of its rows (source, message and 24 as the sampling counts them). */
const QUIET: Record<string, { rows: number; bytes: number }> = { api: { rows: 1200, bytes: 110 }, ingest: { rows: 800, bytes: 95 }, auth: { rows: 500, bytes: 90 }, scheduler: { rows: 260, bytes: 80 } };
const RUNAWAY_ROW = 70;
const SHAPE: SamplingShape = { strata: 48, rowsPerStratum: 200, tailRows: 5000, sourceRows: 50, sourceCountCap: 10_000, maxSources: 200 };

interface Row {
  ts: number;
  src: string;
  bytes: number;
}

/** A Berlin wall time (zone offsets as the calendar reads them; the lab tests check them against date(1)); 24:00 is the next midnight. */
const at = (date: string, h: number, m = 0) => (h === 24 ? partitionPeriod(date, berlin, LONG_AGO)!.endMs : wallTimeMs(berlin, Date.parse(`${date}T00:00:00Z`) + (h * 60 + m) * 60_000));

/** A quiet source's rows spread evenly over office hours, 09:00 to 17:00. */
function officeRows(date: string): Row[] {
  const out: Row[] = [];
  for (const [src, q] of Object.entries(QUIET)) {
    for (let i = 0; i < q.rows; i++) out.push({ ts: at(date, 9) + Math.floor(((i + 0.5) * 8 * 3_600_000) / q.rows), src, bytes: q.bytes });
  }
  return out;
}

function spread(src: string, count: number, bytes: number, from: number, to: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({ ts: from + Math.floor(((i + 0.5) * (to - from)) / count), src, bytes }));
}

/** The rows as a table, sampled by the real statements; the table's bytes as written stand for its file. */
function sample(date: string, rows: Row[], nowMs = LONG_AGO): { volume: PartitionVolume; fileBytes: number } {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE logs (id INTEGER PRIMARY KEY, ts INTEGER, src TEXT, msg TEXT)');
  const ins = db.prepare('INSERT INTO logs (ts, src, msg) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const r of [...rows].sort((a, b) => a.ts - b.ts)) ins.run(r.ts, r.src, 'x'.repeat(r.bytes - 24 - r.src.length));
  })();
  const out: string[][] = [];
  for (const sql of samplingStatements({ table: 'logs', source: 'src', time: 'ts', message: 'msg', from: 'detected' }, SHAPE, false)) {
    for (const r of db.prepare(sql).raw(true).all() as unknown[][]) out.push(r.map((c) => (c === null ? '' : String(c))));
  }
  db.close();
  const fileBytes = rows.reduce((n, r) => n + r.bytes, 0);
  const period = partitionPeriod(date, berlin, nowMs)!;
  return { volume: sqliteVolume(date, samplingFromRows(out), fileBytes, period).volume, fileBytes };
}

const bytesOf = (rows: Row[], src?: string) => rows.filter((r) => src === undefined || r.src === src).reduce((n, r) => n + r.bytes, 0);

describe('office-hours days and a runaway', () => {
  const week = WEEK.map((d) => ({ date: d, rows: officeRows(d) }));
  const weekBytes = week.map((d) => bytesOf(d.rows));
  // The runaway writes around the clock until the day is 32.6x the week's median by bytes.
  const quiet = officeRows(RUNAWAY_DAY);
  const gatewayRows = Math.round((32.6 * median(weekBytes) - bytesOf(quiet)) / RUNAWAY_ROW);
  const runaway = [...quiet, ...spread('gateway', gatewayRows, RUNAWAY_ROW, at(RUNAWAY_DAY, 0), at(RUNAWAY_DAY, 24))];
  const truth = bytesOf(runaway) / median(weekBytes);

  it('a finished day reads its bytes over the median bytes of the days before (32.6x), each quiet source about 1x', () => {
    const baseline = week.map((d) => sample(d.date, d.rows).volume);
    const current = sample(RUNAWAY_DAY, runaway).volume;
    expect(truth).toBeCloseTo(32.6, 2);
    expect(partitionRatio(current, baseline)!).toBeCloseTo(truth, 6);
    const ranked = rankSources(current, baseline);
    expect(ranked[0].name).toBe('gateway');
    for (const s of ranked.slice(1)) {
      expect(s.baselineRatio!).toBeGreaterThan(0.85);
      expect(s.baselineRatio!).toBeLessThan(1.15);
    }
    // The sources' ratios over their bytes: the quiet ones' median is 1 within the sampling's few percent.
    expect(median(ranked.slice(1).map((s) => s.baselineRatio!))).toBeCloseTo(1, 1);
    // Rates are over the day (24 h), not over the hours its rows span.
    expect(current.seconds).toBe(86_400);
    expect(ranked[0].bytesPerSecond * 86_400).toBeCloseTo(ranked[0].bytes, 3);
  });

  it('a quiet day of the week reads 1x however its hours fall: the DST day (23 h) is not 24/23 of a day', () => {
    const baseline = week.slice(0, 6).map((d) => sample(d.date, d.rows).volume);
    const dst = sample('2026-03-29', week[6].rows).volume;
    expect(dst.seconds).toBe(82_800);
    expect(partitionRatio(dst, baseline)!).toBeCloseTo(bytesOf(week[6].rows) / median(weekBytes.slice(0, 6)), 6);
    const api = rankSources(dst, baseline).find((s) => s.name === 'api')!;
    expect(api.baselineRatio!).toBeCloseTo(1, 1);
    // Per second over its own 23 h.
    expect(api.bytesPerSecond).toBeCloseTo(api.bytes / 82_800, 9);
  });

  it('the 25 h day of October reads its bytes over 90,000 s', () => {
    const v = sample('2026-10-25', officeRows('2026-10-25')).volume;
    expect(v.seconds).toBe(90_000);
  });
});

describe('bursts and idle days', () => {
  const week = WEEK.map((d) => ({ date: d, rows: officeRows(d) }));
  const baseline = week.map((d) => sample(d.date, d.rows).volume);
  const weekBytes = median(week.map((d) => bytesOf(d.rows)));

  it("a day whose bytes came in one 10-minute burst reads its bytes' ratio, not 144 times that", () => {
    const burst = spread('api', 3000, 110, at(RUNAWAY_DAY, 11), at(RUNAWAY_DAY, 11, 10));
    const v = sample(RUNAWAY_DAY, burst).volume;
    expect(partitionRatio(v, baseline)!).toBeCloseTo(bytesOf(burst) / weekBytes, 6);
  });

  it("the open day is rated from its start until now: idle since 08:00, its rate falls as the day goes on", () => {
    const morning = spread('api', 2400, 110, at(RUNAWAY_DAY, 0), at(RUNAWAY_DAY, 8));
    const at10 = sample(RUNAWAY_DAY, morning, at(RUNAWAY_DAY, 10)).volume;
    const at16 = sample(RUNAWAY_DAY, morning, at(RUNAWAY_DAY, 16)).volume;
    expect(at10.seconds).toBe(10 * 3600);
    expect(at16.seconds).toBe(16 * 3600);
    const r10 = rankSources(at10, baseline).find((s) => s.name === 'api')!;
    const r16 = rankSources(at16, baseline).find((s) => s.name === 'api')!;
    expect(r10.bytesPerSecond).toBeCloseTo(bytesOf(morning) / 36_000, 3);
    expect(r16.bytesPerSecond / r10.bytesPerSecond).toBeCloseTo(10 / 16, 6);
    // Against the median day spread over the whole day (24 h).
    expect(r16.baselineRatio!).toBeCloseTo(bytesOf(morning) / 57_600 / (median(week.map((d) => bytesOf(d.rows, 'api'))) / 86_400), 1);
  });
});

describe('an idle text file', () => {
  const now = Date.UTC(2026, 11, 7, 12);
  const lines = (fromMs: number, count: number, stepMs: number) =>
    Array.from({ length: count }, (_, i) => `${new Date(fromMs + i * stepMs).toISOString()} app[1]: INFO handled request ${i}`).join('\n') + '\n';

  it('written in one second two hours ago: 0 B/s now, whatever its day says', () => {
    const text = lines(now - 2 * 3_600_000, 60, 16);
    const tail = analyzeTail(text, text.length, text.length);
    expect(nowBytesPerSecond(tail.timed, now, -Infinity)).toBe(0);
  });

  it('written in one second two minutes ago: its bytes over the last 5 minutes', () => {
    const text = lines(now - 120_000, 60, 16);
    const tail = analyzeTail(text, text.length, text.length);
    expect(nowBytesPerSecond(tail.timed, now, -Infinity)).toBeCloseTo(text.length / 300, 9);
  });

  it('a tail cut short of the window is rated over what it covers', () => {
    const text = lines(now - 30_000, 301, 100);
    // Only the last bytes were read: the first line is cut and dropped, the rest covers 29.9 s.
    const tail = analyzeTail(text, text.length * 10, text.length);
    const covered = (now - tail.timed[0].t) / 1000;
    expect(nowBytesPerSecond(tail.timed, now, tail.timed[0].t)!).toBeCloseTo(tail.bytes / covered, 6);
  });

  it('lines without a time give no rate now; times without an offset are read in the zone', () => {
    const text = 'no time here\nnor here\n';
    expect(nowBytesPerSecond(analyzeTail(text, text.length, text.length).timed, now, -Infinity)).toBeNull();
    const local = '2026-07-01 12:00:00 app: INFO x\n';
    expect(analyzeTail(local, local.length, local.length, undefined, berlin).firstMs).toBe(Date.UTC(2026, 6, 1, 10));
  });
});

describe('counts that are estimates read as estimates', () => {
  it.each([
    [75_234, true, '≈75,200'],
    [75_234, false, '75,234'],
    [999, true, '≈999'],
    [3, true, '≈3'],
    [0, true, '≈0'],
  ])('%d (estimated %s) reads %s', (n, est, text) => {
    expect(formatLineCount(n, est)).toBe(text);
  });
});
