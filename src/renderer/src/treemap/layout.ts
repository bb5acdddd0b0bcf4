// Squarified treemap layout of the focused node, flattened into the tiles the canvas draws.
// Area is allocated bytes. Directories nest with a header band while they have room; a partition is one
// tile (its insides are shown when it is zoomed into), so the units an operator reaps are what is compared.
//
// Laid out level by level from the top, and only where something can be seen: a container too small for a
// header band is drawn filled and its contents never laid out, and the children of a container that would
// get less than a pixel of area share one undrawn remainder at the end of its rows. So the work follows what
// is on screen (a few thousand tiles), not the size of the tree (a spool of 100,000 segments). Rows are cut
// by d3-hierarchy's squarify; the padding and rounding are d3's treemap's, applied to the visible nodes only.
import { treemapSquarify } from 'd3-hierarchy';
import type { WireTreeNode } from '../../../shared/models';
import type { HeldTileInfo } from './heldTiles';
import { chainLabel, collapsedChain, nodeKey } from './tree';

export const HEADER_HEIGHT = 20;
const MIN_CONTAINER_W = 56;
const MIN_CONTAINER_H = HEADER_HEIGHT + 26;
const GAP = 2;
/** A child whose share of its container is under this many square pixels cannot show as a tile. */
const MIN_VISIBLE_AREA = 0.5;

export interface Tile {
  key: string;
  node: WireTreeNode;
  /** Ids from the scan root to this node, for zooming. */
  chain: number[];
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** 1 for a direct child of the focus. */
  depth: number;
  /** A filled block (selectable with the keyboard); otherwise a container drawn with a header band. */
  leaf: boolean;
  parentKey: string | null;
  /** What the tile is called: its name, or a collapsed chain's names (`hero/var/logs/core`). */
  label: string;
  /** Set on a hatched tile for disk held by one process through deleted-but-open files. */
  held?: HeldTileInfo;
}

