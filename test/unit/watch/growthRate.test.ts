// The rate a watch shows for a filesystem, on the shapes used bytes take on real nodes: steps in a writer's
// rate, an office day, buffered writers (staircases), random bursts, a one-off copy, a deletion mid-stream,
// and writes that stop. Each is sampled as the watch samples (jittered times, 4 KiB blocks, some noise).
import { describe, expect, it } from 'vitest';
import { DEFAULT_GROWTH, GrowthSeries, GrowthTable, SERIES_GROWTH } from '../../../src/main/core/watch/growthRate';
import { fitLine } from '../../../src/main/core/watch/lineFit';
import { rateChangeAt } from '../../../src/main/core/watch/rateChange';
import { timeToFull } from '../../../src/main/core/watch/timeToFull';
import { GiB, KiB, MiB, officeHours, randomFlushes, sampleShape, staircase, steady, step, withCopy, withDeletion, type Sample, type Shape } from './usedBytesShapes';

interface Reading {
  /** seconds */
  t: number;
  bps: number | null;
  secondsToFull: number | null;
  windowMs: number;
}

/** Feeds the samples to one series; the reading after each, with the time to full of `availAt(bytes)` free. */
function watch(samples: Sample[], availAt: (used: number) => number = () => 100 * GiB): { readings: Reading[]; series: GrowthSeries } {
  const series = new GrowthSeries();
  const readings = samples.map((p) => {
    series.push(p);
    const e = series.estimate;
    const ttf = timeToFull(e, series.grewOver(30_000, 3), availAt(p.value));
    return { t: p.at / 1000, bps: e.bytesPerSecond, secondsToFull: ttf.secondsToFull, windowMs: e.windowMs };
  });
  return { readings, series };
}

const relErr = (got: number | null, want: number) => Math.abs((got ?? Number.NaN) - want) / want;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

describe('a step in the write rate', () => {
  const cases: [string, number, number][] = [
    ['a writer starts', 0, 512 * KiB],
    ['a writer speeds up 5x', 512 * KiB, 2560 * KiB],
    ['a writer slows to a fifth', 2560 * KiB, 512 * KiB],
    ['a writer gains 30%', MiB, 1.3 * MiB],
  ];
  for (const intervalMs of [1000, 2000]) {
    for (const [what, r1, r2] of cases) {
      it(`${what}: within 20% of the new rate from 10 s after, at ${intervalMs / 1000} s samples`, () => {
        const at = 300.37;
        const { readings } = watch(sampleShape(step(r1, r2, at, 5 * GiB), { intervalMs, untilMs: 400_000, noiseBytes: 8 * KiB, seed: intervalMs }));
        const after = readings.filter((r) => r.t >= at + 10);
        expect(after.length).toBeGreaterThan(40);
        for (const r of after) expect(relErr(r.bps, r2), `at +${(r.t - at).toFixed(1)} s: ${r.bps}`).toBeLessThan(0.2);
        // Before the step, the long window: 5 minutes of one rate fitted as one.
        const before = readings.filter((r) => r.t < at).at(-1)!;
        expect(before.windowMs).toBeGreaterThan(280_000);
      });
    }
  }

  it('a writer that starts 3 samples into the watch: little history to judge the noise by, still within 5% from 5 s after', () => {
    const at = 2.5;
    const { readings } = watch(sampleShape(step(0, 512 * KiB, at, 5 * GiB), { intervalMs: 1000, untilMs: 60_000, noiseBytes: 4 * KiB }));
    for (const r of readings.filter((x) => x.t >= at + 5)) expect(relErr(r.bps, 512 * KiB), `at +${(r.t - at).toFixed(1)} s`).toBeLessThan(0.05);
  });

  it('a noisy writer watched from its first sample is not cut up for lack of history', () => {
    const { readings } = watch(sampleShape(randomFlushes(MiB, 3, 200), { intervalMs: 1000, untilMs: 120_000, noiseBytes: 64 * KiB }));
    for (const r of readings.filter((x) => x.t >= 60)) expect(r.windowMs, `at ${r.t} s`).toBeGreaterThan(30_000);
  });

  it('a writer that stops reads about 0 within 10 s, with no time to full', () => {
    const at = 300.2;
    const { readings } = watch(sampleShape((t) => 512 * KiB * Math.min(t, at), { intervalMs: 1000, untilMs: 400_000 }));
    for (const r of readings.filter((x) => x.t >= at + 10)) {
      expect(Math.abs(r.bps!)).toBeLessThan(0.05 * 512 * KiB);
      expect(r.secondsToFull).toBeNull();
    }
  });
});

