// When only the hovered tile changes, the canvas is repainted where hover shows and nowhere else: a leaf's
// own rectangle (its wash and label colours), or a container's header band and edge (its contents do not
// change). Repainting the whole canvas for each tile the pointer crosses cost a frame on a large tree.
import { HEADER_HEIGHT, type Tile } from './layout';

export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A container's edge is a 1 px stroke on its border; 2 px covers its anti-aliasing at any pixel ratio. */
const EDGE_BAND = 2;

/** Where the tile with `key` looks different hovered from not hovered; nothing when it is not drawn. */
export function hoverRegions(tiles: readonly Tile[], key: string | null): Region[] {
  if (key === null) return [];
  const t = tiles.find((x) => x.key === key);
  if (!t) return [];
  if (t.leaf) return [{ x0: t.x0, y0: t.y0, x1: t.x1, y1: t.y1 }];
  return [
    { x0: t.x0, y0: t.y0, x1: t.x1, y1: Math.min(t.y1, t.y0 + HEADER_HEIGHT) },
    { x0: t.x0, y0: t.y0, x1: Math.min(t.x1, t.x0 + EDGE_BAND), y1: t.y1 },
    { x0: Math.max(t.x0, t.x1 - EDGE_BAND), y0: t.y0, x1: t.x1, y1: t.y1 },
    { x0: t.x0, y0: Math.max(t.y0, t.y1 - EDGE_BAND), x1: t.x1, y1: t.y1 },
  ];
}

/** The tiles that paint any pixel of `r`, in drawing order (containers before their contents). */
export function tilesIn(tiles: readonly Tile[], r: Region): Tile[] {
  return tiles.filter((t) => t.x0 < r.x1 && r.x0 < t.x1 && t.y0 < r.y1 && r.y0 < t.y1);
}

/**
 * Paints each region again, clipped to it, with `paint` given only the tiles that reach into it: the
 * pixels come out as a whole repaint would leave them, since every tile is opaque over its rectangle.
 */
export function repaintRegions(ctx: CanvasRenderingContext2D, tiles: readonly Tile[], regions: readonly Region[], paint: (tiles: readonly Tile[]) => void): void {
  for (const r of regions) {
    if (r.x1 <= r.x0 || r.y1 <= r.y0) continue;
    ctx.save();
    ctx.beginPath();
    ctx.rect(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    ctx.clip();
    paint(tilesIn(tiles, r));
    ctx.restore();
  }
}
