// Source rates by calendar day, on stores shaped like real ones and read through the real probes, checked
// against what the lab wrote: an office-hours SQLite store in Europe/Berlin with a 32.6x runaway day and a
// 23 h DST day, with and without an index on its source column; and a store whose newest day is still being
// written (SQLite and text), in a zone where it is about noon now, so the open day has hours behind it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalendarStore, localTimeMs, nextIsoDate, type CalendarStoreInfo } from '../../lab/calendarStore';
import { buildOpenTextDay, type OpenTextDayInfo } from '../../lab/openTextDay';
import { createBackend } from '../../../src/main/backend';
import { SourceAnalyzer } from '../../../src/main/services/sources/sourceAnalyzer';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { median } from '../../../src/main/core/sources/sourceRates';
import type { SourcesReport } from '../../../src/shared/sourceModels';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('sources-calendar');
const analyzer = new SourceAnalyzer({ transportFor: () => new LocalTransport() });
const DAYS = ['2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'];
const RUNAWAY = '2026-03-30';
const BERLIN = { timeZone: 'Europe/Berlin' };
let plain: CalendarStoreInfo;
let indexed: CalendarStoreInfo;
let live: CalendarStoreInfo;
let liveText: OpenTextDayInfo;
let liveZone: string;
let today: string;
let plainRunaway: SourcesReport;
let indexedRunaway: SourcesReport;

