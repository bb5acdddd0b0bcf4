import { describe, expect, it } from 'vitest';
import { median, partitionRatio, rankSources, spikeStart, toEpochMs, type PartitionVolume } from '../../../src/main/core/sources/sourceRates';
import { layoutPartitions, parseListing, sourceNameOfFile, type ListedEntry } from '../../../src/main/core/sources/sourcePartitions';
import { sqliteVolume } from '../../../src/main/core/sources/sqliteVolumes';

const day = (key: string, volumes: Record<string, number>, seconds = 86_400, daySeconds = 86_400): PartitionVolume => ({
  key,
  seconds,
  daySeconds,
  bySource: new Map(Object.entries(volumes).map(([n, b]) => [n, { bytes: b, lines: b / 100, linesEstimated: true }])),
});

describe('baselines and ranking', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('ranks by share of the current bytes and compares each source with the median of the previous days', () => {
    const prev = [100, 120, 80, 110, 90, 100, 105].map((g, i) => day(`2026/${113 + i}`, { api: 1000, gateway: g }));
    const r = rankSources(day('2026/120', { api: 1000, gateway: 2500 }), prev);
    expect(r.map((s) => s.name)).toEqual(['gateway', 'api']);
    expect(r[0].baselineRatio).toBe(25);
    expect(r[0].share).toBeCloseTo(2500 / 3500);
    expect(r[1].baselineRatio).toBe(1);
  });

  it('uses only the last 7 partitions for the baseline', () => {
    const prev = [10_000, ...Array(7).fill(100)].map((g, i) => day(`d${i}`, { g }));
    expect(rankSources(day('now', { g: 100 }), prev)[0].baselineRatio).toBe(1);
  });

  it("the open day is a rate: a day's bytes in its first half is a ratio of 2", () => {
    const r = rankSources(day('today', { g: 100 }, 43_200), [day('y', { g: 100 })]);
    expect(r[0].baselineRatio).toBe(2);
    expect(r[0].bytesPerSecond).toBeCloseTo(100 / 43_200, 12);
    expect(r[0].baselineBytesPerSecond).toBeCloseTo(100 / 86_400, 12);
  });

  it('a source absent from every baseline day is new, with no ratio', () => {
    const r = rankSources(day('now', { fresh: 10 }), [day('a', { old: 5 }), day('b', { old: 5 })]);
    expect(r[0]).toMatchObject({ name: 'fresh', baselineRatio: null, newSource: true, baselineBytesPerSecond: 0 });
  });

  it('without earlier partitions there is no baseline', () => {
    const r = rankSources(day('now', { g: 10 }), []);
    expect(r[0]).toMatchObject({ baselineRatio: null, baselineBytesPerSecond: null, newSource: false });
    expect(partitionRatio(day('now', { g: 10 }), [])).toBeNull();
  });

  it('the partition ratio is over all sources', () => {
    expect(partitionRatio(day('now', { a: 200, b: 300 }), [day('x', { a: 10, b: 10 }), day('y', { a: 10, b: 10 }), day('z', { a: 50, b: 50 })])).toBeCloseTo(25, 9);
  });
});

describe('spike start', () => {
  const buckets = (rates: number[]) => rates.map((r, i) => ({ startMs: i * 60_000, endMs: (i + 1) * 60_000, linesPerSecond: r }));

  it('is the start of the trailing run above 3x the baseline', () => {
    expect(spikeStart(buckets([1, 1, 50, 1, 1, 40, 45, 50]), 1)).toEqual({ startMs: 5 * 60_000, atOrBefore: false, resolutionMs: 60_000 });
  });

  it('says "at or before" when the run starts at the first bucket seen', () => {
    expect(spikeStart(buckets([40, 45, 50]), 1)?.atOrBefore).toBe(true);
  });

  it('is null when the source is back to normal', () => {
    expect(spikeStart(buckets([1, 50, 50, 1]), 1)).toBeNull();
  });

  it('refines the start inside its bucket from the times of a contiguous run of lines', () => {
    // One wide bucket: a line a minute, then ten a second from 10 min in.
    const times = [...Array.from({ length: 10 }, (_, i) => i * 60_000), ...Array.from({ length: 50 }, (_, i) => 600_000 + i * 100)];
    const b = [{ startMs: -3_600_000, endMs: 0, linesPerSecond: 0.01 }, { startMs: 0, endMs: 3_600_000, linesPerSecond: 5, times }];
    const r = spikeStart(b, 0.02)!;
    expect(r.startMs).toBe(600_000);
    expect(r.resolutionMs).toBe(1000);
    expect(r.atOrBefore).toBe(false);
  });

  it('a new source (baseline 0) spikes from its first line', () => {
    expect(spikeStart(buckets([0, 0, 3, 4]), 0)?.startMs).toBe(2 * 60_000);
  });
});

describe('time values', () => {
  it.each([
    [1777507200, 1777507200000],
    [1777507200123, 1777507200123],
    [1777507200123456, 1777507200123.456],
    ['1777507200', 1777507200000],
    ['2026-04-30T00:00:00Z', 1777507200000],
    ['2026-04-30 00:00:00', 1777507200000],
    ['not a time', null],
    [42, null],
  ])('%j -> %j', (v, ms) => {
    expect(toEpochMs(v)).toBe(ms);
  });
});

