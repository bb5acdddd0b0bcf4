import { describe, expect, it } from 'vitest';
import { civilDateOfKey, dayZone, daySpanOfKey, nodeCalendar, partitionPeriod, wallTimeMs } from '../../../src/main/core/sources/dayCalendar';
import { fixedOffsetMinutes, isTimeZoneName } from '../../../src/shared/timeZones';

const berlin = dayZone('Europe/Berlin')!;
const hours = (key: string, zone = berlin) => {
  const s = daySpanOfKey(key, zone)!;
  return (s.endMs - s.startMs) / 3_600_000;
};

describe('calendar days in a time zone', () => {
  it('a day key names its civil date in every form; nonsense names none', () => {
    expect(civilDateOfKey('2026-04-30')).toBe(Date.UTC(2026, 3, 30));
    expect(civilDateOfKey('2026/04/30')).toBe(Date.UTC(2026, 3, 30));
    expect(civilDateOfKey('2026/120')).toBe(Date.UTC(2026, 3, 30));
    expect(civilDateOfKey('logs/2026/120')).toBe(Date.UTC(2026, 3, 30));
    expect(civilDateOfKey('2026-02-31')).toBeNull();
    expect(civilDateOfKey('2025/366')).toBeNull();
    expect(civilDateOfKey('')).toBeNull();
  });

  it('a Berlin day runs from its local midnight to the next: 24 h, and 23 h and 25 h across DST', () => {
    expect(daySpanOfKey('2026-03-28', berlin)).toEqual({ date: '2026-03-28', startMs: Date.UTC(2026, 2, 27, 23), endMs: Date.UTC(2026, 2, 28, 23) });
    expect(hours('2026-03-29')).toBe(23);
    expect(daySpanOfKey('2026-03-29', berlin)!.endMs).toBe(Date.UTC(2026, 2, 29, 22));
    expect(hours('2026-10-25')).toBe(25);
    expect(hours('2026/298')).toBe(25);
    expect(hours('2026/10/26')).toBe(24);
  });

  it('in UTC and at a fixed offset every day is 24 h', () => {
    expect(hours('2026-03-29', dayZone('UTC')!)).toBe(24);
    const plus2 = dayZone('+02:00')!;
    expect(daySpanOfKey('2026-10-25', plus2)).toEqual({ date: '2026-10-25', startMs: Date.UTC(2026, 9, 24, 22), endMs: Date.UTC(2026, 9, 25, 22) });
  });

  it('where DST skips midnight the day begins at the change (Santiago, 2026-09-06 01:00)', () => {
    const santiago = dayZone('America/Santiago')!;
    const s = daySpanOfKey('2026-09-06', santiago)!;
    expect(new Date(s.startMs).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(hours('2026-09-06', santiago)).toBe(23);
  });

  it('a finished day is rated over its whole length, the open one from its start until now', () => {
    const done = partitionPeriod('2026-03-29', berlin, Date.UTC(2026, 5, 1))!;
    expect(done).toMatchObject({ date: '2026-03-29', open: false, daySeconds: 82_800, seconds: 82_800 });
    const open = partitionPeriod('2026-10-25', berlin, Date.UTC(2026, 9, 25, 8))!;
    // Berlin midnight was 22:00 UTC the day before (CEST), so 10 h had passed at 08:00 UTC.
    expect(open).toMatchObject({ open: true, daySeconds: 90_000, seconds: 36_000 });
    // Just after midnight: never less than a minute to rate over.
    expect(partitionPeriod('2026-10-25', berlin, Date.UTC(2026, 9, 24, 22, 0, 5))!.seconds).toBe(60);
    expect(partitionPeriod('not-a-day', berlin, 0)).toBeNull();
  });

  it("a line's time without an offset is the node's wall clock", () => {
    expect(wallTimeMs(berlin, Date.UTC(2026, 6, 1, 12))).toBe(Date.UTC(2026, 6, 1, 10));
    expect(wallTimeMs(berlin, Date.UTC(2026, 0, 1, 12))).toBe(Date.UTC(2026, 0, 1, 11));
  });
});

describe("the node's zone as the probe read it", () => {
  const now = Date.UTC(2026, 11, 7, 12);

  it('a zone name from TZ, /etc/localtime or /etc/timezone that gives the node its own offset is used', () => {
    expect(nodeCalendar({ nowMs: now, offset: '+0100', zoneName: '/usr/share/zoneinfo/Europe/Berlin' }, null, 0)).toMatchObject({ from: 'node', nowMs: now, note: null, zone: { name: 'Europe/Berlin' } });
    expect(nodeCalendar({ nowMs: now, offset: '+0000', zoneName: 'Etc/UTC' }, null, 0).zone.name).toBe('UTC');
  });

  it('without a name this runtime knows, or one that disagrees with the node, its current offset is used and that is said', () => {
    const unnamed = nodeCalendar({ nowMs: now, offset: '+0100', zoneName: '' }, null, 0);
    expect(unnamed).toMatchObject({ from: 'node-offset', zone: { name: '+01:00' } });
    expect(unnamed.note).toMatch(/current UTC offset \+01:00 .*DST day counts as 24 h/);
    const stale = nodeCalendar({ nowMs: now, offset: '+0000', zoneName: 'Europe/Berlin' }, null, 0);
    expect(stale).toMatchObject({ from: 'node-offset', zone: { name: '+00:00' } });
    expect(stale.note).toMatch(/"Europe\/Berlin" gives \+01:00 here but \+00:00 there/);
    expect(nodeCalendar({ nowMs: now, offset: '-0300', zoneName: 'CLT3CLST' }, null, 0).note).toMatch(/not one this app knows/);
  });

  it("a root's override wins; a clock the probe did not print falls back to this machine's and UTC", () => {
    expect(nodeCalendar({ nowMs: now, offset: '+0000', zoneName: 'UTC' }, 'Europe/Berlin', 0)).toMatchObject({ from: 'override', zone: { name: 'Europe/Berlin' } });
    expect(nodeCalendar(null, null, 42)).toMatchObject({ nowMs: 42, zone: { name: 'UTC' } });
  });

  it('names an operator may give: IANA names and offsets, nothing else', () => {
    expect(['Europe/Berlin', 'UTC', '+02:00', '-0530', 'UTC+2', 'Z'].every(isTimeZoneName)).toBe(true);
    expect(['Mars/Olympus', '+25:00', '', '$(reboot)'].some(isTimeZoneName)).toBe(false);
    expect(fixedOffsetMinutes('-05:30')).toBe(-330);
  });
});
