import { describe, expect, it } from 'vitest';
import { hoverRegions, tilesIn } from '../../../src/renderer/src/treemap/hoverRepaint';
import { layoutTreemap, type Tile } from '../../../src/renderer/src/treemap/layout';
import { dir, file, randomTree, seeded } from './wireTreeFixtures';

function overlaps(t: Tile, r: { x0: number; y0: number; x1: number; y1: number }): boolean {
  return t.x0 < r.x1 && r.x0 < t.x1 && t.y0 < r.y1 && r.y0 < t.y1;
}

describe('hover repaint regions', () => {
  it('repaints a hovered leaf over its own rectangle only', () => {
    const tree = dir('', [file('a.log', 3_000_000), file('b.log', 1_000_000)]);
    const tiles = layoutTreemap(tree, [tree.id], 400, 300, 8);
    const a = tiles.find((t) => t.key === 'a.log')!;
    expect(hoverRegions(tiles, 'a.log')).toEqual([{ x0: a.x0, y0: a.y0, x1: a.x1, y1: a.y1 }]);
    expect(tilesIn(tiles, hoverRegions(tiles, 'a.log')[0]).map((t) => t.key)).toEqual(['a.log']);
  });

  it('repaints a hovered container along its header band and edge, never over its contents (random trees)', () => {
    let containers = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const tree = randomTree(seeded(seed));
      const tiles = layoutTreemap(tree, [tree.id], 900, 600, 8);
      for (const c of tiles.filter((t) => !t.leaf)) {
        containers++;
        const regions = hoverRegions(tiles, c.key);
        expect(regions.length).toBe(4);
        for (const r of regions) {
          expect(r.x0 >= c.x0 && r.y0 >= c.y0 && r.x1 <= c.x1 && r.y1 <= c.y1, `seed ${seed}: ${c.key}'s region lies inside it`).toBe(true);
          const inner = tiles.filter((t) => t.parentKey === c.key && overlaps(t, r));
          expect(inner.map((t) => t.key), `seed ${seed}: hovering ${c.key} repaints none of its contents`).toEqual([]);
        }
      }
    }
    expect(containers).toBeGreaterThan(20);
  });

  it('repaints nothing for no hover or a tile no longer drawn', () => {
    const tree = dir('', [file('a.log', 1)]);
    const tiles = layoutTreemap(tree, [tree.id], 400, 300, 8);
    expect(hoverRegions(tiles, null)).toEqual([]);
    expect(hoverRegions(tiles, 'gone.log')).toEqual([]);
  });
});
