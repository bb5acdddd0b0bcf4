// A bounded time series: the newest `capacity` points, kept at least `minSpacingMs` apart so a fixed
// number of points covers a long window whatever the sample interval. When full, the oldest point goes.

export interface SeriesPoint {
  at: number;
  value: number;
}

export class SeriesRing {
  private points: SeriesPoint[] = [];

  constructor(
    readonly capacity: number,
    readonly minSpacingMs = 0,
  ) {}

  /** Adds a point; one closer than minSpacingMs to the newest replaces it (so the newest is always current). */
  push(at: number, value: number): void {
    const last = this.points[this.points.length - 1];
    if (last && at <= last.at) return;
    const prev = this.points[this.points.length - 2];
    if (last && prev && last.at - prev.at < this.minSpacingMs) {
      this.points[this.points.length - 1] = { at, value };
      return;
    }
    this.points.push({ at, value });
    if (this.points.length > this.capacity) this.points.splice(0, this.points.length - this.capacity);
  }

  all(): readonly SeriesPoint[] {
    return this.points;
  }

  newest(): SeriesPoint | undefined {
    return this.points[this.points.length - 1];
  }

  /** The oldest point at or after `at`, else the oldest there is. */
  firstSince(at: number): SeriesPoint | undefined {
    for (const p of this.points) if (p.at >= at) return p;
    return this.points[this.points.length - 1];
  }

  values(last: number): number[] {
    return this.points.slice(-last).map((p) => p.value);
  }

  get length(): number {
    return this.points.length;
  }
}
