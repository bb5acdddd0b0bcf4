// The lanes' queue: every directory handed out exactly once, neighbours in different batches, batches that
// shrink as the queue empties (so no lane is left with a large batch alone at the end), never past xargs' 63.
import { describe, expect, it } from 'vitest';
import { LANE_BATCH_MAX, LaneQueue } from '../../../src/main/core/scan/laneQueue';

function drain<T>(q: LaneQueue<T>): T[][] {
  const out: T[][] = [];
  for (let b = q.next(); b; b = q.next()) out.push(b);
  return out;
}

describe('lane queue', () => {
  it.each([
    [1, 1],
    [7, 2],
    [64, 2],
    [1000, 2],
    [1000, 8],
    [5000, 4],
  ])('hands out each of %i directories once to %i lanes, in batches of at most 63 that never grow', (n, lanes) => {
    const items = Array.from({ length: n }, (_, i) => i);
    const batches = drain(new LaneQueue(items, lanes));
    expect(batches.flat().sort((a, b) => a - b)).toEqual(items);
    for (const b of batches) expect(b.length).toBeGreaterThanOrEqual(1);
    for (const b of batches) expect(b.length).toBeLessThanOrEqual(LANE_BATCH_MAX);
    for (let i = 1; i < batches.length; i++) expect(batches[i].length).toBeLessThanOrEqual(batches[i - 1].length);
    // The last batch of each lane is small: what is left when a lane takes its last one is split among all.
    expect(batches.at(-1)!.length).toBe(1);
  });

  it('shrinks each batch to a lane\'s share of what is left once that is under 63', () => {
    const sizes = drain(new LaneQueue(Array.from({ length: 1000 }, (_, i) => i), 2)).map((b) => b.length);
    expect(sizes.slice(0, 14)).toEqual(Array(14).fill(63));
    expect(sizes.slice(14)).toEqual([59, 30, 15, 7, 4, 2, 1]);
  });

  it('spreads neighbours: the full batches of a 1,000-directory listing each take every 16th directory', () => {
    const batches = drain(new LaneQueue(Array.from({ length: 1000 }, (_, i) => i), 2));
    expect(batches[0]).toEqual(Array.from({ length: 63 }, (_, k) => k * 16));
    expect(batches[1]).toEqual(Array.from({ length: 63 }, (_, k) => 1 + k * 16));
    // Across the whole listing, a batch holds at most one pair of neighbours (where two strides meet).
    for (const b of batches) {
      const sorted = [...b].sort((x, y) => x - y);
      expect(sorted.filter((x, i) => i > 0 && x - sorted[i - 1] === 1).length).toBeLessThanOrEqual(1);
    }
  });

  it('counts what was never handed out, and hands out nothing once cleared', () => {
    const q = new LaneQueue(Array.from({ length: 64 }, (_, i) => i), 2);
    expect(q.next()).toHaveLength(32);
    expect(q.remaining).toBe(32);
    q.clear();
    expect(q.remaining).toBe(0);
    expect(q.next()).toBeNull();
  });
});
