// Coalescing of live snapshots: at most one emission per interval per key, the latest value wins, and a
// burst of any size leaves one pending value (memory does not follow the rate).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestWins } from '../../../src/main/services/common/latestWins';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('LatestWins', () => {
  it('holds a value whose timer fires before the interval has passed on its clock (timers count from a stale loop time)', () => {
    const sent: number[] = [];
    let clock = 0;
    const c = new LatestWins<number>(250, (v) => sent.push(v), () => clock);
    c.push('w', 1);
    clock = 10;
    c.push('w', 2);
    // The timer (240 ms) fires while the clock has seen only 230 ms: nothing may go yet.
    clock = 240;
    vi.advanceTimersByTime(240);
    expect(sent).toEqual([1]);
    clock = 250;
    vi.advanceTimersByTime(10);
    expect(sent).toEqual([1, 2]);
  });

  it('sends the first value at once, then the latest of a burst one interval later', () => {
    const sent: number[] = [];
    const c = new LatestWins<number>(250, (v) => sent.push(v), () => Date.now());
    c.push('w', 1);
    for (let i = 2; i <= 10_000; i++) c.push('w', i);
    expect(sent).toEqual([1]);
    expect(c.coalesced).toBe(9_998);
    vi.advanceTimersByTime(249);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([1, 10_000]);
  });

  it('never sends more than 4 a second for a 250 ms interval, whatever the push rate', () => {
    const at: number[] = [];
    const c = new LatestWins<number>(250, () => at.push(Date.now()), () => Date.now());
    for (let t = 0; t < 10_000; t++) {
      c.push('w', t); // 1,000 pushes a second
      vi.advanceTimersByTime(1);
    }
    expect(at.length).toBeLessThanOrEqual(41);
    expect(at.length).toBeGreaterThanOrEqual(39);
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(250);
  });

  it('keeps keys apart; flush sends a pending value now, forget drops it', () => {
    const sent: string[] = [];
    const c = new LatestWins<string>(250, (v) => sent.push(v), () => Date.now());
    c.push('a', 'a1');
    c.push('b', 'b1');
    c.push('a', 'a2');
    c.push('b', 'b2');
    c.flush('a');
    c.forget('b');
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['a1', 'b1', 'a2']);
  });
});
