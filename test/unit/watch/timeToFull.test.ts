// Time-to-full from a least-squares fit over a window, with a noise floor (like predict_linear).
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_TO_FULL, fitLine, timeToFull, type UsedPoint } from '../../../src/main/core/watch/timeToFull';

const MiB = 1024 * 1024;
const line = (n: number, stepMs: number, rate: number, start = 0, noise: (i: number) => number = () => 0): UsedPoint[] =>
  Array.from({ length: n }, (_, i) => ({ at: 1_000_000 + i * stepMs, usedBytes: start + (rate * i * stepMs) / 1000 + noise(i) }));

describe('fitLine', () => {
  it('recovers slope and end value of an exact line', () => {
    const f = fitLine(line(10, 1000, 2 * MiB, 5 * MiB))!;
    expect(f.slope).toBeCloseTo(2 * MiB, 3);
    expect(f.usedAtEnd).toBeCloseTo(5 * MiB + 9 * 2 * MiB, 0);
    expect(f.slopeStdErr).toBeCloseTo(0, 3);
  });

  it('needs two points at different times', () => {
    expect(fitLine([{ at: 1, usedBytes: 1 }])).toBeNull();
    expect(fitLine([{ at: 1, usedBytes: 1 }, { at: 1, usedBytes: 2 }])).toBeNull();
  });
});

describe('timeToFull', () => {
  it('predicts the time left at the fitted rate', () => {
    // 1 MiB/s, 100 MiB used of 1000 MiB after the window: 900 s left.
    const pts = line(31, 1000, MiB, 70 * MiB);
    const r = timeToFull(pts, 1000 * MiB);
    expect(r.bytesPerSecond).toBeCloseTo(MiB, 0);
    expect(r.secondsToFull!).toBeCloseTo(900, 3);
    expect(r.windowMs).toBe(30_000);
  });

  it('fits only the points inside the window: an old burst does not count', () => {
    const old: UsedPoint[] = [{ at: 0, usedBytes: 0 }, { at: 1000, usedBytes: 500 * MiB }];
    const recent = line(20, 1000, MiB, 500 * MiB).map((p) => ({ ...p, at: p.at + 10 * 3600_000 }));
    const r = timeToFull([...old, ...recent], 1000 * MiB, { ...DEFAULT_TIME_TO_FULL, windowMs: 60_000 });
    expect(r.bytesPerSecond).toBeCloseTo(MiB, 0);
  });

  it('gives no prediction for a shrinking or flat filesystem, or a rate below the floor', () => {
    expect(timeToFull(line(20, 1000, -MiB, 500 * MiB), 1000 * MiB).secondsToFull).toBeNull();
    expect(timeToFull(line(20, 1000, 0, 500 * MiB), 1000 * MiB).secondsToFull).toBeNull();
    expect(timeToFull(line(20, 1000, 1000, 500 * MiB), 1000 * MiB).secondsToFull).toBeNull();
  });

  it('gives no prediction when the slope is noise (not 3 standard errors above zero)', () => {
    // 10 KiB/s trend under +-5 MiB of jitter.
    const jitter = (i: number) => (i % 2 === 0 ? 5 : -5) * MiB * ((i * 7919) % 13) / 13;
    const r = timeToFull(line(20, 1000, 10 * 1024, 500 * MiB, jitter), 1000 * MiB);
    expect(r.secondsToFull).toBeNull();
    expect(r.bytesPerSecond).not.toBeNull();
  });

  it('still predicts through moderate noise on a clear trend', () => {
    const jitter = (i: number) => ((i % 3) - 1) * 64 * 1024;
    const r = timeToFull(line(30, 1000, MiB, 100 * MiB, jitter), 1000 * MiB);
    expect(r.secondsToFull!).toBeGreaterThan(850);
    expect(r.secondsToFull!).toBeLessThan(900 * 1.05);
  });

  it('needs enough points and span', () => {
    expect(timeToFull(line(3, 1000, MiB), 1000 * MiB).secondsToFull).toBeNull();
    expect(timeToFull(line(10, 100, MiB), 1000 * MiB).secondsToFull).toBeNull(); // 0.9 s < 10 s
    expect(timeToFull([], 1).secondsToFull).toBeNull();
  });

  it('says 0 when the fitted line is already past capacity', () => {
    expect(timeToFull(line(20, 1000, MiB, 995 * MiB), 1000 * MiB).secondsToFull).toBe(0);
  });
});
