import { describe, expect, it } from 'vitest';
import { ELLIPSIS, middleTruncate, middleTruncateToWidth } from '../../../src/renderer/src/middleTruncate';

const length = (s: string) => Array.from(s).length;

describe('middleTruncate', () => {
  it('returns text that fits unchanged', () => {
    expect(middleTruncate('hero/var/logs', 13)).toBe('hero/var/logs');
    expect(middleTruncate('', 0)).toBe('');
  });

  it('keeps a path’s last segment whole and elides the middle', () => {
    const out = middleTruncate('stemedb/data/wal/segment-000042.log', 28);
    expect(out).toBe('stem…/wal/segment-000042.log');
    expect(out.endsWith('/segment-000042.log')).toBe(true);
    expect(out).toContain(ELLIPSIS);
    expect(length(out)).toBeLessThanOrEqual(28);
  });

  it('keeps whole trailing segments while a head still fits', () => {
    const out = middleTruncate('hero/var/logs/core/2026/120', 20);
    expect(length(out)).toBeLessThanOrEqual(20);
    expect(out.endsWith('/core/2026/120')).toBe(true);
    expect(out.startsWith('hero')).toBe(true);
  });

  it('never hides the number that tells segments apart', () => {
    const names = Array.from({ length: 50 }, (_, i) => `stemedb/data/wal/segment-${String(i).padStart(12, '0')}.log`);
    for (const max of [10, 14, 18, 24, 32]) {
      const shown = names.map((n) => middleTruncate(n, max));
      for (const s of shown) expect(length(s)).toBeLessThanOrEqual(max);
      // Every name stays distinct once truncated: the end (the number) survives.
      expect(new Set(shown).size).toBe(names.length);
    }
    expect(middleTruncate('segment-000000000042.log', 16)).toBe('segme…000042.log');
    expect(middleTruncate('stemedb/data/wal/segment-000000000042.log', 14)).toBe('stem…00042.log');
  });

  it('keeps a whole trailing digit run and what follows when it fits', () => {
    expect(middleTruncate('segment-000042.log', 14)).toBe('seg…000042.log');
    expect(middleTruncate('app-gateway.log.3.gz', 8)).toBe('ap….3.gz');
    expect(middleTruncate('hero/var/logs/core/2026/120', 20)).toBe('hero/…/core/2026/120');
  });

  it('gives most of the room to the end of a name without digits', () => {
    const out = middleTruncate('a-very-long-service-name.log', 12);
    expect(length(out)).toBe(12);
    expect(out.endsWith('.log')).toBe(true);
    expect(out.startsWith('a-v')).toBe(true);
  });

  it('never splits a surrogate pair or a replacement character', () => {
    const name = '😀😀😀😀😀😀😀😀😀😀-\uFFFD\uFFFD-000001.log';
    for (let max = 2; max < length(name); max++) {
      const out = middleTruncate(name, max);
      expect(length(out)).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('handles hostile names as plain text', () => {
    const hostile = '--$(rm -rf ~)\n"quoted"/logs/day-2026-01-05.log';
    const out = middleTruncate(hostile, 24);
    expect(length(out)).toBeLessThanOrEqual(24);
    expect(out.endsWith('day-2026-01-05.log')).toBe(true);
  });

  it('degrades to the start when almost no room is left', () => {
    expect(middleTruncate('abcdef', 2)).toBe(`a${ELLIPSIS}`);
    expect(middleTruncate('abcdef', 1)).toBe('a');
    expect(middleTruncate('abcdef', 0)).toBe('');
  });
});

describe('middleTruncateToWidth', () => {
  const measure = (s: string) => length(s) * 7; // a monospace font 7 px a character

  it('fits the most characters whose width fits', () => {
    const text = 'stemedb/data/wal/segment-000042.log';
    expect(middleTruncateToWidth(text, 1000, measure)).toBe(text);
    const out = middleTruncateToWidth(text, 7 * 20, measure);
    expect(out).toBe(middleTruncate(text, 20));
  });

  it('returns nothing when not even an ellipsis and a character fit', () => {
    expect(middleTruncateToWidth('abcdef', 10, measure)).toBe('');
  });
});
