// Time until a filesystem is full, at the rate its card shows: the free bytes over the fitted rate of
// growthRate.ts, one figure for the card, the banner and `watch --json`. No prediction when the rate is
// noise (too small, or not clearly above zero), when the fit has too few points (just started, or just
// restarted after a deletion), or when the used bytes did not grow lately: a writer that stopped leaves a
// fitted slope behind for a while, and "full in 9 s" half a minute after the writes ended is a phantom.
import type { FillTrend } from '../../../shared/watchModels';
import type { GrowthEstimate } from './growthRate';

export interface TimeToFullOptions {
  /** At least this many points in the fitted window. */
  minPoints: number;
  /** Rates below this (bytes/s) are noise: 4 KiB/s fills nothing soon. */
  minBytesPerSecond: number;
  /** The rate must be this many standard errors above zero. */
  minTStat: number;
  /** The used bytes must have grown by more than minGrowthBytes over the last lookbackMs or lookbackSamples, whichever is longer. */
  lookbackMs: number;
  lookbackSamples: number;
  minGrowthBytes: number;
}

export const DEFAULT_TIME_TO_FULL: TimeToFullOptions = {
  minPoints: 3,
  minBytesPerSecond: 4096,
  minTStat: 3,
  lookbackMs: 30_000,
  lookbackSamples: 3,
  minGrowthBytes: 4096,
};

export interface TimeToFull {
  secondsToFull: number | null;
  trend: FillTrend;
  /**
   * Whether "no time to full" is a verdict an alert may clear on: nothing grew over the look-back, or the
   * low rate has held for at least the look-back. A bursty writer that paused for 15 s shows its rate as
   * 0 at once, but its time-to-full alert should not clear and fire again when it resumes.
   */
  settled: boolean;
}

/**
 * `grew` is the used bytes' growth over the look-back (GrowthSeries.grewOver), `availBytes` what df says a
 * non-root writer can still write.
 */
export function timeToFull(rate: GrowthEstimate, grew: number | null, availBytes: number, opts: TimeToFullOptions = DEFAULT_TIME_TO_FULL): TimeToFull {
  const bps = rate.bytesPerSecond;
  if (bps === null || rate.points < opts.minPoints || grew === null) return { secondsToFull: null, trend: 'measuring', settled: false };
  if (grew <= opts.minGrowthBytes) return { secondsToFull: null, trend: 'not-filling', settled: true };
  const settled = rate.windowMs >= opts.lookbackMs;
  if (bps <= 0) return { secondsToFull: null, trend: 'not-filling', settled };
  if (bps < opts.minBytesPerSecond) return { secondsToFull: null, trend: 'slow', settled };
  if (rate.slopeStdErr > 0 && bps / rate.slopeStdErr < opts.minTStat) return { secondsToFull: null, trend: 'slow', settled };
  return { secondsToFull: Math.max(0, availBytes) / bps, trend: 'filling', settled: true };
}
