// The growth rate of one series (a filesystem's used bytes, a partition's size, a writer's written bytes or
// memory): the slope of a least-squares line through the points since the rate last changed, at most a
// window back. So a steady writer is averaged over up to 30 minutes, a step in its rate is followed within
// a few samples (rateChange.ts finds where it happened), and a drop in the bytes larger than their noise (a
// deletion, a reap, a rotation) starts the series afresh from the point after it: the bytes that went are
// not a negative rate, and the fit does not have to climb back out of the hole. A moving average cannot do
// both: one slow enough to ignore noise lags a step by several of its time constants.
import { fitLine } from './lineFit';
import { DEFAULT_RATE_CHANGE, rateChangeAt, type RateChangeOptions } from './rateChange';

export interface GrowthOptions {
  /** The longest span a rate is fitted over. */
  windowMs: number;
  /** Points kept, at least minSpacingMs apart (a closer one replaces the newest, which stays current). */
  capacity: number;
  minSpacingMs: number;
  change: RateChangeOptions;
  /** A drop is a discontinuity when larger than this many times the increments' spread... */
  dropSpreads: number;
  /** ...and than this many bytes. */
  minDropBytes: number;
}

/** A filesystem: 30 minutes of points, half a second apart at most (every sample at 1 s intervals). */
export const DEFAULT_GROWTH: GrowthOptions = {
  windowMs: 30 * 60_000,
  capacity: 3700,
  minSpacingMs: 500,
  change: DEFAULT_RATE_CHANGE,
  dropSpreads: 5,
  minDropBytes: 64 * 1024,
};

/** Partitions and writers, of which a watch has hundreds: fewer points, the last few minutes. */
export const SERIES_GROWTH: GrowthOptions = { ...DEFAULT_GROWTH, windowMs: 10 * 60_000, capacity: 160, minSpacingMs: 1000 };

export interface GrowthEstimate {
  /** Null until the series has two points (again, after a drop). */
  bytesPerSecond: number | null;
  slopeStdErr: number;
  /** Points and span (ms) of the window the rate was fitted over: "at the last 40 s's rate". */
  points: number;
  windowMs: number;
  /** When the newest drop restarted the series (ms), or null. */
  restartedAt: number | null;
}

export interface RatePoint {
  /** Milliseconds. */
  at: number;
  value: number;
}

const NO_ESTIMATE: GrowthEstimate = { bytesPerSecond: null, slopeStdErr: 0, points: 0, windowMs: 0, restartedAt: null };

export class GrowthSeries {
  private at: number[] = [];
  private value: number[] = [];
  /** First point of the current rate (after the newest drop and the newest change of rate). */
  private start = 0;
  private last: RatePoint | null = null;
  private current: GrowthEstimate = NO_ESTIMATE;
  /** Drops that restarted the series. */
  restarts = 0;

  constructor(private readonly opts: GrowthOptions = DEFAULT_GROWTH) {}

  /** Adds a sample. One not newer than the last (a clock step, a duplicate) or not finite is ignored. */
  push(point: RatePoint): void {
    if (!Number.isFinite(point.value) || !Number.isFinite(point.at)) return;
    if (this.last && point.at <= this.last.at) return;
    const dropped = this.last !== null && this.last.value - point.value > this.dropThreshold();
    this.last = point;
    if (dropped) {
      this.at = [point.at];
      this.value = [point.value];
      this.start = 0;
      this.restarts++;
      this.current = { ...NO_ESTIMATE, restartedAt: point.at };
      return;
    }
    this.append(point);
    this.follow();
  }

  get estimate(): GrowthEstimate {
    return this.current;
  }

  /** The points of the current segment (since the newest drop), oldest first. */
  segment(): RatePoint[] {
    return this.at.map((at, i) => ({ at, value: this.value[i] }));
  }

  /**
   * Bytes the series grew by over the last `lookbackMs` or `lookbackPoints` points, whichever reaches
   * further back, counted from the newest drop at most (null with fewer than two points).
   */
  grewOver(lookbackMs: number, lookbackPoints: number): number | null {
    const n = this.at.length;
    if (n < 2) return null;
    const newest = n - 1;
    let from = Math.max(0, newest - lookbackPoints);
    while (from > 0 && this.at[from] > this.at[newest] - lookbackMs) from--;
    return this.value[newest] - this.value[from];
  }

