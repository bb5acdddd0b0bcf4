// What a reap plan removes, marked on the treemap while the plan is on screen: red diagonal stripes and a
// red edge over every tile that is a planned partition or inside one, so the picture can be checked
// against the list before confirming. A leaf's veil and stripes are painted under its labels (draw.ts calls
// drawPlannedLeaf before the words, which sit on a plate of the veiled colour), so they stay at 4.5:1.
import type { Tile } from './layout';

const EDGE = '#ff5a4e';
const STRIPE = 'rgba(255, 90, 78, 0.55)';
/** The veil over a planned leaf: this colour at this opacity. */
export const PLANNED_VEIL = '#78100a';
export const PLANNED_VEIL_ALPHA = 0.35;

/** True when the tile's path is a planned partition or lies inside one. */
export function isPlanned(path: string, planned: ReadonlySet<string>): boolean {
  if (planned.has(path)) return true;
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) if (planned.has(path.slice(0, i))) return true;
  return false;
}

/** True when a tile is marked as planned (a real node, planned or inside a planned partition). */
export function isPlannedTile(t: Tile, planned: ReadonlySet<string> | null | undefined): boolean {
  return !!planned && planned.size > 0 && !t.held && t.node.kind !== 'more' && isPlanned(t.node.path, planned);
}

/** A planned leaf's veil and stripes, painted over its fill and under its labels. */
export function drawPlannedLeaf(ctx: CanvasRenderingContext2D, t: Tile): void {
  const w = t.x1 - t.x0;
  const h = t.y1 - t.y0;
  if (w < 1 || h < 1) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(t.x0, t.y0, w, h);
  ctx.clip();
  ctx.globalAlpha = PLANNED_VEIL_ALPHA;
  ctx.fillStyle = PLANNED_VEIL;
  ctx.fillRect(t.x0, t.y0, w, h);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = STRIPE;
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let d = -h; d < w; d += 8) {
    ctx.moveTo(t.x0 + d, t.y0 + h);
    ctx.lineTo(t.x0 + d + h, t.y0);
  }
  ctx.stroke();
  ctx.restore();
}

/** Edges the planned partitions (their leaves were veiled as they were drawn); returns how many tiles are marked (the canvas exposes it for tests). */
export function drawReapHighlight(ctx: CanvasRenderingContext2D, tiles: readonly Tile[], planned: ReadonlySet<string> | null): number {
  if (!planned || planned.size === 0) return 0;
  let marked = 0;
  for (const t of tiles) {
    if (!isPlannedTile(t, planned)) continue;
    // The outermost marked tile carries the edge; tiles inside it only get the stripes.
    const w = t.x1 - t.x0;
    const h = t.y1 - t.y0;
    if (w < 1 || h < 1) continue;
    marked++;
    if (planned.has(t.node.path) && w > 4 && h > 4) {
      ctx.strokeStyle = EDGE;
      ctx.lineWidth = 2.5;
      ctx.strokeRect(t.x0 + 1.25, t.y0 + 1.25, w - 2.5, h - 2.5);
    }
  }
  return marked;
}
