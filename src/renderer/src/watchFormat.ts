// Text for live growth: "+2.1 MiB/s", "full in 3 h 20 min at the last 30 min's rate".
import { formatBytes } from './format';

export function formatRate(bytesPerSecond: number | null): string {
  if (bytesPerSecond === null) return '…';
  if (Math.abs(bytesPerSecond) < 1) return '0 B/s';
  return `${bytesPerSecond > 0 ? '+' : '−'}${formatBytes(Math.abs(bytesPerSecond))}/s`;
}

/** "3 h 20 min", "45 min", "2 d 4 h". */
export function formatSpan(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

export function timeToFullText(secondsToFull: number | null, fitWindowMs: number): string | null {
  if (secondsToFull === null) return null;
  return `full in ${formatSpan(secondsToFull)} at the last ${formatSpan(fitWindowMs / 1000)}'s rate`;
}
