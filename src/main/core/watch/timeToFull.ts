// Time until a filesystem is full, from a least-squares line through its used bytes over a window (what
// Prometheus' predict_linear does), with a noise floor: a slope that is not clearly above zero, or
// too small to matter, gives no prediction rather than "full in 40 years" or a flapping alert.

export interface UsedPoint {
  /** Milliseconds. */
  at: number;
  usedBytes: number;
}

export interface TimeToFullOptions {
  /** Fit over the points of the last windowMs (30 min by default). */
  windowMs: number;
  /** At least this many points and this much time in the window, or no prediction. */
  minPoints: number;
  minSpanMs: number;
  /** Slopes below this (bytes/s) are noise: 4 KiB/s fills nothing soon. */
  minBytesPerSecond: number;
  /** The slope must be this many standard errors above zero. */
  minTStat: number;
}

export const DEFAULT_TIME_TO_FULL: TimeToFullOptions = {
  windowMs: 30 * 60_000,
  minPoints: 4,
  minSpanMs: 10_000,
  minBytesPerSecond: 4096,
  minTStat: 3,
};

export interface LinearFit {
  /** Bytes per second. */
  slope: number;
  /** Fitted used bytes at the newest point's time. */
  usedAtEnd: number;
  /** Standard error of the slope (bytes/s); 0 for a perfect fit. */
  slopeStdErr: number;
  points: number;
  spanMs: number;
}

/** Least squares through the points (times relative to the newest, in seconds, for precision). */
export function fitLine(points: readonly UsedPoint[]): LinearFit | null {
  const n = points.length;
  if (n < 2) return null;
  const tEnd = points[n - 1].at;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += (p.at - tEnd) / 1000;
    sy += p.usedBytes;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const dx = (p.at - tEnd) / 1000 - mx;
    sxx += dx * dx;
    sxy += dx * (p.usedBytes - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx; // at t = 0, i.e. the newest point
  let sse = 0;
  for (const p of points) {
    const r = p.usedBytes - (intercept + slope * ((p.at - tEnd) / 1000));
    sse += r * r;
  }
  const slopeStdErr = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : 0;
  return { slope, usedAtEnd: intercept, slopeStdErr, points: n, spanMs: tEnd - points[0].at };
}

export interface TimeToFull {
  /** Null when the filesystem is not filling (or the rate is noise). */
  secondsToFull: number | null;
  /** The fitted rate over the window, null without enough points; may be negative. */
  bytesPerSecond: number | null;
  /** The span the fit covered (ms): "at the last 30 min's rate". */
  windowMs: number;
}

/**
 * `capacityBytes` is used + available as df shows them: full is when a non-root writer gets ENOSPC.
 * Points must be in time order.
 */
export function timeToFull(points: readonly UsedPoint[], capacityBytes: number, opts: TimeToFullOptions = DEFAULT_TIME_TO_FULL): TimeToFull {
  if (points.length === 0) return { secondsToFull: null, bytesPerSecond: null, windowMs: 0 };
  const from = points[points.length - 1].at - opts.windowMs;
  let start = points.length;
  while (start > 0 && points[start - 1].at >= from) start--;
  const window = points.slice(start);
  const fit = fitLine(window);
  if (!fit || fit.points < opts.minPoints || fit.spanMs < opts.minSpanMs) {
    return { secondsToFull: null, bytesPerSecond: fit?.slope ?? null, windowMs: fit?.spanMs ?? 0 };
  }
  const base = { bytesPerSecond: fit.slope, windowMs: fit.spanMs };
  if (fit.slope < opts.minBytesPerSecond) return { ...base, secondsToFull: null };
  if (fit.slopeStdErr > 0 && fit.slope / fit.slopeStdErr < opts.minTStat) return { ...base, secondsToFull: null };
  const left = Math.max(0, capacityBytes - fit.usedAtEnd);
  return { ...base, secondsToFull: left / fit.slope };
}
