import { describe, expect, it } from 'vitest';
import { fallbackSelection } from '../../../src/renderer/src/components/treemap/useSelectedTile';
import { HELD_KEY_PREFIX } from '../../../src/renderer/src/treemap/heldTiles';
import type { Tile } from '../../../src/renderer/src/treemap/layout';
import { file, more } from './wireTreeFixtures';

function tile(key: string, w: number, h: number, extra: Partial<Tile> = {}): Tile {
  return { key, node: file(key, w * h), chain: [0], x0: 0, y0: 0, x1: w, y1: h, depth: 1, leaf: true, parentKey: null, label: key, ...extra };
}

describe('treemap fallback selection', () => {
  const tiles = [
    tile('logs', 300, 300, { leaf: false }),
    tile('logs/a.log', 50, 50, { parentKey: 'logs', depth: 2 }),
    tile('logs/b.log', 80, 50, { parentKey: 'logs', depth: 2 }),
    tile('logs-old/c.log', 90, 90),
    tile('z.log', 100, 100),
    { ...tile('logs\u0000more', 200, 200), node: more('logs', 40_000, 9) },
    { ...tile(`${HELD_KEY_PREFIX}7`, 250, 250), held: { key: `${HELD_KEY_PREFIX}7`, pid: 7, comm: 'w', unit: null, bytes: 1, files: 1, label: 'held' } },
  ];

  it('picks the largest leaf inside a container that was selected (not a sibling sharing its name prefix)', () => {
    expect(fallbackSelection(tiles, 'logs')?.key).toBe('logs/b.log');
  });

  it('otherwise the largest real leaf: never a "more" entry or a held tile while there is another', () => {
    expect(fallbackSelection(tiles, null)?.key).toBe('z.log');
    expect(fallbackSelection(tiles, 'gone')?.key).toBe('z.log');
  });

  it('falls back to any leaf when those are all there is, and to nothing without tiles', () => {
    expect(fallbackSelection([tiles[5], tiles[6]], null)?.key).toBe(`${HELD_KEY_PREFIX}7`);
    expect(fallbackSelection([], 'logs')).toBeNull();
  });
});
