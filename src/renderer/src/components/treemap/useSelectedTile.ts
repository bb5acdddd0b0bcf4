// The selected tile: the stored selection when it is a leaf on screen. Something is always selected, so
// the keyboard has a place to start.
import { useEffect, useMemo } from 'react';
import { useViewStore } from '../../state/viewStore';
import { tileArea, type Tile } from '../../treemap/layout';

/** The selection to show when the stored one is not a leaf on screen: inside it if it was a container, else the largest. */
export function fallbackSelection(tiles: readonly Tile[], key: string | null): Tile | null {
  const leaves = tiles.filter((t) => t.leaf && t.node.kind !== 'more' && !t.held);
  const pool = key ? leaves.filter((t) => t.key.startsWith(`${key}/`)) : [];
  const from = pool.length > 0 ? pool : leaves.length > 0 ? leaves : tiles.filter((t) => t.leaf);
  let best: Tile | null = null;
  for (const t of from) if (!best || tileArea(t) > tileArea(best)) best = t;
  return best;
}

export function useSelectedTile(tiles: readonly Tile[]): Tile | null {
  const selectedKey = useViewStore((s) => s.selectedKey);
  const selected = useMemo(() => tiles.find((t) => t.key === selectedKey && t.leaf) ?? null, [tiles, selectedKey]);
  useEffect(() => {
    if (tiles.length === 0 || selected) return;
    const fb = fallbackSelection(tiles, selectedKey);
    if (fb) useViewStore.getState().select(fb.key);
  }, [tiles, selected, selectedKey]);
  return selected;
}
