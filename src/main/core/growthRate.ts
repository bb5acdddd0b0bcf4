// Smoothed growth of one series (bytes of a filesystem, partition, file or a writer's written bytes): each
// new point gives an instantaneous rate, folded into an exponentially weighted average whose weight
// depends on the time since the last point, so an irregular sample interval does not skew it.

export interface RatePoint {
  /** Milliseconds. */
  at: number;
  value: number;
}

export interface GrowthState {
  last: RatePoint | null;
  /** Smoothed bytes per second; null until two points were seen. */
  bytesPerSecond: number | null;
}

export const EMPTY_GROWTH: GrowthState = { last: null, bytesPerSecond: null };

/**
 * Folds one point into the state. `tauMs` is the time constant: after tauMs of a steady new rate the
 * average has moved 63% of the way to it. A point not newer than the last one is ignored (clock
 * steps, duplicate samples); a value that drops (a reclaim, a rotation) is a negative rate, as it is.
 */
export function foldGrowth(state: GrowthState, point: RatePoint, tauMs: number): GrowthState {
  const { last } = state;
  if (!Number.isFinite(point.value) || !Number.isFinite(point.at)) return state;
  if (last === null) return { last: point, bytesPerSecond: null };
  const dtMs = point.at - last.at;
  if (dtMs <= 0) return state;
  const instant = ((point.value - last.value) * 1000) / dtMs;
  if (state.bytesPerSecond === null) return { last: point, bytesPerSecond: instant };
  const alpha = tauMs <= 0 ? 1 : 1 - Math.exp(-dtMs / tauMs);
  return { last: point, bytesPerSecond: state.bytesPerSecond + alpha * (instant - state.bytesPerSecond) };
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