describe('an office day', () => {
  // 24 h at 2 s samples: the rate follows the working day within 30% most of the time (within 10% half of
  // it), whatever its bursts; and a time to full is shown all day.
  const { shape, rateAt } = officeHours(4 * MiB);
  const { readings, series } = watch(sampleShape(shape, { intervalMs: 2000, untilMs: 24 * 3600_000, noiseBytes: 64 * KiB }));
  const day = readings.filter((r) => r.t >= 9 * 3600 && r.t <= 17 * 3600);

  it('tracks the rate through the day', () => {
    const errs = day.map((r) => relErr(r.bps, rateAt(r.t)));
    expect(quantile(errs, 0.5)).toBeLessThan(0.1);
    expect(quantile(errs, 0.9)).toBeLessThan(0.3);
    // At 13:00 (half the traffic over lunch since 12:30) and at 16:00 (winding down).
    for (const h of [13, 16]) expect(relErr(readings.find((r) => r.t >= h * 3600)!.bps, rateAt(h * 3600))).toBeLessThan(0.25);
  });

  it('shows a time to full through the working day, and never restarts: nothing was deleted', () => {
    expect(day.filter((r) => r.secondsToFull === null).length / day.length).toBeLessThan(0.02);
    expect(series.restarts).toBe(0);
  });
});

describe('bursts', () => {
  for (const period of [5, 10, 30]) {
    it(`a writer that flushes every ${period} s reads its average rate, not 0 and then a spike`, () => {
      const { readings } = watch(sampleShape(staircase(MiB, period), { intervalMs: 1000, untilMs: 1800_000 }));
      for (const r of readings.filter((x) => x.t > 300)) expect(relErr(r.bps, MiB), `at ${r.t} s`).toBeLessThan(0.05);
    });
  }

  it('a writer flushing at random moments reads its average rate within 10%', () => {
    const { readings } = watch(sampleShape(randomFlushes(MiB, 4, 3600), { intervalMs: 1000, untilMs: 3600_000 }));
    for (const r of readings.filter((x) => x.t > 300)) expect(relErr(r.bps, MiB)).toBeLessThan(0.1);
  });

  it('a buffered writer that doubles its rate is followed within a few of its flush periods', () => {
    const at = 600.5;
    const shape: Shape = (t) => (t < at ? staircase(MiB, 5)(t) : staircase(MiB, 5)(at) + staircase(2 * MiB, 5)(t - at));
    const { readings } = watch(sampleShape(shape, { intervalMs: 2000, untilMs: 800_000 }));
    for (const r of readings.filter((x) => x.t > at + 40)) expect(relErr(r.bps, 2 * MiB), `at +${(r.t - at).toFixed(0)} s`).toBeLessThan(0.2);
  });

  it('a 1 GiB file copied in 2 s: the rate is back to the background within 15 s, and no alarming time to full stays', () => {
    const at = 600.1;
    const { readings } = watch(sampleShape(withCopy(steady(MiB), at, GiB, 2), { intervalMs: 1000, untilMs: 2700_000, noiseBytes: 16 * KiB }), (used) => 200 * GiB - used);
    for (const r of readings.filter((x) => x.t > at + 15)) {
      expect(relErr(r.bps, MiB), `at +${(r.t - at).toFixed(0)} s`).toBeLessThan(0.2);
      // 200 GiB free at 1 MiB/s is days, not the minutes the copy's own rate would say.
      expect(r.secondsToFull).toBeGreaterThan(24 * 3600);
    }
  });
});

