// Where the rate of a series last changed, so the rate a watch shows is fitted over points of one rate only.
// A recent stretch of the series is a change when its rate is unlike the rate before it: further from it
// than the rates of the older part, measured over stretches of the same length, vary among themselves.
// Judging at the stretch's own time scale is what lets one test serve every kind of noise: a writer that
// flushes a buffer every 5 s (a staircase) varies wildly over 2 s and not at all over 20 s; bursts at
// random (a random walk) vary less the longer the stretch, but only as its square root. So a clean step is
// found within two increments, a staircase's doubling within a few of its periods, and noise is averaged.

export interface RateChangeOptions {
  /** A stretch is a change when its rate differs from the older part's by this many spreads. */
  minT: number;
  /** The history before the stretch measures its spread over stretches up to 1/minHistorySpans of its length. */
  minHistorySpans: number;
  /** A rate is never taken to be known better than this share of itself (pacing and timing jitter)... */
  relativeFloor: number;
  /** ...nor better than two of these per stretch (allocation granularity: a block). */
  absoluteFloorBytes: number;
}

export const DEFAULT_RATE_CHANGE: RateChangeOptions = { minT: 5, minHistorySpans: 4, relativeFloor: 0.03, absoluteFloorBytes: 4096 };

/** Recent stretches tried, in increments: about 25% longer each, so a few dozen cover thousands of points. */
function stretchLengths(max: number): number[] {
  const out: number[] = [];
  for (let n = 2; n <= max; n = Math.max(n + 1, Math.round(n * 1.25))) out.push(n);
  return out;
}

/** The Allan deviation at `spanMs` over points from..k (see spreadAtScale), or null for fewer than two pairs. */
function allanDeviation(at: readonly number[], value: readonly number[], from: number, k: number, spanMs: number): number | null {
  const historyMs = at[k] - at[from];
  // Pairs starting an eighth of a stretch apart say nearly all that pairs at every point would, at a
  // fraction of the work on long stretches.
  const stride = Math.max(1, Math.floor(((k - from) * spanMs) / historyMs / 8));
  let j = from;
  let l = from;
  let n = 0;
  let sum = 0;
  for (let i = from; i < k; i += stride) {
    if (j <= i) j = i + 1;
    while (j < k && at[j] - at[i] < spanMs) j++;
    if (l <= j) l = j + 1;
    while (l < k && at[l] - at[j] < spanMs) l++;
    if (l > k || at[j] - at[i] < spanMs || at[l] - at[j] < spanMs) break;
    const g1 = ((value[j] - value[i]) * 1000) / (at[j] - at[i]);
    const g2 = ((value[l] - value[j]) * 1000) / (at[l] - at[j]);
    sum += (g2 - g1) ** 2;
    n++;
  }
  return n >= 2 ? Math.sqrt(sum / (2 * n)) : null;
}

/**
 * How much the rate over `spanMs` varies, from the points from..k: the Allan deviation, half the mean
 * square difference of the rates over two adjacent stretches of that length. A level shift or a change of
 * rate in there moves one pair only, where a plain standard deviation of the stretches' rates would count
 * it against every one. A history shorter than minSpans stretches (a watch that just started, a fit just
 * restarted) is measured at the longest length it allows and scaled as a random walk's (by the square root
 * of the lengths), which overstates bounded noise: erring towards no change. Null when it allows none.
 */
function spreadAtScale(at: readonly number[], value: readonly number[], from: number, k: number, spanMs: number, minSpans: number): number | null {
  const scaleMs = Math.min(spanMs, (at[k] - at[from]) / minSpans);
  if (!(scaleMs > 0)) return null;
  const spread = allanDeviation(at, value, from, k, scaleMs);
  return spread === null ? null : spread * Math.sqrt(scaleMs / spanMs);
}

/**
 * The index of the first point after the most significant change of rate among points from..to
 * (inclusive), or null when no recent stretch is a change. The older rate is measured from `from` (the
 * newest change found so far); the noise from `historyFrom` (the newest drop), which reaches further back. The increment during which the rate changed
 * belongs to neither rate, so the returned point is the one that ends it.
 */
export function rateChangeAt(
  at: readonly number[],
  value: readonly number[],
  historyFrom: number,
  from: number,
  to: number,
  opts: RateChangeOptions = DEFAULT_RATE_CHANGE,
): number | null {
  /**
   * How many spreads the rate over points a..b is from `older` (signed). Without history enough to measure
   * the spread (the first samples of a watch), against the floors alone, counted at half.
   */
  const deviation = (a: number, b: number, older: number, olderMs: number, k: number): number | null => {
    const spanMs = at[b] - at[a];
    if (!(spanMs > 0)) return null;
    const rate = ((value[b] - value[a]) * 1000) / spanMs;
    const spread = spreadAtScale(at, value, historyFrom, k, spanMs, opts.minHistorySpans);
    const floor = Math.max(opts.relativeFloor * Math.max(Math.abs(rate), Math.abs(older)), (2 * opts.absoluteFloorBytes * 1000) / spanMs);
    // The older rate is itself uncertain, by the spread over the number of stretches it holds.
    const t = (rate - older) / (Math.max(spread ?? 0, floor) * Math.sqrt(1 + spanMs / olderMs));
    return spread === null ? t / 2 : t;
  };
  let best = 0;
  let bestStart = -1;
  for (const n of stretchLengths(to - from - 1)) {
    const k = to - n; // the stretch is points k..to
    const olderMs = at[k] - at[from];
    if (!(olderMs > 0)) continue;
    const older = ((value[k] - value[from]) * 1000) / olderMs;
    const whole = deviation(k, to, older, olderMs, k);
    if (whole === null || Math.abs(whole) < opts.minT || Math.abs(whole) <= best) continue;
    // A change lasts: both halves of the stretch must differ the same way. A flush at each end of a stretch
    // a little longer than the flush period doubles its rate, but each half holds one flush at most.
    const mid = k + Math.floor(n / 2);
    const first = deviation(k, mid, older, olderMs, k);
    const second = deviation(mid, to, older, olderMs, k);
    if (first === null || second === null) continue;
    const half = opts.minT / 2;
    if (Math.sign(first) !== Math.sign(whole) || Math.sign(second) !== Math.sign(whole) || Math.abs(first) < half || Math.abs(second) < half) continue;
    best = Math.abs(whole);
    bestStart = k + 1;
  }
  return bestStart < 0 ? null : bestStart;
}
