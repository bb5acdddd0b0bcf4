// Smoothed growth of one series (bytes of a filesystem, partition, file or a writer's written bytes): each
// new point gives an instantaneous rate, folded into an exponentially weighted average whose weight
// depends on the time since the last point, so an irregular sample interval does not skew it. For the
// first tau the rate is the mean since the first point instead: an average seeded from one interval
// (perhaps a short one, after a slow sample) would carry that interval's error for several tau.

export interface RatePoint {
  /** Milliseconds. */
  at: number;
  value: number;
}

export interface GrowthState {
  /** The first point: the warm-up's mean is taken from it. */
  first: RatePoint | null;
  last: RatePoint | null;
  /** Smoothed bytes per second; null until two points were seen. */
  bytesPerSecond: number | null;
}

export const EMPTY_GROWTH: GrowthState = { first: null, last: null, bytesPerSecond: null };

/**
 * Folds one point into the state. `tauMs` is the time constant: after tauMs of a steady new rate the
 * average has moved 63% of the way to it. A point not newer than the last one is ignored (clock
 * steps, duplicate samples); a value that drops (a reclaim, a rotation) is a negative rate, as it is.
 */
export function foldGrowth(state: GrowthState, point: RatePoint, tauMs: number): GrowthState {
  const { first, last } = state;
  if (!Number.isFinite(point.value) || !Number.isFinite(point.at)) return state;
  if (last === null || first === null) return { first: point, last: point, bytesPerSecond: null };
  const dtMs = point.at - last.at;
  if (dtMs <= 0) return state;
  if (point.at - first.at <= tauMs || state.bytesPerSecond === null) {
    return { first, last: point, bytesPerSecond: ((point.value - first.value) * 1000) / (point.at - first.at) };
  }
  const instant = ((point.value - last.value) * 1000) / dtMs;
  const alpha = tauMs <= 0 ? 1 : 1 - Math.exp(-dtMs / tauMs);
  return { first, last: point, bytesPerSecond: state.bytesPerSecond + alpha * (instant - state.bytesPerSecond) };
}

/** Growth of several keyed series at once (partitions, files, pids), with a cap on how many it tracks. */
export class GrowthTable {
  private readonly states = new Map<string, GrowthState>();
  /** Series dropped because the table was full (the policy: drop the new key, count it). */
  dropped = 0;

  constructor(
    private readonly tauMs: number,
    private readonly maxKeys: number,
  ) {}

  fold(key: string, point: RatePoint): GrowthState {
    const prev = this.states.get(key);
    if (!prev && this.states.size >= this.maxKeys) {
      this.dropped++;
      return EMPTY_GROWTH;
    }
    const next = foldGrowth(prev ?? EMPTY_GROWTH, point, this.tauMs);
    this.states.set(key, next);
    return next;
  }

  get(key: string): GrowthState | undefined {
    return this.states.get(key);
  }

  /** Forgets series not in `keep` (a file that was rotated away, a process that exited). */
  retain(keep: ReadonlySet<string>): void {
    for (const k of this.states.keys()) if (!keep.has(k)) this.states.delete(k);
  }

  get size(): number {
    return this.states.size;
  }
}
