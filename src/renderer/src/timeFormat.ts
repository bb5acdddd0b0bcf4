// Every time of day the window shows, in one format: 24-hour, "21:36", "2026-05-01 21:36", "May 1 21:36".
// The browser's locale formatting read "09:36 PM" beside "21:36" (the alert banner against the tables);
// nothing else in src/renderer formats a time (test/unit/lint/timeFormatUsage.test.ts holds to that).
// Local time unless a time zone is named (a node's zone, or "UTC").

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Fields {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number; // 0..23
  minute: number;
  second: number;
}

const zoned = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let f = zoned.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    zoned.set(timeZone, f);
  }
  return f;
}

function fields(ms: number, timeZone?: string): Fields {
  if (timeZone === undefined) {
    const d = new Date(ms);
    return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds() };
  }
  const get = (parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const parts = zoneFormat(timeZone).formatToParts(new Date(ms));
  return { year: get(parts, 'year'), month: get(parts, 'month'), day: get(parts, 'day'), hour: get(parts, 'hour') % 24, minute: get(parts, 'minute'), second: get(parts, 'second') };
}

const pad = (n: number) => String(n).padStart(2, '0');

export interface TimeOptions {
  /** IANA name or "UTC"; the viewer's local time when omitted. */
  timeZone?: string;
  seconds?: boolean;
}

/** "21:36" (or "21:36:05"). */
export function formatClock(ms: number, opts: TimeOptions = {}): string {
  const f = fields(ms, opts.timeZone);
  return `${pad(f.hour)}:${pad(f.minute)}${opts.seconds ? `:${pad(f.second)}` : ''}`;
}

/** "2026-05-01". */
export function formatDate(ms: number, opts: TimeOptions = {}): string {
  const f = fields(ms, opts.timeZone);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
}

/** "2026-05-01 21:36" (or with seconds). */
export function formatDateTime(ms: number, opts: TimeOptions = {}): string {
  return `${formatDate(ms, opts)} ${formatClock(ms, opts)}`;
}

/** Local date and time of an epoch-seconds mtime, minute precision; "–" without one. */
export function formatTimestamp(mtimeSec: number | null): string {
  return mtimeSec === null ? '–' : formatDateTime(mtimeSec * 1000);
}

/** Compact local time of an mtime: "14:05" today, "Apr 30 14:00" this year, "2025-04-30" before. */
export function formatShortTime(mtimeSec: number | null, nowSec: number): string {
  if (mtimeSec === null) return '–';
  const f = fields(mtimeSec * 1000);
  const now = fields(nowSec * 1000);
  const hm = `${pad(f.hour)}:${pad(f.minute)}`;
  if (f.year === now.year && f.month === now.month && f.day === now.day) return hm;
  if (f.year === now.year) return `${MONTHS[f.month - 1]} ${f.day} ${hm}`;
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
}

/** "21:36" today, else "May 1 21:36" / "2025-04-30 21:36": a moment that may be days back (an alert, a refresh). */
export function formatMoment(ms: number, nowMs: number): string {
  const f = fields(ms);
  const now = fields(nowMs);
  const hm = `${pad(f.hour)}:${pad(f.minute)}`;
  if (f.year === now.year && f.month === now.month && f.day === now.day) return hm;
  if (f.year === now.year) return `${MONTHS[f.month - 1]} ${f.day} ${hm}`;
  return `${f.year}-${pad(f.month)}-${pad(f.day)} ${hm}`;
}
