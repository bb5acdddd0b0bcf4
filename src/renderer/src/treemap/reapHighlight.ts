// What a reap plan removes, marked on the treemap while the plan is on screen: red diagonal stripes and a
// red edge over every tile that is a planned partition or inside one, so the picture can be checked
// against the list before confirming.
import type { Tile } from './layout';

const EDGE = '#ff5a4e';
const STRIPE = 'rgba(255, 90, 78, 0.55)';
const VEIL = 'rgba(120, 16, 10, 0.35)';

/** True when the tile's path is a planned partition or lies inside one. */
export function isPlanned(path: string, planned: ReadonlySet<string>): boolean {
  if (planned.has(path)) return true;
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) if (planned.has(path.slice(0, i))) return true;
  return false;
}

/** Marks planned tiles; returns how many were marked (the canvas exposes it for tests). */
export function drawReapHighlight(ctx: CanvasRenderingContext2D, tiles: readonly Tile[], planned: ReadonlySet<string> | null): number {
  if (!planned || planned.size === 0) return 0;
  let marked = 0;
  for (const t of tiles) {
    if (t.held || t.node.kind === 'more' || !isPlanned(t.node.path, planned)) continue;
    // The outermost marked tile carries the edge; tiles inside it only get the stripes.
    const w = t.x1 - t.x0;
    const h = t.y1 - t.y0;
    if (w < 1 || h < 1) continue;
    marked++;
    ctx.save();
    ctx.beginPath();
    ctx.rect(t.x0, t.y0, w, h);
    ctx.clip();
    if (t.leaf) {
      ctx.fillStyle = VEIL;
      ctx.fillRect(t.x0, t.y0, w, h);
      ctx.strokeStyle = STRIPE;
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let d = -h; d < w; d += 8) {
        ctx.moveTo(t.x0 + d, t.y0 + h);
        ctx.lineTo(t.x0 + d + h, t.y0);
      }
      ctx.stroke();
    }
    ctx.restore();
    if (planned.has(t.node.path) && w > 4 && h > 4) {
      ctx.strokeStyle = EDGE;
      ctx.lineWidth = 2.5;
      ctx.strokeRect(t.x0 + 1.25, t.y0 + 1.25, w - 2.5, h - 2.5);
    }
  }
  return marked;
}
