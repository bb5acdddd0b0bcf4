import { describe, expect, it } from 'vitest';
import type { WireTreeNode } from '../../../src/shared/models';
import { HELD_KEY_PREFIX, type HeldTileInfo } from '../../../src/renderer/src/treemap/heldTiles';
import { HEADER_HEIGHT, hitTest, layoutTreemap, neighbour, tileArea, type Tile } from '../../../src/renderer/src/treemap/layout';
import { oracleLayout } from './treemapLayoutOracle';
import { allNodes, dir, file, more, partition, randomTree, seeded } from './wireTreeFixtures';

const W = 800;
const H = 500;

function layout(focus: WireTreeNode, opts: { w?: number; h?: number; levels?: number; held?: HeldTileInfo[] } = {}): Tile[] {
  return layoutTreemap(focus, [focus.id], opts.w ?? W, opts.h ?? H, opts.levels ?? 8, opts.held ?? []);
}

function byPath(tiles: readonly Tile[], path: string): Tile {
  const t = tiles.find((x) => x.node.path === path && x.node.kind !== 'more');
  if (!t) throw new Error(`no tile for ${JSON.stringify(path)}`);
  return t;
}

function intersects(a: Tile, b: Tile): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function inside(inner: Tile, outer: { x0: number; y0: number; x1: number; y1: number }): boolean {
  return inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1;
}

function held(pid: number, bytes: number): HeldTileInfo {
  return { key: `${HELD_KEY_PREFIX}${pid}`, pid, comm: 'writer', unit: null, bytes, files: 2, label: `held by ${pid} writer` };
}

/** Each tile's share of its siblings' total area, against its share of their bytes. */
function shareErrors(siblings: readonly Tile[]): number[] {
  const bytes = siblings.reduce((s, t) => s + t.node.allocatedBytes, 0);
  const area = siblings.reduce((s, t) => s + tileArea(t), 0);
  return siblings.map((t) => Math.abs(tileArea(t) / area - t.node.allocatedBytes / bytes));
}

