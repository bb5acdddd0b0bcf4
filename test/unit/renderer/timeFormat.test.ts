// One 24-hour time format for the whole window (issue 16).
import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatMoment, formatShortTime, formatTimestamp } from '../../../src/renderer/src/timeFormat';

// 2026-05-01 21:36:05 UTC.
const EVENING_UTC = Date.UTC(2026, 4, 1, 21, 36, 5);
const local = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi).getTime();

describe('time format', () => {
  it('reads an evening as 21:36, never 09:36 PM, in any zone', () => {
    expect(formatClock(EVENING_UTC, { timeZone: 'UTC' })).toBe('21:36');
    expect(formatClock(EVENING_UTC, { timeZone: 'UTC', seconds: true })).toBe('21:36:05');
    expect(formatClock(EVENING_UTC, { timeZone: 'Europe/Berlin' })).toBe('23:36');
    expect(formatDateTime(EVENING_UTC, { timeZone: 'Asia/Tokyo' })).toBe('2026-05-02 06:36');
    expect(formatClock(local(2026, 5, 1, 21, 36))).toBe('21:36');
  });

  it('writes midnight as 00, not 24', () => {
    expect(formatClock(Date.UTC(2026, 0, 1, 0, 5), { timeZone: 'UTC' })).toBe('00:05');
    expect(formatClock(local(2026, 1, 1, 0, 5))).toBe('00:05');
  });

  it('shortens by distance from now: the time today, the day this year, the date before', () => {
    const now = local(2026, 5, 1, 22, 0) / 1000;
    expect(formatShortTime(local(2026, 5, 1, 9, 36) / 1000, now)).toBe('09:36');
    expect(formatShortTime(local(2026, 4, 30, 14, 0) / 1000, now)).toBe('Apr 30 14:00');
    expect(formatShortTime(local(2025, 4, 30, 14, 0) / 1000, now)).toBe('2025-04-30');
    expect(formatShortTime(null, now)).toBe('–');
    expect(formatMoment(local(2025, 4, 30, 14, 0), now * 1000)).toBe('2025-04-30 14:00');
    expect(formatTimestamp(local(2026, 5, 1, 21, 36) / 1000)).toBe('2026-05-01 21:36');
  });
});
