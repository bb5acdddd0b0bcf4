// The pointer over the canvas: the tile hovered (for the tooltip and its outline) and clicks, which
// activate the tile under them.
import { useEffect, useState, type MouseEvent } from 'react';
import type { WireTreeNode } from '../../../../shared/models';
import { hitTest, type Tile } from '../../treemap/layout';
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
      if (t) activateTile(t);
      e.currentTarget.focus();
    },
  };
}