describe('a deletion mid-stream', () => {
  const rate = 512 * KiB;
  const at = 120.3;
  for (const intervalMs of [1000, 2000, 3000]) {
    it(`40 MiB deleted under a 512 KiB/s writer at ${intervalMs / 1000} s samples: never negative, the time to full back within seconds, the rate within 25% from 12 s after`, () => {
      const shape = withDeletion(steady(rate, 20 * MiB), at, 40 * MiB);
      const { readings, series } = watch(sampleShape(shape, { intervalMs, untilMs: 200_000, noiseBytes: 4 * KiB }), (used) => 128 * MiB - used);
      const after = readings.filter((r) => r.t >= at);
      expect(series.restarts).toBe(1);
      for (const r of after) expect(r.bps ?? 0).toBeGreaterThanOrEqual(0);
      const blank = after.filter((r) => r.secondsToFull === null);
      expect(blank.length === 0 ? 0 : blank.at(-1)!.t - at).toBeLessThan(Math.max(6, (3 * intervalMs) / 1000));
      for (const r of after.filter((x) => x.t >= at + 12)) expect(relErr(r.bps, rate)).toBeLessThan(0.25);
      // The time to full is the free space at the writer's rate, once it is back.
      const last = readings.at(-1)!;
      expect(relErr(last.secondsToFull, (128 * MiB - shape(last.t)) / rate)).toBeLessThan(0.05);
    });
  }

  it('a small deletion inside the noise does not restart the fit', () => {
    const shape = withDeletion(randomFlushes(MiB, 3, 1000), 500, 512 * KiB);
    const { series } = watch(sampleShape(shape, { intervalMs: 1000, untilMs: 900_000 }));
    expect(series.restarts).toBe(0);
    expect(relErr(series.estimate.bytesPerSecond, MiB)).toBeLessThan(0.1);
  });
});

describe('writes that stop: no phantom forecast', () => {
  it('a disk 30 s from full when its writer stops shows no time to full from then on', () => {
    // 2 MiB/s into a filesystem with 60 MiB left when the writer stops: the old 30-minute fit kept
    // saying "full in 9 s" for minutes.
    const stopAt = 600.4;
    const cap = 2 * MiB * stopAt + 60 * MiB;
    const { readings } = watch(sampleShape((t) => 2 * MiB * Math.min(t, stopAt), { intervalMs: 2000, untilMs: 900_000, noiseBytes: 4 * KiB }), (used) => cap - used);
    expect(readings.filter((r) => r.t < stopAt).at(-1)!.secondsToFull).toBeGreaterThan(20);
    const later = readings.filter((r) => r.t >= stopAt + 30);
    expect(later.length).toBeGreaterThan(100);
    for (const r of later) expect(r.secondsToFull).toBeNull();
  });
});

