// A time zone as an operator names one for a root's days: an IANA name this runtime knows ('Europe/Berlin',
// 'UTC') or a fixed offset from UTC ('+02:00', '-0530', 'UTC+2'), the form `date +%z` prints.

/** Minutes east of UTC of a fixed offset ('+0200', '-05:30', 'UTC+2', 'Z'), or null when `name` is none. */
export function fixedOffsetMinutes(name: string): number | null {
  const s = name.trim();
  if (/^(?:z|utc|gmt)$/i.test(s)) return 0;
  const m = /^(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(s);
  if (!m) return null;
  const h = Number(m[2]);
  const min = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 14 || min > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

/** '+02:00', '-05:30', '+00:00'. */
export function formatOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** An IANA zone name this runtime's Intl knows. */
export function isIanaTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function isTimeZoneName(name: string): boolean {
  return fixedOffsetMinutes(name) !== null || isIanaTimeZone(name.trim());
}
