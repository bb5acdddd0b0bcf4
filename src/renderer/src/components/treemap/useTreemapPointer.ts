// The pointer over the canvas: the tile hovered (for the tooltip and its outline); a click selects the tile
// under it (a directory too, so its Sources are one click away), a double-click opens it as Enter does
// (zooms into a directory, shows a held tile's process). The same model as the keyboard's.
import { useEffect, useState, type MouseEvent } from 'react';
import type { WireTreeNode } from '../../../../shared/models';
import { hitTest, type Tile } from '../../treemap/layout';
import { useViewStore } from '../../state/viewStore';
import { activateTile } from './activateTile';

export interface Hover {
  tile: Tile;
  /** CSS pixels from the canvas's top left corner. */
  x: number;
  y: number;
}

export interface TreemapPointer {
  hover: Hover | null;
  onMouseMove(e: MouseEvent<HTMLCanvasElement>): void;
  onMouseLeave(): void;
  onClick(e: MouseEvent<HTMLCanvasElement>): void;
  onDoubleClick(e: MouseEvent<HTMLCanvasElement>): void;
}

function pointAt(e: MouseEvent<HTMLCanvasElement>): { x: number; y: number } {
  const r = e.currentTarget.getBoundingClientRect();
  return { x: e.clientX - r.left, y: e.clientY - r.top };
}

export function useTreemapPointer(tiles: readonly Tile[], focus: WireTreeNode | null): TreemapPointer {
  const [hover, setHover] = useState<Hover | null>(null);
  // A zoom moves every tile: a tooltip from before would describe the wrong one.
  useEffect(() => setHover(null), [focus]);
  return {
    hover,
    onMouseMove(e) {
      const p = pointAt(e);
      const t = hitTest(tiles, p.x, p.y);
      setHover(t ? { tile: t, ...p } : null);
    },
    onMouseLeave() {
      setHover(null);
    },
    onClick(e) {
      const p = pointAt(e);
      const t = hitTest(tiles, p.x, p.y);
      if (t) useViewStore.getState().select(t.key);
      e.currentTarget.focus();
    },
    onDoubleClick(e) {
      const p = pointAt(e);
      const t = hitTest(tiles, p.x, p.y);
      if (t) activateTile(t);
    },
  };
}
