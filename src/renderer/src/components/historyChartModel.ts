// The history chart's rules, without React: which series it draws (a partition reaped or gone since is
// dropped from the chart and its legend, and counted), and the labels of its axes (bytes on the left for
// the filesystem's used bytes, times of day or dates along the bottom, 24-hour).
import type { HistorySeries } from '../../../shared/watchModels';
import { formatBytes } from '../format';
import { formatClock, formatShortTime } from '../timeFormat';

export const PART_PREFIX = 'part:';

/**
 * The series to draw: the filesystem's always; a partition's only while the latest scan still lists it
 * (`present`: its paths; null when there is no scan of this root to judge by). `gone` counts the dropped.
 */
export function presentSeries(series: readonly HistorySeries[], present: ReadonlySet<string> | null): { shown: HistorySeries[]; gone: number } {
  const withPoints = series.filter((s) => s.points.length > 0);
  if (present === null) return { shown: withPoints, gone: 0 };
  const shown = withPoints.filter((s) => !s.key.startsWith(PART_PREFIX) || present.has(s.key.slice(PART_PREFIX.length)));
  return { shown, gone: withPoints.length - shown.length };
}

export interface Tick {
  /** Position in the axis' own units (ms for time, bytes for size). */
  at: number;
  label: string;
}

/** Start, middle and end of the time axis: "14:05" over a day, "Apr 30 14:00" over a week. */
export function timeTicks(t0: number, t1: number, range: 'day' | 'week', nowMs: number): Tick[] {
  const label = (ms: number) => (range === 'day' ? formatClock(ms) : formatShortTime(ms / 1000, nowMs / 1000));
  if (!(t1 > t0)) return [{ at: t0, label: label(t0) }];
  const mid = t0 + (t1 - t0) / 2;
  return [t0, mid, t1].map((at) => ({ at, label: label(at) }));
}

/** The bytes axis: its low and high ends, and the middle when they differ. */
export function byteTicks(lo: number, hi: number): Tick[] {
  if (!(hi > lo)) return [{ at: lo, label: formatBytes(lo) }];
  return [lo, (lo + hi) / 2, hi].map((at) => ({ at, label: formatBytes(at) }));
}
