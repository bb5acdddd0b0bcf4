// The selection on the canvas. Any node can be selected (a click on a directory's band selects it, the DOM
// twin selects rows that may be too small or too deep to draw): the selected tile when it is drawn, else
// the drawn tile that holds it, outlined dashed. Something is always selected, so the keyboard has a place
// to start: a selection outside the focus (or none) falls back to the largest leaf on screen.
import { useEffect, useMemo } from 'react';
import { useViewStore } from '../../state/viewStore';
import { HELD_KEY_PREFIX } from '../../treemap/heldTiles';
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

/** The path a selection key stands for ("more" keys carry their directory's path before a NUL). */
function keyPath(key: string): string {
  const nul = key.indexOf('\u0000');
  return nul === -1 ? key : key.slice(0, nul);
}

/** True when `key` names something inside the focused directory `focusPath` (drawn or not). */
export function isUnderFocus(key: string, focusPath: string): boolean {
  if (key.startsWith(HELD_KEY_PREFIX)) return false;
  const path = keyPath(key);
  if (key.endsWith('\u0000more') && path === focusPath) return true;
  return focusPath === '' ? path !== '' : path.startsWith(`${focusPath}/`);
}

/** The deepest drawn tile that contains the node at `key` (its directory's band, or a band over its chain). */
export function drawnAncestor(tiles: readonly Tile[], key: string): Tile | null {
  const path = keyPath(key);
  let best: Tile | null = null;
  for (const t of tiles) {
    if (t.held || t.node.kind === 'more' || t.key === key) continue;
    const inside = path.startsWith(`${t.node.path}/`) || (t.label.includes('/') && `${t.node.path}/`.startsWith(`${path}/`));
    if (inside && (!best || t.node.path.length > best.node.path.length)) best = t;
  }
  return best;
}

export interface SelectedTile {
  /** The selected tile, when it is drawn. */
  selected: Tile | null;
  /** Otherwise the drawn tile holding the selection. */
  within: Tile | null;
}

export function useSelectedTile(tiles: readonly Tile[], focusPath: string | null): SelectedTile {
  const selectedKey = useViewStore((s) => s.selectedKey);
  const result = useMemo<SelectedTile>(() => {
    const selected = tiles.find((t) => t.key === selectedKey) ?? null;
    const within = !selected && selectedKey ? drawnAncestor(tiles, selectedKey) : null;
    return { selected, within };
  }, [tiles, selectedKey]);
  useEffect(() => {
    if (tiles.length === 0 || result.selected || focusPath === null) return;
    if (selectedKey && isUnderFocus(selectedKey, focusPath)) return;
    const fb = fallbackSelection(tiles, selectedKey);
    if (fb) useViewStore.getState().select(fb.key);
  }, [tiles, result.selected, selectedKey, focusPath]);
  return result;
}