describe('the series', () => {
  it('has no rate from one point and the exact rate from two; ignores stale and non-finite points', () => {
    const s = new GrowthSeries();
    s.push({ at: 0, value: 100 });
    expect(s.estimate.bytesPerSecond).toBeNull();
    s.push({ at: 2000, value: 4196 });
    expect(s.estimate.bytesPerSecond).toBe(2048);
    s.push({ at: 2000, value: 999_999 });
    s.push({ at: 1500, value: 999_999 });
    s.push({ at: 3000, value: Number.NaN });
    expect(s.estimate).toMatchObject({ bytesPerSecond: 2048, points: 2 });
  });

  it('irregular intervals (slow samples) do not skew a steady rate', () => {
    const s = new GrowthSeries();
    let t = 0;
    for (let i = 0; i < 600; i++) {
      t += i % 7 === 0 ? 9000 : i % 3 === 0 ? 400 : 2000;
      s.push({ at: t, value: 3 * MiB * (t / 1000) });
    }
    expect(relErr(s.estimate.bytesPerSecond, 3 * MiB)).toBeLessThan(1e-9);
  });

  it('keeps its points bounded at 4 samples a second, still fitting its whole window', () => {
    // The filesystem's options scaled down tenfold (3 minutes, 370 points at most 0.5 s apart), to run fast.
    const s = new GrowthSeries({ ...DEFAULT_GROWTH, windowMs: 180_000, capacity: 370 });
    for (let t = 0; t <= 600_000; t += 250) s.push({ at: t, value: 10 * MiB * (t / 1000) + (t % 1000) * 17 });
    expect(s.segment().length).toBeLessThanOrEqual(370 * 1.25 + 1);
    expect(s.estimate.windowMs).toBeGreaterThan(175_000);
    expect(relErr(s.estimate.bytesPerSecond, 10 * MiB)).toBeLessThan(0.001);
  });

  it('grewOver looks back the longer of a time and a number of points, not past a drop', () => {
    const s = new GrowthSeries();
    for (let t = 0; t <= 100_000; t += 10_000) s.push({ at: t, value: 100 * MiB + t });
    expect(s.grewOver(30_000, 3)).toBe(30_000);
    expect(s.grewOver(30_000, 5)).toBe(50_000);
    s.push({ at: 110_000, value: 10 * MiB });
    expect(s.grewOver(30_000, 3)).toBeNull();
    s.push({ at: 120_000, value: 10 * MiB + 5000 });
    expect(s.grewOver(30_000, 3)).toBe(5000);
  });

  it('a table tracks at most maxKeys series, counts the refused ones, and forgets what is not retained', () => {
    const t = new GrowthTable(SERIES_GROWTH, 2);
    t.push('a', { at: 0, value: 0 });
    t.push('b', { at: 0, value: 0 });
    expect(t.push('c', { at: 0, value: 0 }).bytesPerSecond).toBeNull();
    expect(t.dropped).toBe(1);
    t.retain(new Set(['a']));
    expect(t.size).toBe(1);
    expect(t.get('b')).toBeUndefined();
  });
});

describe('the pieces', () => {
  it('fitLine recovers slope and end value of an exact line, precisely at terabyte values', () => {
    const at = Array.from({ length: 10 }, (_, i) => 1_000_000 + i * 1000);
    const value = at.map((_, i) => 5 * 1024 * GiB + i * 2 * MiB);
    const f = fitLine(at, value, 0, 9)!;
    expect(f.slope).toBeCloseTo(2 * MiB, 3);
    expect(f.valueAtEnd).toBeCloseTo(5 * 1024 * GiB + 18 * MiB, 0);
    expect(f.slopeStdErr).toBeCloseTo(0, 3);
    expect(fitLine([1, 1], [1, 2], 0, 1)).toBeNull();
  });

  it('rateChangeAt finds a clean step, starting the new rate after it, and nothing in a staircase', () => {
    const at = Array.from({ length: 120 }, (_, i) => i * 1000);
    const stepped = at.map((t) => (t < 100_500 ? 1000 * t : 1000 * 100_500 + 5000 * (t - 100_500)));
    // The increment during which the rate changed (100 -> 101 s) belongs to neither rate; the new rate
    // starts at most a few points later.
    const start = rateChangeAt(at, stepped, 0, 0, 119)!;
    expect(start).toBeGreaterThanOrEqual(101);
    expect(start).toBeLessThanOrEqual(105);
    const stairs = at.map((t) => 1_000_000 * 10 * Math.floor(t / 10_000));
    expect(rateChangeAt(at, stairs, 0, 0, 119)).toBeNull();
  });
});
