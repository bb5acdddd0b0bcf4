// Text for live growth: "+2.1 MiB/s", "full in 3 h 20 min at the last 30 min's rate".
import { fullAtRateText } from '../../shared/durationText';
import { formatBytes } from './format';

export function formatRate(bytesPerSecond: number | null): string {
  if (bytesPerSecond === null) return '…';
  if (Math.abs(bytesPerSecond) < 1) return '0 B/s';
  return `${bytesPerSecond > 0 ? '+' : '−'}${formatBytes(Math.abs(bytesPerSecond))}/s`;
}

export function timeToFullText(secondsToFull: number | null, fitWindowMs: number): string | null {
  if (secondsToFull === null) return null;
  return fullAtRateText(secondsToFull, fitWindowMs);
}