/** One entry of a container as squarify sees it; `node` null is the undrawn remainder of the smallest. */
interface Cell {
  node: WireTreeNode | null;
  value: number;
  held?: HeldTileInfo;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A stand-in node for a held tile: not in any directory (the files are unlinked), never zoomable. */
function heldNode(h: HeldTileInfo, i: number): WireTreeNode {
  return {
    id: -1 - i,
    name: h.label,
    path: h.key,
    kind: 'file',
    partition: null,
    allocatedBytes: h.bytes,
    apparentBytes: h.bytes,
    files: h.files,
    dirs: 0,
    newestMtime: null,
    oldestMtime: null,
    truncated: false,
  };
}

function roomy(r: Rect): boolean {
  return r.x1 - r.x0 >= MIN_CONTAINER_W && r.y1 - r.y0 >= MIN_CONTAINER_H;
}

/** d3's treemap shrinks a rectangle by a padding, collapsing to its middle when the padding is wider. */
function shrink(r: Rect, left: number, top: number, right: number, bottom: number): Rect {
  let x0 = r.x0 + left;
  let x1 = r.x1 - right;
  let y0 = r.y0 + top;
  let y1 = r.y1 - bottom;
  if (x1 < x0) x0 = x1 = (x0 + x1) / 2;
  if (y1 < y0) y0 = y1 = (y0 + y1) / 2;
  return { x0, y0, x1, y1 };
}

/** Whether a directory's children are laid out inside it at this level (partitions only at the focus). */
function nests(node: WireTreeNode, level: number, maxLevels: number): boolean {
  return node.kind === 'dir' && level < maxLevels && (level === 0 || node.partition === null);
}

/**
 * The children squarify places in `area`: those big enough to be seen, largest first (ties in tree order),
 * and the rest as one remainder cell at the end, so the visible ones keep their exact share.
 */
function visibleCells(kids: readonly WireTreeNode[], area: number, heldOf: ReadonlyMap<WireTreeNode, HeldTileInfo> | null): { cells: Cell[]; total: number } {
  let total = 0;
  for (const k of kids) if (k.allocatedBytes > 0) total += k.allocatedBytes;
  const cells: Cell[] = [];
  if (total <= 0) return { cells, total };
  const cutoff = area > 0 ? (MIN_VISIBLE_AREA * total) / area : Infinity;
  let rest = total;
  for (const k of kids) {
    const v = k.allocatedBytes;
    if (v <= 0 || v < cutoff) continue;
    rest -= v;
    const cell: Cell = { node: k, value: v, x0: 0, y0: 0, x1: 0, y1: 0 };
    const h = heldOf?.get(k);
    if (h) cell.held = h;
    cells.push(cell);
  }
  cells.sort((a, b) => b.value - a.value);
  if (rest > 0) cells.push({ node: null, value: rest, x0: 0, y0: 0, x1: 0, y1: 0 });
  return { cells, total };
}

function squarify(cells: Cell[], total: number, r: Rect): void {
  treemapSquarify({ children: cells, value: total } as never, r.x0, r.y0, r.x1, r.y1);
}

export function layoutTreemap(
  focus: WireTreeNode,
  focusChain: readonly number[],
  width: number,
  height: number,
  maxLevels: number,
  held: readonly HeldTileInfo[] = [],
): Tile[] {
  const heldBytes = held.reduce((s, h) => s + h.bytes, 0);
  if (width < 4 || height < 4 || focus.allocatedBytes + heldBytes <= 0) return [];
  let top: readonly WireTreeNode[] = nests(focus, 0, maxLevels) ? (focus.children ?? []) : [];
  let heldOf: Map<WireTreeNode, HeldTileInfo> | null = null;
  if (held.length > 0) {
    // Without children to show, the focus itself is a tile beside the held ones.
    const own = top.some((k) => k.allocatedBytes > 0) ? top : focus.allocatedBytes > 0 ? [{ ...focus, children: undefined, kind: 'file' as const }] : [];
    heldOf = new Map(held.filter((h) => h.bytes > 0).map((h, i) => [heldNode(h, i), h]));
    top = [...own, ...heldOf.keys()];
  }

  const tiles: Tile[] = [];
  // The focus's children fill the whole box edge to edge: d3 pads the root's inside by -GAP/2 and each
  // child by GAP/2, so neighbours are GAP apart and the outer ones touch the edges.
  const layLevel = (kids: readonly WireTreeNode[], inner: Rect, depth: number, chain: readonly number[], parentKey: string | null) => {
    const { cells, total } = visibleCells(kids, (inner.x1 - inner.x0) * (inner.y1 - inner.y0), depth === 1 ? heldOf : null);
    if (cells.length === 0) return;
    squarify(cells, total, inner);
    for (const cell of cells) {
      if (cell.node === null) continue;
      const box = shrink(cell, GAP / 2, GAP / 2, GAP / 2, GAP / 2);
      const x0 = Math.round(box.x0);
      const y0 = Math.round(box.y0);
      const x1 = Math.round(box.x1);
      const y1 = Math.round(box.y1);
      if (x1 - x0 < 1 || y1 - y0 < 1) continue;
      // Below the focus, a run of single-directory parents is one band, one level.
      const run = cell.held ? [cell.node] : collapsedChain(cell.node);
      const node = run[run.length - 1];
      const own = [...chain, ...run.map((n) => n.id)];
      const key = nodeKey(node);
      const children = nests(node, depth, maxLevels) ? (node.children ?? []) : [];
      const container = roomy(box) && children.some((c) => c.allocatedBytes > 0);
      const label = run.length > 1 ? chainLabel(run) : node.name;
      const tile: Tile = { key, node, chain: own, x0, y0, x1, y1, depth, leaf: !container, parentKey, label };
      if (cell.held) tile.held = cell.held;
      tiles.push(tile);
      if (container) {
        const inside = shrink(box, GAP - GAP / 2, HEADER_HEIGHT - GAP / 2, GAP - GAP / 2, GAP - GAP / 2);
        layLevel(children, inside, depth + 1, own, key);
      }
    }
  };
  layLevel(top, { x0: -GAP / 2, y0: -GAP / 2, x1: width + GAP / 2, y1: height + GAP / 2 }, 1, focusChain, null);
  return tiles;
}
export function tileArea(t: Tile): number {
  return (t.x1 - t.x0) * (t.y1 - t.y0);
}

/** The innermost tile under a point (containers come before their contents in the list). */
export function hitTest(tiles: readonly Tile[], x: number, y: number): Tile | null {
  for (let i = tiles.length - 1; i >= 0; i--) {
    const t = tiles[i];
    if (x >= t.x0 && x < t.x1 && y >= t.y0 && y < t.y1) return t;
  }
  return null;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/** Spatial navigation between leaf tiles: the nearest tile in the direction, preferring aligned ones. */
export function neighbour(tiles: readonly Tile[], from: Tile, dir: Direction): Tile | null {
  const cx = (from.x0 + from.x1) / 2;
  const cy = (from.y0 + from.y1) / 2;
  let best: Tile | null = null;
  let bestScore = Infinity;
  for (const t of tiles) {
    if (!t.leaf || t === from) continue;
    const tx = (t.x0 + t.x1) / 2;
    const ty = (t.y0 + t.y1) / 2;
    let along: number;
    let across: number;
    if (dir === 'right' || dir === 'left') {
      along = dir === 'right' ? t.x0 - from.x1 : from.x0 - t.x1;
      if ((dir === 'right' ? tx <= cx : tx >= cx) || along < -GAP * 2) continue;
      across = Math.max(0, t.y0 - from.y1, from.y0 - t.y1) + Math.abs(ty - cy) * 0.25;
    } else {
      along = dir === 'down' ? t.y0 - from.y1 : from.y0 - t.y1;
      if ((dir === 'down' ? ty <= cy : ty >= cy) || along < -GAP * 2) continue;
      across = Math.max(0, t.x0 - from.x1, from.x0 - t.x1) + Math.abs(tx - cx) * 0.25;
    }
    const score = Math.max(0, along) + across * 2;
    if (score < bestScore) {
      bestScore = score;
      best = t;
    }
  }
  return best;
}
