// Squarified treemap layout of the focused node (d3-hierarchy), flattened into the tiles the canvas draws.
// Area is allocated bytes. Directories nest with a header band while they have room; a partition is one
// tile (its insides are shown when it is zoomed into), so the units an operator reaps are what is compared.
import { hierarchy, treemap, treemapSquarify, type HierarchyRectangularNode } from 'd3-hierarchy';
import type { WireTreeNode } from '../../../shared/models';
import type { HeldTileInfo } from './heldTiles';
import { chainLabel, collapsedChain, nodeKey } from './tree';

export const HEADER_HEIGHT = 20;
const MIN_CONTAINER_W = 56;
const MIN_CONTAINER_H = HEADER_HEIGHT + 26;
const GAP = 2;

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

interface Item {
  node: WireTreeNode;
  /** Ids of the directories a collapsed chain passes through before `node`. */
  via?: number[];
  label?: string;
  held?: HeldTileInfo;
  children?: Item[];
}

/** A stand-in node for a held tile: not in any directory (the files are unlinked), never zoomable. */
function heldItem(h: HeldTileInfo, i: number): Item {
  return {
    held: h,
    node: {
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
    },
  };
}

function trim(start: WireTreeNode, level: number, maxLevels: number): Item {
  // Below the focus, a run of single-directory parents is one band, one level.
  const run = level === 0 ? [start] : collapsedChain(start);
  const node = run[run.length - 1];
  const item: Item = run.length > 1 ? { node, via: run.slice(0, -1).map((n) => n.id), label: chainLabel(run) } : { node };
  const nest = node.kind === 'dir' && level < maxLevels && (level === 0 || node.partition === null);
  const kids = nest ? (node.children ?? []).filter((c) => c.allocatedBytes > 0) : [];
  if (kids.length > 0) item.children = kids.map((c) => trim(c, level + 1, maxLevels));
  return item;
}

function roomy(n: HierarchyRectangularNode<Item>): boolean {
  return n.x1 - n.x0 >= MIN_CONTAINER_W && n.y1 - n.y0 >= MIN_CONTAINER_H;
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
  const top = trim(focus, 0, maxLevels);
  if (held.length > 0) {
    const own = top.children ?? (focus.allocatedBytes > 0 ? [{ node: { ...focus, children: undefined, kind: 'file' as const } }] : []);
    top.children = [...own, ...held.filter((h) => h.bytes > 0).map(heldItem)];
  }
  const root = hierarchy<Item>(top, (d) => d.children)
    .sum((d) => (d.children ? 0 : Math.max(0, d.node.allocatedBytes)))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  if (!root.value) return [];
  const laid = treemap<Item>()
    .tile(treemapSquarify)
    .size([width, height])
    .round(true)
    .paddingInner(GAP)
    .paddingTop((d) => (d.depth === 0 ? 0 : roomy(d) ? HEADER_HEIGHT : GAP))
    .paddingRight((d) => (d.depth === 0 ? 0 : GAP))
    .paddingBottom((d) => (d.depth === 0 ? 0 : GAP))
    .paddingLeft((d) => (d.depth === 0 ? 0 : GAP))(root);

  const tiles: Tile[] = [];
  const visit = (n: HierarchyRectangularNode<Item>, chain: number[], parentKey: string | null) => {
    if (n.x1 - n.x0 < 1 || n.y1 - n.y0 < 1) return;
    const own = [...chain, ...(n.data.via ?? []), n.data.node.id];
    const container = !!n.children && roomy(n);
    const key = nodeKey(n.data.node);
    const label = n.data.label ?? n.data.node.name;
    const tile: Tile = { key, node: n.data.node, chain: own, x0: n.x0, y0: n.y0, x1: n.x1, y1: n.y1, depth: n.depth, leaf: !container, parentKey, label };
    if (n.data.held) tile.held = n.data.held;
    tiles.push(tile);
    if (container) for (const c of n.children!) visit(c, own, key);
  };
  for (const c of laid.children ?? []) visit(c, [...focusChain], null);
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
