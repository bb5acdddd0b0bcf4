import { describe, expect, it } from 'vitest';
import { diffEntries } from '../../../src/main/core/history/scanDiff';
import type { HistoryEntries, HistoryEntry } from '../../../src/main/core/history/historyEntries';

const noCut = { count: 0, allocatedBytes: 0, largestBytes: 0 };
const e = (path: string, allocatedBytes: number, kind: HistoryEntry['kind'] = 'day'): HistoryEntry => ({ path, kind, allocatedBytes, apparentBytes: allocatedBytes, files: 1 });
const side = (entries: HistoryEntry[], cut = noCut): HistoryEntries => ({ entries: entries.sort((a, b) => (a.path < b.path ? -1 : 1)), cut });

describe('scan diff', () => {
  it('names what grew, shrank, appeared and went, the largest change first, and skips the unchanged', () => {
    const before = side([e('logs', 300, 'dir'), e('logs/001', 100), e('logs/002', 200), e('logs/003', 50), e('same', 7)]);
    const after = side([e('logs', 1150, 'dir'), e('logs/002', 1000), e('logs/003', 30), e('logs/004', 120), e('same', 7)]);
    const d = diffEntries(before, after);
    expect(d.entries).toEqual([
      { path: 'logs', kind: 'dir', change: 'grew', beforeBytes: 300, afterBytes: 1150, deltaBytes: 850 },
      { path: 'logs/002', kind: 'day', change: 'grew', beforeBytes: 200, afterBytes: 1000, deltaBytes: 800 },
      { path: 'logs/004', kind: 'day', change: 'appeared', beforeBytes: 0, afterBytes: 120, deltaBytes: 120 },
      { path: 'logs/001', kind: 'day', change: 'went', beforeBytes: 100, afterBytes: 0, deltaBytes: -100 },
      { path: 'logs/003', kind: 'day', change: 'shrank', beforeBytes: 50, afterBytes: 30, deltaBytes: -20 },
    ]);
    expect(d.more).toEqual({ count: 0, deltaBytes: 0 });
    expect(d.unknown).toBe(0);
  });

  it('orders equal changes by path and sums those past the limit into more', () => {
    const before = side([]);
    const after = side(['c', 'a', 'b', 'd', 'e'].map((p) => e(p, 10)));
    const d = diffEntries(before, after, 3);
    expect(d.entries.map((x) => x.path)).toEqual(['a', 'b', 'c']);
    expect(d.more).toEqual({ count: 2, deltaBytes: 20 });
  });

  it('does not call an entry gone when the later scan was cut at its entry limit, and counts it unknown', () => {
    const before = side([e('a', 10), e('b', 5)]);
    const after = side([e('a', 12)], { count: 1, allocatedBytes: 5, largestBytes: 5 });
    const d = diffEntries(before, after);
    expect(d.entries.map((x) => [x.path, x.change])).toEqual([['a', 'grew']]);
    expect(d.unknown).toBe(1);
  });

  it('shows invalid UTF-8 and control characters in paths escaped', () => {
    const d = diffEntries(side([]), side([e('bad\xff\nname', 4096)]));
    expect(d.entries[0].path).toBe('bad\\xff\\nname');
  });
});
