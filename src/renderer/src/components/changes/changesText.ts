// Words for the Changes tab: when a stored scan was made ("today 09:12", "yesterday 21:00", "Tue 21:00",
// "last week"), and a signed size.
import { formatBytes } from '../../format';
import { formatClock, formatDate, formatMoment } from '../../timeFormat';

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A stored scan's time as an operator says it, relative to now (local time). */
export function scanTimeLabel(ms: number, nowMs: number): string {
  const day = formatDate(ms);
  if (day === formatDate(nowMs)) return `today ${formatClock(ms)}`;
  if (day === formatDate(nowMs - DAY_MS)) return `yesterday ${formatClock(ms)}`;
  const back = nowMs - ms;
  if (back > 0 && back < 6 * DAY_MS) return `${WEEKDAYS[new Date(ms).getDay()]} ${formatClock(ms)}`;
  if (back >= 6 * DAY_MS && back < 14 * DAY_MS) return `last week, ${formatMoment(ms, nowMs)}`;
  return formatMoment(ms, nowMs);
}

export function signedBytes(n: number): string {
  return n > 0 ? `+${formatBytes(n)}` : n < 0 ? `−${formatBytes(-n)}` : '0 B';
}
