// Least squares through a run of (time, bytes) points: the rate a watch shows is the slope of one such line
// (what Prometheus' predict_linear fits), over the window growthRate.ts chooses.

export interface LinearFit {
  /** Bytes per second. */
  slope: number;
  /** Fitted value at the newest point's time. */
  valueAtEnd: number;
  /** Standard error of the slope (bytes/s); 0 for a perfect fit or two points. */
  slopeStdErr: number;
  points: number;
  spanMs: number;
}

/**
 * Fits points `from`..`to` (inclusive) of the parallel arrays. Times are taken relative to the newest point
 * and values relative to its value, so terabyte-sized values keep their precision. Null for fewer than two
 * points or no spread in time.
 */
export function fitLine(at: readonly number[], value: readonly number[], from: number, to: number): LinearFit | null {
  const n = to - from + 1;
  if (n < 2) return null;
  const tEnd = at[to];
  const vEnd = value[to];
  let sx = 0;
  let sy = 0;
  for (let i = from; i <= to; i++) {
    sx += (at[i] - tEnd) / 1000;
    sy += value[i] - vEnd;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = from; i <= to; i++) {
    const dx = (at[i] - tEnd) / 1000 - mx;
    sxx += dx * dx;
    sxy += dx * (value[i] - vEnd - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx; // at t = 0, the newest point, relative to its value
  let sse = 0;
  for (let i = from; i <= to; i++) {
    const r = value[i] - vEnd - (intercept + slope * ((at[i] - tEnd) / 1000));
    sse += r * r;
  }
  const slopeStdErr = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : 0;
  return { slope, valueAtEnd: vEnd + intercept, slopeStdErr, points: n, spanMs: tEnd - at[from] };
}
