import { describe, expect, it } from 'vitest';
import { layoutTreemap } from '../../../src/renderer/src/treemap/layout';
import { drawReapHighlight, isPlannedTile, withCoveredBuckets } from '../../../src/renderer/src/treemap/reapHighlight';
import type { ReapEntry } from '../../../src/shared/reapModels';
import { dir, file } from './wireTreeFixtures';

const DAY = 86_400;
const NOV5 = Date.UTC(2026, 10, 5) / 1000;
const seg = (i: number) => `seg-${String(i).padStart(5, '0')}.log`;

// wal/ holds one segment listed one by one (of Nov 5 too) and two buckets: Nov 5 (3 segments) and Nov 6 (2).
const tree = dir('', [
  dir('wal', [
    file(`wal/${seg(9)}`, 400_000, { partition: 'segment', newestMtime: NOV5 + 50 }),
    file('wal/[segments 2026-11-05]', 300_000, { kind: 'bucket', partition: 'segment', count: 3 }),
    file('wal/[segments 2026-11-06]', 200_000, { kind: 'bucket', partition: 'segment', count: 2 }),
  ]),
]);
const tiles = layoutTreemap(tree, [tree.id], 800, 600, 3);
const tileOf = (path: string) => tiles.find((t) => t.node.path === path)!;
const entry = (path: string, newestMtime: number, kind: ReapEntry['kind'] = 'segment') => ({ path, kind, newestMtime });
const nov5Members = [entry(`wal/${seg(1)}`, NOV5 + 10), entry(`wal/${seg(2)}`, NOV5 + 20), entry(`wal/${seg(3)}`, NOV5 + 30)];

function marked(entries: ReturnType<typeof entry>[]): string[] {
  const planned = withCoveredBuckets(new Set(entries.map((e) => e.path)), entries, tiles);
  return tiles.filter((t) => isPlannedTile(t, planned)).map((t) => t.node.path);
}

describe('reap marking of age bucket tiles', () => {
  it('marks a bucket tile when the plan takes every partition it holds, and no other bucket', () => {
    expect(tileOf('wal/[segments 2026-11-05]')).toBeDefined();
    expect(marked(nov5Members)).toEqual(['wal/[segments 2026-11-05]']);
  });

  it('does not count a partition that is a tile of its own toward the bucket of its day', () => {
    // Two members and the segment listed one by one: three entries in Nov 5, but the bucket is not all taken.
    expect(marked([...nov5Members.slice(0, 2), entry(`wal/${seg(9)}`, NOV5 + 50)])).toEqual([`wal/${seg(9)}`]);
  });

  it('leaves a bucket the plan takes only part of unmarked, and one whose members are of another kind or directory', () => {
    expect(marked(nov5Members.slice(0, 2))).toEqual([]);
    expect(marked(nov5Members.map((e) => ({ ...e, kind: 'rotated' as const })))).toEqual([]);
    expect(marked(nov5Members.map((e) => ({ ...e, path: e.path.replace('wal/', 'other/') })))).toEqual([]);
    // The next day's partitions are the next bucket's.
    expect(marked([entry(`wal/${seg(4)}`, NOV5 + DAY), entry(`wal/${seg(5)}`, NOV5 + DAY + 1)])).toEqual(['wal/[segments 2026-11-06]']);
  });

  it('draws the covered bucket tile with the planned edge, and keeps the same set when no bucket is covered', () => {
    const strokes: number[][] = [];
    const ctx = { strokeRect: (...r: number[]) => strokes.push(r), set strokeStyle(_: string) {}, set lineWidth(_: number) {} } as unknown as CanvasRenderingContext2D;
    const planned = withCoveredBuckets(new Set(nov5Members.map((e) => e.path)), nov5Members, tiles);
    expect(drawReapHighlight(ctx, tiles, planned)).toBe(1);
    const t = tileOf('wal/[segments 2026-11-05]');
    expect(strokes).toEqual([[t.x0 + 1.25, t.y0 + 1.25, t.x1 - t.x0 - 2.5, t.y1 - t.y0 - 2.5]]);
    const partial = new Set([nov5Members[0].path]);
    expect(withCoveredBuckets(partial, nov5Members.slice(0, 1), tiles)).toBe(partial);
  });
});