describe('treemap layout', () => {
  it('draws nothing in a box too small to read or for a focus with no bytes', () => {
    const tree = dir('', [file('a.log', 100)]);
    expect(layout(tree, { w: 3 })).toEqual([]);
    expect(layout(tree, { h: 3 })).toEqual([]);
    expect(layout(dir('', [file('empty.log', 0)]))).toEqual([]);
    expect(layout(dir('', []))).toEqual([]);
  });

  it('fills the box with the direct children, each tile area proportional to its allocated bytes', () => {
    const tree = dir('', [file('a.log', 6_000_000), file('b.log', 2_500_000), file('c.log', 1_000_000), file('d.log', 500_000)]);
    const tiles = layout(tree);
    expect(tiles.map((t) => t.node.path).sort()).toEqual(['a.log', 'b.log', 'c.log', 'd.log']);
    for (const t of tiles) {
      expect(inside(t, { x0: 0, y0: 0, x1: W, y1: H })).toBe(true);
      expect(t).toMatchObject({ depth: 1, leaf: true, parentKey: null });
    }
    // Only the 2 px gaps between tiles are not covered.
    const covered = tiles.reduce((s, t) => s + tileArea(t), 0);
    expect(covered / (W * H)).toBeGreaterThan(0.98);
    for (const err of shareErrors(tiles)) expect(err).toBeLessThan(0.01);
    expect(tileArea(byPath(tiles, 'a.log')) / tileArea(byPath(tiles, 'c.log'))).toBeCloseTo(6, 0);
  });

  it('lays a directory out as a container with a header band and its children inside, proportional within it', () => {
    const logs = dir('logs', [file('logs/app.log', 3_000_000), file('logs/db.log', 1_000_000), file('logs/gc.log', 1_000_000)]);
    const tree = dir('', [logs, file('core.dump', 5_000_000)]);
    const tiles = layout(tree);
    const box = byPath(tiles, 'logs');
    expect(box.leaf).toBe(false);
    const kids = tiles.filter((t) => t.parentKey === 'logs');
    expect(kids.map((t) => t.node.path).sort()).toEqual(['logs/app.log', 'logs/db.log', 'logs/gc.log']);
    for (const k of kids) {
      expect(k.depth).toBe(2);
      // Below the header band, inside the container's padding.
      expect(inside(k, { x0: box.x0, y0: box.y0 + HEADER_HEIGHT, x1: box.x1, y1: box.y1 })).toBe(true);
    }
    for (const err of shareErrors(kids)) expect(err).toBeLessThan(0.02);
    // The container and the file beside it share the box by bytes (5 MB each).
    expect(tileArea(box) / tileArea(byPath(tiles, 'core.dump'))).toBeCloseTo(1, 1);
  });

  it('never overlaps tiles: siblings are disjoint and every tile lies inside its parent (random trees)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const tree = randomTree(seeded(seed));
      const tiles = layout(tree, { w: 300 + seed * 17, h: 200 + seed * 11 });
      const byKey = new Map(tiles.map((t) => [t.key, t]));
      expect(byKey.size, `seed ${seed}: keys are unique`).toBe(tiles.length);
      for (const t of tiles) {
        expect(t.x1 - t.x0, `seed ${seed}: ${t.key} at least a pixel wide`).toBeGreaterThanOrEqual(1);
        expect(t.y1 - t.y0).toBeGreaterThanOrEqual(1);
        const parent = t.parentKey === null ? { x0: 0, y0: 0, x1: 300 + seed * 17, y1: 200 + seed * 11 } : byKey.get(t.parentKey);
        expect(parent, `seed ${seed}: parent of ${t.key} is drawn`).toBeDefined();
        expect(inside(t, parent!), `seed ${seed}: ${t.key} inside its parent`).toBe(true);
      }
      for (let i = 0; i < tiles.length; i++) {
        for (let j = i + 1; j < tiles.length; j++) {
          if (tiles[i].parentKey !== tiles[j].parentKey) continue;
          expect(intersects(tiles[i], tiles[j]), `seed ${seed}: ${tiles[i].key} and ${tiles[j].key} overlap`).toBe(false);
        }
      }
    }
  });

  it('gives zero-byte children no tile and leaves out children smaller than a pixel', () => {
    const tree = dir('', [
      file('big.log', 10_000_000),
      file('empty.log', 0),
      dir('empty-dir', [file('empty-dir/x', 0)]),
      file('tiny.log', 1),
      file('mid.log', 4_000_000),
    ]);
    const tiles = layout(tree, { w: 200, h: 100 });
    const paths = tiles.map((t) => t.node.path);
    expect(paths).toContain('big.log');
    expect(paths).toContain('mid.log');
    expect(paths).not.toContain('empty.log');
    expect(paths).not.toContain('empty-dir');
    expect(paths).not.toContain('tiny.log');
    for (const t of tiles) expect(tileArea(t)).toBeGreaterThanOrEqual(1);
  });

  it('draws a directory\'s "more" entry as its own leaf, keyed apart from the directory', () => {
    const spool = dir('spool', [file('spool/seg-1.log', 4_000_000), file('spool/seg-2.log', 3_000_000), more('spool', 2_000_000, 412)]);
    const tiles = layout(dir('', [spool, file('other', 3_000_000)]));
    const folded = tiles.find((t) => t.node.kind === 'more');
    expect(folded).toBeDefined();
    expect(folded!.key).not.toBe('spool');
    expect(folded!.key.startsWith('spool')).toBe(true);
    expect(folded).toMatchObject({ leaf: true, parentKey: 'spool', depth: 2 });
    expect(folded!.node.moreCount).toBe(412);
    expect(new Set(tiles.map((t) => t.key)).size).toBe(tiles.length);
  });

  it('shows a partition as one tile, and its insides only when it is the focus', () => {
    const day = partition('logs/2026-04-30', 'day', [file('logs/2026-04-30/a.log', 3_000_000), file('logs/2026-04-30/b.log', 1_000_000)]);
    const logs = dir('logs', [day, partition('logs/2026-04-29', 'day', [file('logs/2026-04-29/a.log', 2_000_000)])]);
    const tree = dir('', [logs]);
    const tiles = layout(tree);
    expect(byPath(tiles, 'logs/2026-04-30').leaf).toBe(true);
    expect(tiles.some((t) => t.node.path.startsWith('logs/2026-04-30/'))).toBe(false);

    const zoomed = layoutTreemap(day, [tree.id, logs.id, day.id], W, H, 8);
    expect(zoomed.map((t) => t.node.path).sort()).toEqual(['logs/2026-04-30/a.log', 'logs/2026-04-30/b.log']);
  });

  it('nests no deeper than maxLevels below the focus', () => {
    // a/e.log beside a/b: no single-directory chain to collapse (treemapChains.test.ts).
    const tree = dir('', [dir('a', [dir('a/b', [file('a/b/c.log', 5_000_000), file('a/b/d.log', 5_000_000)]), file('a/e.log', 1_000_000)])]);
    expect(layout(tree, { levels: 1 }).map((t) => [t.node.path, t.leaf])).toEqual([['a', true]]);
    expect(layout(tree, { levels: 2 }).map((t) => [t.node.path, t.leaf])).toEqual([
      ['a', false],
      ['a/b', true],
      ['a/e.log', true],
    ]);
    expect(layout(tree, { levels: 3 }).map((t) => t.node.path)).toEqual(['a', 'a/b', 'a/b/c.log', 'a/b/d.log', 'a/e.log']);
  });

  it('draws a directory too small for a header band as one filled tile, without its contents', () => {
    const small = dir('small', [file('small/x', 500_000), file('small/y', 500_000)]);
    const tiles = layout(dir('', [file('huge', 49_000_000), small]), { w: 400, h: 300 });
    const t = byPath(tiles, 'small');
    expect(t.x1 - t.x0 < 56 || t.y1 - t.y0 < HEADER_HEIGHT + 26).toBe(true);
    expect(t.leaf).toBe(true);
    expect(tiles.some((x) => x.parentKey === 'small')).toBe(false);
  });

  it('gives each tile the id chain from the scan root, for zooming', () => {
    const c = file('a/b/c.log', 5_000_000);
    const b = dir('a/b', [c, file('a/b/d.log', 5_000_000)]);
    const a = dir('a', [b, file('a/e.log', 1_000_000)]);
    const tree = dir('', [a]);
    const zoomed = layoutTreemap(a, [tree.id, a.id], W, H, 8);
    expect(byPath(zoomed, 'a/b').chain).toEqual([tree.id, a.id, b.id]);
    expect(byPath(zoomed, 'a/b/c.log').chain).toEqual([tree.id, a.id, b.id, c.id]);
    expect(byPath(zoomed, 'a/b/c.log').parentKey).toBe('a/b');
  });

  it('puts held tiles beside the top-level entries, sized by their bytes, and drops empty ones', () => {
    const tree = dir('', [file('a.log', 6_000_000), file('b.log', 2_000_000)]);
    const tiles = layout(tree, { held: [held(4242, 2_000_000), held(7, 0)] });
    const hatched = tiles.filter((t) => t.held);
    expect(hatched.map((t) => [t.key, t.held!.pid, t.depth, t.leaf, t.parentKey])).toEqual([[`${HELD_KEY_PREFIX}4242`, 4242, 1, true, null]]);
    expect(tileArea(hatched[0]) / tileArea(byPath(tiles, 'a.log'))).toBeCloseTo(1 / 3, 1);
    for (const err of shareErrors(tiles)) expect(err).toBeLessThan(0.01);
  });

  it('keeps the root visible as one tile beside held tiles when it has no children to show', () => {
    const tree = dir('', [], { allocatedBytes: 3_000_000 });
    const tiles = layout(tree, { held: [held(1, 1_000_000)] });
    expect(tiles.map((t) => (t.held ? 'held' : t.key)).sort()).toEqual(['', 'held']);
    // Held files alone still draw when the root itself holds nothing.
    expect(layout(dir('', []), { held: [held(1, 1_000_000)] }).map((t) => t.key)).toEqual([`${HELD_KEY_PREFIX}1`]);
  });

  it('keys tiles by their display path whatever the names hold (newlines, quotes, $(...), leading dashes, invalid UTF-8)', () => {
    const names = ['line\\nbreak.log', `a'b"c`, '$(touch pwned)', '-rf', '--help', 'f\\xff\\xfe.log', 'sp ace', '日本語.log', '2 more'];
    const tree = dir('', [dir('d', names.map((n, i) => file(`d/${n}`, 1_000_000 + i * 10_000))), more('', 500_000, 3)]);
    const tiles = layout(tree, { w: 1200, h: 900 });
    for (const n of names) expect(byPath(tiles, `d/${n}`).node.name).toBe(n);
    expect(new Set(tiles.map((t) => t.key)).size).toBe(tiles.length);
    // The root's "more" entry does not take the root's own key.
    expect(tiles.find((t) => t.node.kind === 'more')!.key).not.toBe('');
  });

  it('lays out exactly as d3-hierarchy does over the whole tree when every entry is big enough to see (random trees)', () => {
    // Sizes within two orders of magnitude, three levels: no entry falls under a pixel of its container.
    const grow = (rand: () => number, path: string, depth: number): WireTreeNode => {
      const kids: WireTreeNode[] = [];
      const n = 1 + Math.floor(rand() * 6);
      for (let i = 0; i < n; i++) {
        const p = path === '' ? `e${i}` : `${path}/e${i}`;
        kids.push(depth > 1 && rand() < 0.4 ? grow(rand, p, depth - 1) : file(p, Math.floor(10_000 * 10 ** (rand() * 2))));
      }
      return dir(path, kids);
    };
    for (let seed = 1; seed <= 60; seed++) {
      const tree = grow(seeded(seed), '', 3);
      const w = 500 + seed * 13;
      const h = 300 + seed * 7;
      const strip = (ts: Tile[]) => ts.map(({ key, x0, y0, x1, y1, depth, leaf, parentKey, label, chain }) => ({ key, x0, y0, x1, y1, depth, leaf, parentKey, label, chain }));
      expect(strip(layoutTreemap(tree, [tree.id], w, h, 8)), `seed ${seed}`).toEqual(strip(oracleLayout(tree, [tree.id], w, h, 8)));
    }
  });

  it('draws the big entries of a 100,000-entry directory with their exact share of the box, and none of its specks', () => {
    const kids = [file('huge.log', 40_000_000_000), file('big.log', 10_000_000_000)];
    for (let i = 0; i < 100_000; i++) kids.push(file(`seg-${i}.log`, 100_000 + (i % 7) * 1000));
    const tree = dir('', kids);
    const tiles = layout(tree, { w: 400, h: 300 });
    // Each small segment's share is about 0.1 px^2: together they are the box's undrawn remainder.
    expect(tiles.map((t) => t.node.path).sort()).toEqual(['big.log', 'huge.log']);
    const total = tree.allocatedBytes;
    for (const t of tiles) {
      // Each tile gives up half the gap (1 px) on every side, and the outer ones' halves lie past the box.
      const share = ((t.x1 - t.x0 + 2) * (t.y1 - t.y0 + 2)) / (402 * 302);
      expect(share).toBeCloseTo(t.node.allocatedBytes / total, 2);
    }
  });

  it('never reads the contents of a directory drawn too small for a header band', () => {
    const hidden = file('small/inner.log', 1_000);
    const small = dir('small', [hidden]);
    Object.defineProperty(small, 'children', {
      get() {
        throw new Error('the contents of a directory drawn as one filled tile were read');
      },
    });
    const tree = dir('', [file('big.log', 10_000_000), small]);
    // small has about 1e-4 of 200x100: a speck at most, never a container.
    expect(() => layout(tree, { w: 200, h: 100 })).not.toThrow();
  });

  it('draws each node of the tree at most once', () => {
    const tree = randomTree(seeded(99));
    const tiles = layout(tree);
    const ids = tiles.map((t) => t.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    const known = new Set(allNodes(tree).map((n) => n.id));
    for (const id of ids) expect(known.has(id)).toBe(true);
  });
});

