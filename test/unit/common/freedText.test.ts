import { describe, expect, it } from 'vitest';
import { freedText } from '../../../src/shared/freedText';

describe('freed bytes in words', () => {
  it('says what statvfs measured when it freed space', () => {
    expect(freedText(20 * 1024 * 1024)).toBe('freed 20.0 MiB');
    expect(freedText(0)).toBe('freed 0 B');
  });

  it('never says a negative freed figure: other writers outpaced the action', () => {
    const t = freedText(-20 * 1024);
    expect(t).not.toMatch(/-|−/);
    expect(t).toBe('freed nothing measurable: other writers added 20.0 KiB more than was freed meanwhile');
  });
});
