import { describe, expect, it } from 'vitest';
import { parseScannedAt, parseSince } from '../../../src/main/cli/diffTimes';

describe('diff times', () => {
  it('reads --since as a duration in s, m, h, d or w', () => {
    expect(parseSince('24h')).toBe(86_400_000);
    expect(parseSince('7d')).toBe(7 * 86_400_000);
    expect(parseSince('90m')).toBe(5_400_000);
    expect(parseSince('2w')).toBe(14 * 86_400_000);
    expect(() => parseSince('yesterday')).toThrow(/--since takes a duration/);
    expect(() => parseSince('-1h')).toThrow();
  });

  it('reads --from as epoch ms or ISO 8601, a time without a zone as UTC', () => {
    expect(parseScannedAt('1765000000000')).toBe(1_765_000_000_000);
    expect(parseScannedAt('2026-12-06T21:00Z')).toBe(Date.UTC(2026, 11, 6, 21, 0));
    expect(parseScannedAt('2026-12-06T21:00')).toBe(Date.UTC(2026, 11, 6, 21, 0));
    expect(parseScannedAt('2026-12-06T21:00:00+02:00')).toBe(Date.UTC(2026, 11, 6, 19, 0));
    expect(parseScannedAt('2026-12-06')).toBe(Date.UTC(2026, 11, 6));
    expect(() => parseScannedAt('last tuesday')).toThrow(/--from takes ISO 8601/);
    expect(() => parseScannedAt('2026-13-45')).toThrow(/no date/);
  });
});