describe('treemap hit test', () => {
  const tree = dir('', [dir('logs', [file('logs/a.log', 4_000_000), file('logs/b.log', 4_000_000)]), file('z.log', 4_000_000)]);
  const tiles = layout(tree);

  it('answers the innermost tile under a point, the container in its header band, nothing outside', () => {
    const a = byPath(tiles, 'logs/a.log');
    expect(hitTest(tiles, a.x0 + 1, a.y0 + 1)?.key).toBe('logs/a.log');
    const logs = byPath(tiles, 'logs');
    expect(hitTest(tiles, logs.x0 + 5, logs.y0 + 5)?.key).toBe('logs');
    expect(hitTest(tiles, -1, 10)).toBeNull();
    expect(hitTest(tiles, W + 1, 10)).toBeNull();
  });

  it('treats a tile as half-open: its right and bottom edges belong to what is beyond', () => {
    const z = byPath(tiles, 'z.log');
    expect(hitTest(tiles, z.x0, z.y0)?.key).toBe('z.log');
    expect(hitTest(tiles, z.x1, z.y1)?.key ?? null).not.toBe('z.log');
  });
});

describe('treemap keyboard neighbours', () => {
  // A hand-made 3 x 2 grid of 100 px leaves with 2 px gaps, plus a container that must never be landed on.
  const cell = (col: number, row: number): Tile => ({
    key: `c${col}r${row}`,
    label: `c${col}r${row}`,
    node: file(`c${col}r${row}`, 1),
    chain: [0],
    x0: col * 102,
    y0: row * 102,
    x1: col * 102 + 100,
    y1: row * 102 + 100,
    depth: 1,
    leaf: true,
    parentKey: null,
  });
  const grid = [0, 1, 2].flatMap((col) => [0, 1].map((row) => cell(col, row)));
  const container: Tile = { ...cell(3, 0), key: 'box', leaf: false };
  const tiles = [...grid, container];
  const at = (col: number, row: number) => grid.find((t) => t.key === `c${col}r${row}`)!;

  it('moves to the adjacent leaf in each direction and stops at the edges', () => {
    expect(neighbour(tiles, at(0, 0), 'right')).toBe(at(1, 0));
    expect(neighbour(tiles, at(0, 0), 'down')).toBe(at(0, 1));
    expect(neighbour(tiles, at(2, 1), 'left')).toBe(at(1, 1));
    expect(neighbour(tiles, at(1, 1), 'up')).toBe(at(1, 0));
    expect(neighbour(tiles, at(0, 0), 'left')).toBeNull();
    expect(neighbour(tiles, at(0, 0), 'up')).toBeNull();
    expect(neighbour(tiles, at(2, 1), 'down')).toBeNull();
  });

  it('lands only on leaves, never on a container', () => {
    // Right of c2r0 there is only the container.
    expect(neighbour(tiles, at(2, 0), 'right')).toBeNull();
  });

  it('prefers the aligned tile over a nearer diagonal one', () => {
    // A tile level with the lower row, reaching only slightly into the upper one's band.
    const low: Tile = { ...cell(0, 0), key: 'low', y0: 90, y1: 202 };
    expect(neighbour([low, at(1, 0), at(1, 1)], low, 'right')).toBe(at(1, 1));
  });
});