describe('partitions', () => {
  const e = (type: string, rel: string, size = 0, mtimeS = 0): ListedEntry => ({ type, size, blocks: 0, mtimeS, rel });

  it("the listing's first record is the node's clock and zone; a zone name that cannot be one is dropped", () => {
    const rec = (...xs: string[]) => xs.map((x) => x + '\0').join('');
    const l = parseListing(Buffer.from(rec('Z\t1796605224\t+0100\t/usr/share/zoneinfo/Europe/Berlin', 'd\t4096\t8\t1796597441\t', 'f\t10\t8\t1796597441\ta\tb.log'), 'latin1'));
    expect(l.clock).toEqual({ nowMs: 1796605224000, offset: '+0100', zoneName: '/usr/share/zoneinfo/Europe/Berlin' });
    expect(l.entries.map((e) => e.rel)).toEqual(['', 'a\tb.log']);
    expect(parseListing(Buffer.from(rec('Z\t1796605224\t+0100\tEurope/\x1b[31mBerlin'), 'latin1')).clock?.zoneName).toBe('');
    expect(parseListing(Buffer.from(rec('d\t1\t1\t1\t'))).clock).toBeNull();
  });

  it('the newest day of the largest series is current, the 7 before it the baseline; a SQLite file with its -wal is one file', () => {
    const entries = [e('d', '')];
    for (let d = 110; d <= 120; d++) {
      entries.push(e('d', `core/2026/${d}`), e('f', `core/2026/${d}/logs.sqlite`, 1000), e('f', `core/2026/${d}/logs.sqlite-wal`, 10));
    }
    entries.push(e('d', 'small/2026-04-30'), e('f', 'small/2026-04-30/a.log', 5));
    entries.push(e('d', 'core/2026'), e('d', 'core'));
    const l = layoutPartitions('/lab/logs', entries);
    expect(l.current.key).toBe('2026/120');
    expect(l.current.sqlite).toEqual([{ rel: 'core/2026/120/logs.sqlite', size: 1010 }]);
    expect(l.baseline.map((p) => p.key)).toEqual(['2026/113', '2026/114', '2026/115', '2026/116', '2026/117', '2026/118', '2026/119']);
  });

  it('a day asked for is current, with the days before it as baseline (a series across a year end)', () => {
    const entries = [e('d', ''), e('d', '2025'), e('d', '2025/365'), e('d', '2026'), e('d', '2026/001'), e('d', '2026/002'), e('f', '2026/002/x.log', 1)];
    const l = layoutPartitions('/s', entries, '2026/001');
    expect(l.current.key).toBe('2026/001');
    expect(l.baseline.map((p) => p.key)).toEqual(['2025/365']);
  });

  it('a directory without day partitions is one partition with no baseline', () => {
    const l = layoutPartitions('/var/log/app', [e('d', ''), e('f', 'app.log', 10), e('f', 'app.log.1', 5)]);
    expect(l.current.text.map((f) => f.rel)).toEqual(['app.log', 'app.log.1']);
    expect(l.baseline).toEqual([]);
  });

  it.each([
    ['gateway.log', 'gateway'],
    ['var/gateway.log.1.gz', 'gateway'],
    ['app.log-20260430', 'app'],
    ['syslog.2', 'syslog'],
    ['kern.err', 'kern'],
    ['.log', '.log'],
    // Never blank: nothing but rotation and extension left gives the stem, a blank stem the whole name.
    ['-1.log', '-1'],
    [' .log', ' .log'],
    ['x/ .log.1.gz', ' .log'],
    ['.1', '.1'],
  ])('source of file %j is %j', (rel, name) => {
    expect(sourceNameOfFile(rel)).toBe(name);
  });
});

describe('SQLite volume from strata', () => {
  it('scales sampled shares to the file and the rowid range, and gives each stratum a rate', () => {
    const strata = [];
    // Two strata of 10 rows over a 1000-row table; gateway is 80% of rows in the second stratum only.
    for (let i = 0; i < 10; i++) strata.push({ stratum: 0, rowid: 1 + i, source: 'api', time: String(1_000_000_000_000 + i * 1000), bytes: 100 });
    for (let i = 0; i < 10; i++) strata.push({ stratum: 1, rowid: 501 + i, source: i < 8 ? 'gateway' : 'api', time: String(1_000_000_500_000 + i * 1000), bytes: 100 });
    const v = sqliteVolume('k', { minRowid: 1, maxRowid: 1000, strata, messages: [], counts: [], sourceRows: [] }, 20_000, { seconds: 86_400, daySeconds: 86_400 });
    expect(v.rows).toBe(1000);
    expect(v.volume.bySource.get('gateway')).toEqual({ bytes: 8000, lines: 400, linesEstimated: true });
    expect(v.volume.bySource.get('api')).toEqual({ bytes: 12_000, lines: 600, linesEstimated: true });
    const g = v.buckets.get('gateway')!;
    expect(g[0].linesPerSecond).toBe(0);
    expect(g[1].linesPerSecond).toBeGreaterThan(0);
  });

  it('counts each row once when strata overlap on a small table', () => {
    const strata = [0, 1].flatMap((s) => [1, 2, 3].map((rowid) => ({ stratum: s, rowid, source: 'a', time: '', bytes: 10 })));
    const v = sqliteVolume('k', { minRowid: 1, maxRowid: 3, strata, messages: [], counts: [], sourceRows: [] }, 300, { seconds: 86_400, daySeconds: 86_400 });
    expect(v.rowsSampled).toBe(3);
    expect(v.volume.bySource.get('a')).toEqual({ bytes: 300, lines: 3, linesEstimated: false });
  });
});
