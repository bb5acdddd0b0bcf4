// The calendar of a node: which instants a day partition's key names, in the node's time zone (read on the
// node by the sources-list probe) or a root's override. A day runs from its local midnight to the next one,
// so across a DST change it is 23 or 25 hours. A day that is over is a finished partition; the day now is in
// is the open one, whose rates run from its start until the node's now.
import { fixedOffsetMinutes, formatOffset } from '../../../shared/timeZones';

export interface DayZone {
  /** As shown: 'Europe/Berlin', '+02:00'. */
  name: string;
  /** Minutes east of UTC in force at `ms`. */
  offsetAt(ms: number): number;
}

const SLOT_MS = 15 * 60_000;

/**
 * A zone by name: a fixed offset ('+0200', 'UTC') or an IANA name this runtime knows; null for anything else.
 * Offsets change only at whole quarter hours of UTC (every zone's offset is a multiple of 15 minutes), so
 * they are looked up once per quarter hour.
 */
export function dayZone(name: string): DayZone | null {
  const fixed = fixedOffsetMinutes(name);
  if (fixed !== null) return { name: /^(?:z|utc|gmt)$/i.test(name.trim()) ? 'UTC' : formatOffset(fixed), offsetAt: () => fixed };
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: name.trim(), hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  } catch {
    return null;
  }
  const cache = new Map<number, number>();
  const offsetAt = (ms: number): number => {
    const slot = Math.floor(ms / SLOT_MS) * SLOT_MS;
    let off = cache.get(slot);
    if (off === undefined) {
      const p: Record<string, number> = {};
      for (const part of fmt.formatToParts(slot)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      off = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - slot) / 60_000);
      if (cache.size > 10_000) cache.clear();
      cache.set(slot, off);
    }
    return off;
  };
  return { name: fmt.resolvedOptions().timeZone, offsetAt };
}

export const UTC_ZONE: DayZone = dayZone('UTC')!;

/** The civil date (as a UTC-midnight ms) a day key names: `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY/DDD`; null for anything else. */
export function civilDateOfKey(key: string): number | null {
  let m = /(?:^|\/)(\d{4})-(\d{2})-(\d{2})$/.exec(key) ?? /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})$/.exec(key);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    // 2026-02-31 names no day.
    return new Date(t).getUTCDate() === d && mo >= 1 && mo <= 12 ? t : null;
  }
  m = /(?:^|\/)(\d{4})\/(\d{3})$/.exec(key);
  if (m) {
    const y = Number(m[1]);
    const doy = Number(m[2]);
    const t = Date.UTC(y, 0, 1) + (doy - 1) * 86_400_000;
    return doy >= 1 && new Date(t).getUTCFullYear() === y ? t : null;
  }
  return null;
}

/** The local date of an instant in a zone, as YYYY-MM-DD. */
export function localDate(zone: DayZone, ms: number): string {
  return new Date(ms + zone.offsetAt(ms) * 60_000).toISOString().slice(0, 10);
}

/**
 * The first instant of a civil date (given as its UTC-midnight ms) in a zone: its local midnight (the first
 * one, where a DST change repeats it), or where a change skips midnight, the instant of the change.
 */
