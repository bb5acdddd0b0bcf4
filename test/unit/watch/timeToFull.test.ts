// Time to full: the free bytes at the fitted rate, with no prediction from noise, from too few points, or
// from a writer that stopped (no growth over the last max(3 samples, 30 s)).
import { describe, expect, it } from 'vitest';
import type { GrowthEstimate } from '../../../src/main/core/watch/growthRate';
import { GrowthSeries } from '../../../src/main/core/watch/growthRate';
import { DEFAULT_TIME_TO_FULL, timeToFull } from '../../../src/main/core/watch/timeToFull';

const MiB = 1024 * 1024;
const rate = (bytesPerSecond: number | null, extra: Partial<GrowthEstimate> = {}): GrowthEstimate => ({
  bytesPerSecond,
  slopeStdErr: 0,
  points: 30,
  windowMs: 60_000,
  restartedAt: null,
  ...extra,
});

describe('timeToFull', () => {
  it('is the free bytes over the rate', () => {
    expect(timeToFull(rate(MiB), 30 * MiB, 900 * MiB)).toEqual({ secondsToFull: 900, trend: 'filling', settled: true });
    expect(timeToFull(rate(MiB), 30 * MiB, 0).secondsToFull).toBe(0);
  });

  it('is measuring with fewer than 3 points in the window (just started, or restarted after a deletion)', () => {
    expect(timeToFull(rate(null, { points: 1 }), null, MiB)).toEqual({ secondsToFull: null, trend: 'measuring', settled: false });
    expect(timeToFull(rate(MiB, { points: 2 }), MiB, MiB)).toMatchObject({ secondsToFull: null, trend: 'measuring' });
  });

  it('is not filling when the used bytes did not grow over the look-back, whatever the fitted rate says', () => {
    expect(timeToFull(rate(MiB), 0, MiB)).toEqual({ secondsToFull: null, trend: 'not-filling', settled: true });
    expect(timeToFull(rate(MiB), DEFAULT_TIME_TO_FULL.minGrowthBytes, MiB).trend).toBe('not-filling');
  });

  it('is not filling for a shrinking filesystem and slow below 4 KiB/s or under 3 standard errors', () => {
    expect(timeToFull(rate(-MiB), MiB, MiB).trend).toBe('not-filling');
    expect(timeToFull(rate(1000), MiB, MiB).trend).toBe('slow');
    expect(timeToFull(rate(10 * 1024, { slopeStdErr: 5 * 1024 }), MiB, MiB).trend).toBe('slow');
    expect(timeToFull(rate(10 * 1024, { slopeStdErr: 2 * 1024 }), MiB, MiB).trend).toBe('filling');
  });

  it('a verdict of no time to full is settled (may clear an alert) only once the window spans the look-back', () => {
    expect(timeToFull(rate(0, { windowMs: 8000 }), MiB, MiB)).toMatchObject({ trend: 'not-filling', settled: false });
    expect(timeToFull(rate(0, { windowMs: 30_000 }), MiB, MiB)).toMatchObject({ trend: 'not-filling', settled: true });
    expect(timeToFull(rate(1000, { windowMs: 8000 }), MiB, MiB)).toMatchObject({ trend: 'slow', settled: false });
  });
});

describe('the look-back: max(3 samples, 30 s)', () => {
  /** A writer that wrote `bytes` at `writeAt` s, sampled every `intervalS`, asked `now` s in. */
  function grewAfterStop(intervalS: number, stopAt: number, now: number): number | null {
    const s = new GrowthSeries();
    for (let t = 0; t <= now; t += intervalS) s.push({ at: t * 1000, value: MiB * Math.min(t, stopAt) });
    return s.grewOver(DEFAULT_TIME_TO_FULL.lookbackMs, DEFAULT_TIME_TO_FULL.lookbackSamples);
  }

  it('at 1 s samples, is 30 s', () => {
    expect(grewAfterStop(1, 100, 129)).toBeGreaterThan(0);
    expect(grewAfterStop(1, 100, 130)).toBe(0);
  });

  it('at 20 s samples, is 3 samples (60 s)', () => {
    expect(grewAfterStop(20, 100, 140)).toBeGreaterThan(0);
    expect(grewAfterStop(20, 100, 160)).toBe(0);
  });
});
