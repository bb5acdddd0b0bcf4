// Real-world shapes of a filesystem's used bytes over time, and sampling them the way a watch does: at an
// interval with a few tens of ms of jitter (when df ran), rounded to 4 KiB blocks, with some other activity
// as noise. Seeded, so a failing case replays.
import { mulberry32 } from '../../support/mulberry32';

export const KiB = 1024;
export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** Used bytes at t seconds. */
export type Shape = (t: number) => number;

export interface Sample {
  /** ms */
  at: number;
  value: number;
}

export interface SampleOptions {
  intervalMs: number;
  untilMs: number;
  seed?: number;
  jitterMs?: number;
  /** Standard deviation of other activity on the filesystem, bytes. */
  noiseBytes?: number;
}

export function sampleShape(shape: Shape, o: SampleOptions): Sample[] {
  const rnd = mulberry32(o.seed ?? 1);
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const out: Sample[] = [];
  for (let t = 0; t <= o.untilMs; t += o.intervalMs) {
    const at = t + (o.jitterMs ?? 40) * (rnd() - 0.5);
    const bytes = shape(at / 1000) + (o.noiseBytes ?? 0) * gauss();
    out.push({ at, value: Math.max(0, Math.round(bytes / 4096) * 4096) });
  }
  return out;
}

/** A steady writer, from `base` bytes. */
export const steady =
  (rate: number, base = 0): Shape =>
  (t) =>
    base + rate * t;

/** A writer whose rate steps from r1 to r2 at `at` seconds. */
export const step =
  (r1: number, r2: number, at: number, base = 0): Shape =>
  (t) =>
    base + (t < at ? r1 * t : r1 * at + r2 * (t - at));

/** A writer that flushes its buffer every `period` seconds: flat, then a jump; `rate` on average. */
export const staircase =
  (rate: number, period: number): Shape =>
  (t) =>
    rate * period * Math.floor(t / period);

/** `shape`, with `bytes` deleted at `at` seconds (a reap, an rm of an old log). */
export const withDeletion =
  (shape: Shape, at: number, bytes: number): Shape =>
  (t) =>
    shape(t) - (t >= at ? bytes : 0);

/** A file of `bytes` copied in over `seconds` at `at`, on top of `shape`. */
export const withCopy =
  (shape: Shape, at: number, bytes: number, seconds: number): Shape =>
  (t) =>
    shape(t) + (t <= at ? 0 : Math.min(1, (t - at) / seconds) * bytes);

/** Cumulative bytes of a rate sampled per second, where each second's bytes land in flushes at random. */
function integrate(rateAt: (t: number) => number, seconds: number, flushChance: number, seed: number): Shape {
  const rnd = mulberry32(seed);
  const cum = new Float64Array(seconds + 2);
  let buffered = 0;
  for (let i = 1; i <= seconds + 1; i++) {
    buffered += rateAt(i);
    cum[i] = cum[i - 1];
    if (rnd() < flushChance) {
      cum[i] += buffered;
      buffered = 0;
    }
  }
  return (t) => cum[Math.max(0, Math.min(seconds + 1, Math.floor(t)))];
}

/**
 * A day of an office's log traffic: a trickle at night, rising from 08:00 to a peak of `peak` bytes/s
 * around 13:00, halved over lunch, gone by 18:00; written by services that flush about every 3 s.
 */
export function officeHours(peak: number, seed = 7): { shape: Shape; rateAt: (t: number) => number } {
  const rateAt = (t: number) => {
    const h = t / 3600;
    if (h < 8 || h > 18) return peak / 200;
    const day = Math.sin(((h - 8) / 10) * Math.PI) ** 2;
    return peak / 200 + peak * day * (h > 12.5 && h < 13.5 ? 0.5 : 1);
  };
  return { shape: integrate(rateAt, 24 * 3600, 0.3, seed), rateAt };
}

/** Flushes at random moments (every `meanGap` seconds on average) of random sizes: `rate` on average. */
export function randomFlushes(rate: number, meanGap: number, seconds: number, seed = 3): Shape {
  return integrate(() => rate, seconds, 1 / meanGap, seed);
}