export function localMidnightMs(zone: DayZone, civilUtcMs: number): number {
  // Midnight read at each offset in force within 14 h of it: the one that holds at the instant it gives is real.
  const offsets = new Set([-14, 0, 14].map((h) => zone.offsetAt(civilUtcMs + h * 3_600_000)));
  const real = [...offsets].map((o) => civilUtcMs - o * 60_000).filter((c) => zone.offsetAt(c) * 60_000 === civilUtcMs - c);
  if (real.length > 0) return Math.min(...real);
  // Skipped: the first instant whose local date is this one. 15 h before local midnight is the day before in
  // every zone (offsets run from -12 to +14 h), 15 h after is this day or later.
  const date = new Date(civilUtcMs).toISOString().slice(0, 10);
  let lo = civilUtcMs - 15 * 3_600_000;
  let hi = civilUtcMs + 15 * 3_600_000;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (localDate(zone, mid) >= date) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface DaySpan {
  /** YYYY-MM-DD. */
  date: string;
  startMs: number;
  endMs: number;
}

/** The instants of the day a partition key names, in a zone; null when the key names no day. */
export function daySpanOfKey(key: string, zone: DayZone): DaySpan | null {
  const civil = civilDateOfKey(key);
  if (civil === null) return null;
  return { date: new Date(civil).toISOString().slice(0, 10), startMs: localMidnightMs(zone, civil), endMs: localMidnightMs(zone, civil + 86_400_000) };
}

/** The shortest time a rate is taken over: just after midnight the open day's few seconds would make any rate huge. */
export const MIN_RATE_SECONDS = 60;

export interface PartitionPeriod extends DaySpan {
  /** The day is not over at the node's now. */
  open: boolean;
  /** The day's length: 86,400 s, or 82,800 / 90,000 across a DST change. */
  daySeconds: number;
  /** Seconds its rates are over: the day's length once it is over; from its start until now while it is open. */
  seconds: number;
}

export function partitionPeriod(key: string, zone: DayZone, nowMs: number): PartitionPeriod | null {
  const span = daySpanOfKey(key, zone);
  if (span === null) return null;
  const daySeconds = (span.endMs - span.startMs) / 1000;
  const open = nowMs < span.endMs;
  const seconds = open ? Math.min(daySeconds, Math.max(MIN_RATE_SECONDS, (nowMs - span.startMs) / 1000)) : daySeconds;
  return { ...span, open, daySeconds, seconds };
}

/** Epoch ms of a wall-clock time in a zone (a log line's time written without an offset). */
export function wallTimeMs(zone: DayZone, wallAsUtcMs: number): number {
  const first = wallAsUtcMs - zone.offsetAt(wallAsUtcMs) * 60_000;
  return wallAsUtcMs - zone.offsetAt(first) * 60_000;
}

/** How the days were placed: the zone, and a sentence when it is not what the node itself uses. */
export interface NodeCalendar {
  zone: DayZone;
  from: 'node' | 'node-offset' | 'override';
  nowMs: number;
  note: string | null;
}

/** What the sources-list probe read on the node: its clock, `date +%z` and its zone name (TZ, /etc/localtime, /etc/timezone). */
export interface NodeClock {
  nowMs: number;
  offset: string;
  zoneName: string;
}

/**
 * The node's calendar: its zone by name when this runtime knows the name and it gives the node's own offset
 * now; else its current offset as a fixed one (then a DST day is taken as 24 h, said in the note); an override wins.
 */
export function nodeCalendar(clock: NodeClock | null, override: string | null, fallbackNowMs: number): NodeCalendar {
  const nowMs = clock?.nowMs ?? fallbackNowMs;
  if (override) {
    const z = dayZone(override);
    if (z) return { zone: z, from: 'override', nowMs, note: null };
  }
  if (!clock) return { zone: UTC_ZONE, from: 'node-offset', nowMs, note: "the node's time zone could not be read: days are taken in UTC" };
  const offset = fixedOffsetMinutes(clock.offset);
  const name = clock.zoneName.replace(/^:/, '').replace(/^.*zoneinfo\//, '');
  const named = name !== '' ? dayZone(name) : null;
  if (named && (offset === null || named.offsetAt(nowMs) === offset)) return { zone: named, from: 'node', nowMs, note: null };
  if (offset !== null) {
    const why = name === '' ? 'its zone has no name we could read' : named ? `its zone "${name}" gives ${formatOffset(named.offsetAt(nowMs))} here but ${formatOffset(offset)} there` : `its zone "${name}" is not one this app knows`;
    return { zone: dayZone(formatOffset(offset))!, from: 'node-offset', nowMs, note: `days are taken at the node's current UTC offset ${formatOffset(offset)} (${why}), so a DST day counts as 24 h; set the root's time zone to correct it` };
  }
  return { zone: UTC_ZONE, from: 'node-offset', nowMs, note: "the node's time zone could not be read: days are taken in UTC" };
}
