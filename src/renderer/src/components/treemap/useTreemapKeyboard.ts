// The treemap's keys. On the focused canvas: arrows move the selection, Enter opens it as a double-click
// does (zooms into a directory), Home zooms to the root. Anywhere but a text field: Backspace or Escape
// zooms out.
import { useEffect, type KeyboardEvent } from 'react';
import type { WireTreeNode } from '../../../../shared/models';
import { useViewStore } from '../../state/viewStore';
import { neighbour, type Direction, type Tile } from '../../treemap/layout';
import { activateTile } from './activateTile';
import { fallbackSelection } from './useSelectedTile';

const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** Backspace / Escape zoom out from anywhere except a text field (or a key something else handled). */
export function useZoomOutKeys(): void {
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.key !== 'Backspace' && e.key !== 'Escape') || isTextField(e.target) || e.defaultPrevented) return;
      e.preventDefault();
      void useViewStore.getState().zoomOut();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The canvas's keydown handler. */
/** `selected`: the selected tile, or the drawn one holding an undrawn selection. */
export function treemapKeyDown(tiles: readonly Tile[], selected: Tile | null, tree: WireTreeNode | null): (e: KeyboardEvent<HTMLCanvasElement>) => void {
  return (e) => {
    const dir = ARROWS[e.key];
    if (dir) {
      e.preventDefault();
      const from = selected ?? fallbackSelection(tiles, null);
      if (!from) return;
      const next = selected ? neighbour(tiles, from, dir) : from;
      if (next) useViewStore.getState().select(next.key);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (selected) activateTile(selected);
    } else if (e.key === 'Home') {
      e.preventDefault();
      if (tree) void useViewStore.getState().zoomTo([tree.id]);
    }
  };
}
