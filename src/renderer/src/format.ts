// Display formatting: binary byte units, counts, durations and ages (times of day: timeFormat.ts).

// Bytes read the same in the window, the CLI and alerts: one rule, kept in shared.
export { formatBytes } from '../../shared/formatBytes';

const countFormat = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return countFormat.format(n);
}

export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  const p = ratio * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

/** Elapsed milliseconds: "850 ms", "12.3 s", "4 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
}

/** Age of an epoch-seconds mtime relative to `nowSec`: "just now", "12 min", "5 h", "3 d", "7 mo". */
export function formatAge(mtimeSec: number | null, nowSec: number): string {
  if (mtimeSec === null) return '–';
  const age = nowSec - mtimeSec;
  if (age < 0) return 'in future';
  if (age < 60) return 'just now';
  if (age < 3600) return `${Math.floor(age / 60)} min ago`;
  if (age < 86400) return `${Math.floor(age / 3600)} h ago`;
  if (age < 86400 * 60) return `${Math.floor(age / 86400)} d ago`;
  if (age < 86400 * 730) return `${Math.floor(age / (86400 * 30))} mo ago`;
  return `${Math.floor(age / (86400 * 365))} y ago`;
}

// Times of day live in one module, 24-hour: re-exported here for the callers that format sizes beside them.
export { formatShortTime, formatTimestamp } from './timeFormat';

export function nowSeconds(): number {
  return Date.now() / 1000;
}