  private append(point: RatePoint): void {
    const n = this.at.length;
    // The newest point moves forward until it is minSpacingMs past the one before it.
    if (n >= 2 && this.at[n - 1] - this.at[n - 2] < this.opts.minSpacingMs) {
      this.at[n - 1] = point.at;
      this.value[n - 1] = point.value;
    } else {
      this.at.push(point.at);
      this.value.push(point.value);
    }
    // Trim in chunks: one splice per quarter of the capacity, not one shift per sample.
    const over = this.at.length - this.opts.capacity;
    if (over > this.opts.capacity / 4) {
      this.at.splice(0, over);
      this.value.splice(0, over);
      this.start = Math.max(0, this.start - over);
    }
  }

  /** Moves the start past changes of rate and out of the window, and refits. */
  private follow(): void {
    const newest = this.at.length - 1;
    const oldest = Math.max(0, this.at.length - this.opts.capacity);
    if (this.start < oldest) this.start = oldest;
    while (this.start < newest && this.at[this.start] < this.at[newest] - this.opts.windowMs) this.start++;
    for (;;) {
      const change = rateChangeAt(this.at, this.value, oldest, this.start, newest, this.opts.change);
      if (change === null) break;
      this.start = change;
    }
    const fit = fitLine(this.at, this.value, this.start, newest);
    this.current = fit
      ? { bytesPerSecond: fit.slope, slopeStdErr: fit.slopeStdErr, points: fit.points, windowMs: fit.spanMs, restartedAt: this.current.restartedAt }
      : { ...NO_ESTIMATE, points: newest - this.start + 1, restartedAt: this.current.restartedAt };
  }

  /**
   * How far the bytes must fall between two samples to be a discontinuity: past the noise of the last 64
   * increments around their mean rate (their RMS deviation), and at least minDropBytes. Measured since the
   * newest drop, not the newest change of rate: a few increments after a change say little about the noise.
   */
  private dropThreshold(): number {
    const n = this.at.length;
    const from = Math.max(0, n - 65);
    const m = n - 1 - from;
    if (m < 2) return this.opts.minDropBytes;
    const span = (this.at[n - 1] - this.at[from]) / 1000;
    const rate = span > 0 ? (this.value[n - 1] - this.value[from]) / span : 0;
    let sq = 0;
    for (let i = from + 1; i < n; i++) {
      const d = this.value[i] - this.value[i - 1] - (rate * (this.at[i] - this.at[i - 1])) / 1000;
      sq += d * d;
    }
    return Math.max(this.opts.minDropBytes, this.opts.dropSpreads * Math.sqrt(sq / m));
  }
}

/** Growth of several keyed series at once (partitions, pids), with a cap on how many it tracks. */
export class GrowthTable {
  private readonly byKey = new Map<string, GrowthSeries>();
  /** Series refused because the table was full (the policy: drop the new key, count it). */
  dropped = 0;

  constructor(
    private readonly opts: GrowthOptions,
    private readonly maxKeys: number,
  ) {}

  /** Adds a point to the key's series; returns its estimate (none for a refused key). */
  push(key: string, point: RatePoint): GrowthEstimate {
    const s = this.series(key);
    if (!s) return NO_ESTIMATE;
    s.push(point);
    return s.estimate;
  }

  get(key: string): GrowthEstimate | undefined {
    return this.byKey.get(key)?.estimate;
  }

  /** The key's series, made when new; null when the table is full (counted as dropped). */
  series(key: string): GrowthSeries | null {
    let s = this.byKey.get(key);
    if (!s) {
      if (this.byKey.size >= this.maxKeys) {
        this.dropped++;
        return null;
      }
      s = new GrowthSeries(this.opts);
      this.byKey.set(key, s);
    }
    return s;
  }

  /** Forgets series not in `keep` (a file that was rotated away, a process that exited). */
  retain(keep: ReadonlySet<string>): void {
    for (const k of this.byKey.keys()) if (!keep.has(k)) this.byKey.delete(k);
  }

  get size(): number {
    return this.byKey.size;
  }
}