/** A zone where it is about noon now: the open day has hours behind it whenever the test runs. */
function noonZone(): string {
  const offset = Math.max(-12, Math.min(14, 12 - new Date().getUTCHours()));
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** What the lab wrote: `day`'s bytes of `source` over the median of the 7 days before. */
function truthRatio(s: CalendarStoreInfo, day: string, source?: string): number {
  const i = DAYS.indexOf(day);
  const prev = DAYS.slice(Math.max(0, i - 7), i);
  const of = (d: string) => (source === undefined ? s.fileBytes[d] : (s.bytes[d][source] ?? 0));
  return of(day) / median(prev.map(of));
}

beforeAll(async () => {
  const runaway = { day: RUNAWAY, source: 'gateway', multiple: 32.6 };
  plain = buildCalendarStore(join(tmp.dir, 'office', 'plain'), { days: DAYS, runaway });
  indexed = buildCalendarStore(join(tmp.dir, 'office', 'indexed'), { days: DAYS, runaway, sourceIndex: true });
  liveZone = noonZone();
  today = execFileSync('date', ['+%F'], { env: { ...process.env, TZ: liveZone }, encoding: 'utf8' }).trim();
  const liveDays = [-3, -2, -1, 0].map((k) => new Date(Date.parse(`${today}T00:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10));
  // Written around the clock until 10 minutes ago, idle since.
  live = buildCalendarStore(join(tmp.dir, 'live', 'sqlite'), { zone: liveZone, days: liveDays, openDay: { day: today, untilMs: Date.now() - 600_000 }, sourceIndex: true });
  const span = (d: string) => ({ date: d, startMs: localTimeMs(liveZone, d), endMs: localTimeMs(liveZone, nextIsoDate(d)) });
  liveText = buildOpenTextDay(join(tmp.dir, 'live', 'text'), { before: liveDays.slice(0, -1).map(span), open: { date: today, startMs: localTimeMs(liveZone, today), nowMs: Date.now() } });
  [plainRunaway, indexedRunaway] = await Promise.all([analyzer.analyze('local', plain.dayDirs[RUNAWAY], BERLIN), analyzer.analyze('local', indexed.dayDirs[RUNAWAY], BERLIN)]);
});

afterAll(() => tmp.cleanup());

describe('a finished day in an office-hours store', () => {
  it.each([
    ['without a source index', () => plainRunaway, () => plain],
    ['with a source index', () => indexedRunaway, () => indexed],
  ])('%s: the runaway day reads 32.6x by bytes, the quiet sources about 1x, as the lab wrote them', (_what, report, store) => {
    const r = report();
    const s = store();
    expect(s.runawayMultiple!).toBeCloseTo(32.6, 1);
    console.log(`${_what}: partition ${r.partitionBaselineRatio!.toFixed(2)}x (written ${truthRatio(s, RUNAWAY).toFixed(2)}x); ${r.sources.map((x) => `${x.name} ${x.baselineRatio?.toFixed(2)}x (written ${truthRatio(s, RUNAWAY, x.name).toFixed(2)}x)`).join(', ')}`);
    expect(r.partitionBaselineRatio!).toBeCloseTo(truthRatio(s, RUNAWAY), 2);
    expect(r.day).toMatchObject({ date: RUNAWAY, open: false, seconds: 86_400, daySeconds: 86_400, startMs: s.bounds[RUNAWAY].startMs, endMs: s.bounds[RUNAWAY].endMs });
    expect(r.timeZone).toEqual({ name: 'Europe/Berlin', from: 'override' });
    expect(r.sources[0].name).toBe('gateway');
    for (const q of r.sources.filter((x) => ['api', 'ingest', 'auth', 'scheduler'].includes(x.name))) {
      expect(Math.abs(q.baselineRatio! - truthRatio(s, RUNAWAY, q.name))).toBeLessThan(0.15);
    }
    // Rates are the day's bytes over its 24 h.
    expect(r.sources[0].bytesPerSecond * 86_400).toBeCloseTo(r.sources[0].bytes, 0);
    expect(r.sources.every((x) => x.nowBytesPerSecond === null)).toBe(true);
    expect(r.sampling.rowsRead).toBeLessThanOrEqual(r.sampling.rowsBudget);
    // A finished day is its date everywhere: no day of the chart is open.
    expect(r.days.map((d) => d.date)).toEqual(DAYS.slice(1, 9));
    expect(r.days.some((d) => d.open)).toBe(false);
  });

  it('without an index: the strata are tripled, and the quiet sources drowned out of the newest rows say why', () => {
    expect(plainRunaway.sqlite?.sourceIndex).toBeNull();
    const quiet = plainRunaway.sources.filter((x) => x.name !== 'gateway');
    expect(quiet.length).toBeGreaterThanOrEqual(4);
    for (const q of quiet) expect(q).toMatchObject({ notSampledReason: 'no-source-index', templates: [], linesEstimated: true });
    expect(plainRunaway.sources[0].notSampledReason).toBeNull();
  });

  it('with an index: every source is sampled through it, its lines counted exactly, the rare one found', () => {
    expect(indexedRunaway.sqlite?.sourceIndex).toBe('logs_src');
    for (const s of indexedRunaway.sources) {
      expect(s.notSampledReason).toBeNull();
      expect(s.templates.length).toBeGreaterThan(0);
      expect(s.recentLines.length).toBeGreaterThan(0);
    }
    for (const name of ['api', 'ingest', 'auth', 'scheduler', 'backup']) {
      expect(indexedRunaway.sources.find((s) => s.name === name)).toMatchObject({ lines: indexed.rows[RUNAWAY][name], linesEstimated: false });
    }
    const gateway = indexedRunaway.sources[0];
    expect(gateway.linesEstimated).toBe(true);
    expect(Math.abs(gateway.lines / indexed.rows[RUNAWAY].gateway - 1)).toBeLessThan(0.02);
    expect(indexedRunaway.sources.find((s) => s.name === 'backup')!.recentLines[0]).toMatch(/^backup of \/var\/lib\/app\/shard-\d finished/);
  });

  it('the DST day lasts 23 h by the system clock, and its office traffic reads about 1x', async () => {
    const r = await analyzer.analyze('local', indexed.dayDirs['2026-03-29'], BERLIN);
    expect(indexed.bounds['2026-03-29'].endMs - indexed.bounds['2026-03-29'].startMs).toBe(82_800_000);
    expect(r.day).toMatchObject({ date: '2026-03-29', seconds: 82_800, startMs: indexed.bounds['2026-03-29'].startMs });
    expect(r.partitionBaselineRatio!).toBeCloseTo(truthRatio(indexed, '2026-03-29'), 2);
    for (const s of r.sources) expect(Math.abs(s.baselineRatio! - truthRatio(indexed, '2026-03-29', s.name))).toBeLessThan(0.1);
  });

  it("the node's zone is read on the node (TZ here), and the CLI names a finished day by its date, never now", () => {
    const env = { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data-cli'), TZ: 'Europe/Berlin' };
    const json = runCli(['sources', indexed.dayDirs['2026-03-29'], '--json'], env);
    expect(json.stderr).toBe('');
    const r = JSON.parse(json.stdout) as SourcesReport;
    expect(r.timeZone).toEqual({ name: 'Europe/Berlin', from: 'node' });
    expect(r.day?.seconds).toBe(82_800);
    // In UTC the same key is a 24 h day.
    const utc = JSON.parse(runCli(['sources', indexed.dayDirs['2026-03-29'], '--json'], { ...env, TZ: 'UTC' }).stdout) as SourcesReport;
    expect(utc.day?.seconds).toBe(86_400);
    const text = runCli(['sources', plain.dayDirs[RUNAWAY]], env).stdout;
    expect(text).toMatch(/^day: 2026-03-30 \(24 h, Europe\/Berlin\): finished$/m);
    expect(text).not.toMatch(/\bnow\b/);
    expect(text).toMatch(/^api\s.*\s≈\d/m);
    expect(text).toMatch(/^not sampled: .*api \(no-source-index\)/m);
  });

  it("a root's saved time zone is used for the paths inside it", async () => {
    const backend = createBackend({ dataDir: join(tmp.dir, 'data-zone'), frontDoor: 'websocket' });
    try {
      const root = join(tmp.dir, 'office');
      await backend.dispatcher.call('roots.add', { node: 'local', path: root }, { frontDoor: 'websocket' });
      const analyze = async () => ((await backend.dispatcher.call('sources.analyze', { node: 'local', path: indexed.dayDirs['2026-03-29'] }, { frontDoor: 'websocket' })) as { result: SourcesReport }).result;
      expect((await analyze()).timeZone.from).toBe('node');
      await expect(backend.dispatcher.call('sources.timeZone.set', { node: 'local', root, timeZone: 'Mars/Olympus' }, { frontDoor: 'websocket' })).resolves.toMatchObject({ ok: false, code: 'bad_request' });
      await expect(backend.dispatcher.call('sources.timeZone.set', { node: 'local', root, timeZone: 'Europe/Berlin' }, { frontDoor: 'websocket' })).resolves.toEqual({ ok: true, result: { timeZone: 'Europe/Berlin' } });
      const r = await analyze();
      expect(r.timeZone).toEqual({ name: 'Europe/Berlin', from: 'override' });
      expect(r.day?.seconds).toBe(82_800);
    } finally {
      await backend.close();
    }
  });
});

describe('the open day', () => {
  it('a SQLite day idle for 10 minutes: rated from its start until now, 0 B/s now, the only day that is open', async () => {
    const r = await analyzer.analyze('local', live.dayDirs[today], { timeZone: liveZone });
    const start = live.bounds[today].startMs;
    expect(r.day).toMatchObject({ date: today, open: true, startMs: start });
    // The node's now, to the second the probe read it.
    expect(Math.abs(r.day!.seconds - (r.analyzedAt - start) / 1000)).toBeLessThan(5);
    const bytes = r.sources.reduce((n, s) => n + s.bytes, 0);
    expect(r.sources.reduce((n, s) => n + s.bytesPerSecond, 0)).toBeCloseTo(bytes / r.day!.seconds, 6);
    for (const s of r.sources) expect(s.nowBytesPerSecond).toBe(0);
    expect(r.days.map((d) => d.open)).toEqual([false, false, false, true]);
    // Written around the clock until 10 minutes ago: about the rate of a whole day.
    expect(r.partitionBaselineRatio!).toBeGreaterThan(0.9);
    expect(r.partitionBaselineRatio!).toBeLessThan(1.1);
  });

  it('text: the steady writer reads its last 5 minutes now, the idle burst 0; every file named; estimates and skipped files say so', async () => {
    const r = await analyzer.analyze('local', liveText.openDayDir, { timeZone: liveZone });
    expect(r.day?.open).toBe(true);
    const by = (n: string) => r.sources.find((s) => s.name === n)!;
    const steady = by('steady');
    expect(steady.nowBytesPerSecond!).toBeGreaterThan((liveText.steadyLastFiveMinutesBytes / 300) * 0.8);
    expect(steady.nowBytesPerSecond!).toBeLessThan((liveText.steadyLastFiveMinutesBytes / 300) * 1.25);
    expect(steady.bytesPerSecond).toBeCloseTo(liveText.files['steady.log'].bytes / r.day!.seconds, 6);
    const burst = by('burst');
    expect(burst.nowBytesPerSecond).toBe(0);
    expect(burst.bytesPerSecond).toBeLessThan(1);
    // Read whole: counted. The small services left out and the others: estimated or none.
    expect(burst).toMatchObject({ lines: 200, linesEstimated: false, notSampledReason: null });
    expect(by('rotated')).toMatchObject({ notSampledReason: 'compressed', linesEstimated: true });
    expect(by('empty')).toMatchObject({ notSampledReason: 'empty', lines: 0 });
    const crowded = r.sources.filter((s) => s.notSampledReason === 'crowded-out').map((s) => s.name).sort();
    expect(crowded).toEqual(['svc-aa', 'svc-ab', 'svc-ac', 'svc-ad']);
    expect(r.sources.every((s) => s.name.trim() !== '')).toBe(true);
  });

  it('the CLI says the open day runs until now and shows each source now', () => {
    const text = runCli(['sources', liveText.openDayDir, '--time-zone', liveZone], { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data-cli') }).stdout;
    expect(text).toMatch(new RegExp(`^day: ${today} so far \\(.* since midnight .*\\): open, rates run until now$`, 'm'));
    expect(text).toMatch(/^SOURCE\s.*\sNOW\s/m);
    expect(text).toMatch(/^burst\s.*\s0 B\/s\s/m);
  });
});
