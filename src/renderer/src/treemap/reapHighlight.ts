// What a reap plan removes, marked on the treemap while the plan is on screen: red diagonal stripes and a
// red edge over every tile that is a planned partition or inside one, so the picture can be checked
// against the list before confirming. A leaf's veil and stripes are painted under its labels (draw.ts calls
// drawPlannedLeaf before the words, which sit on a plate of the veiled colour), so they stay at 4.5:1.
// An age bucket's tile stands for partitions the plan lists by their own paths, which are no tiles: it is
// marked when the plan covers it (withCoveredBuckets).
import type { Tile } from './layout';
import type { ReapEntry } from '../../../shared/reapModels';
import { parseBucketPath } from '../../../shared/bucketLabel';

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

const dirOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));

/**
 * The planned paths plus each bucket tile the plan covers: at least as many of the plan's entries as the bucket
 * holds are of its members' kind, directly in its directory, with their newest write in its range, not
 * counting entries that have tiles of their own (partitions the scan listed one by one). A bucket the plan
 * takes only part of is not marked: the marking says "this goes". Returns `planned` itself when no bucket
 * tile is covered, so a memo of it stays put.
 */
export function withCoveredBuckets(planned: ReadonlySet<string> | null, entries: readonly Pick<ReapEntry, 'path' | 'kind' | 'newestMtime'>[], tiles: readonly Tile[]): ReadonlySet<string> | null {
  if (!planned || planned.size === 0) return planned;
  const buckets = tiles.filter((t) => t.node.kind === 'bucket' && !t.held);
  if (buckets.length === 0) return planned;
  const ownTiles = new Set(tiles.filter((t) => t.node.kind !== 'bucket').map((t) => t.node.path));
  const byDirKind = new Map<string, number[]>();
  for (const e of entries) {
    if (e.newestMtime === null || ownTiles.has(e.path)) continue;
    const key = `${dirOf(e.path)}\0${e.kind}`;
    let list = byDirKind.get(key);
    if (!list) byDirKind.set(key, (list = []));
    list.push(e.newestMtime);
  }
  let out: Set<string> | null = null;
  for (const t of buckets) {
    const b = parseBucketPath(t.node.path);
    const holds = t.node.count ?? 0;
    if (!b || holds === 0) continue;
    let inRange = 0;
    for (const m of byDirKind.get(`${b.dir}\0${b.memberKind}`) ?? []) if (m >= b.from && m < b.to) inRange++;
    if (inRange < holds) continue;
    out ??= new Set(planned);
    out.add(t.node.path);
  }
  return out ?? planned;
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
