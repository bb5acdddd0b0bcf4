// The treemap layout as it was before it learnt to skip what cannot be seen: d3-hierarchy's treemap over
// the whole trimmed tree. Kept as the oracle the level-by-level layout must equal where nothing is
// smaller than a pixel (treemapLayout.test.ts).
import { hierarchy, treemap, treemapSquarify, type HierarchyRectangularNode } from 'd3-hierarchy';
import type { WireTreeNode } from '../../../src/shared/models';
import { HEADER_HEIGHT, type Tile } from '../../../src/renderer/src/treemap/layout';
import { chainLabel, collapsedChain, nodeKey } from '../../../src/renderer/src/treemap/tree';

const MIN_CONTAINER_W = 56;
const MIN_CONTAINER_H = HEADER_HEIGHT + 26;
const GAP = 2;

interface Item {
  node: WireTreeNode;
  via?: number[];
  label?: string;
  children?: Item[];
}

function trim(start: WireTreeNode, level: number, maxLevels: number): Item {
  const run = level === 0 ? [start] : collapsedChain(start);
  const node = run[run.length - 1];
  const item: Item = run.length > 1 ? { node, via: run.slice(0, -1).map((n) => n.id), label: chainLabel(run) } : { node };
  const nest = node.kind === 'dir' && level < maxLevels && (level === 0 || node.partition === null);
  const kids = nest ? (node.children ?? []).filter((c) => c.allocatedBytes > 0) : [];
  if (kids.length > 0) item.children = kids.map((c) => trim(c, level + 1, maxLevels));
  return item;
}

function roomy(n: { x0: number; y0: number; x1: number; y1: number }): boolean {
  return n.x1 - n.x0 >= MIN_CONTAINER_W && n.y1 - n.y0 >= MIN_CONTAINER_H;
}

export function oracleLayout(focus: WireTreeNode, focusChain: readonly number[], width: number, height: number, maxLevels: number): Tile[] {
  const top = trim(focus, 0, maxLevels);
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
    tiles.push({ key, node: n.data.node, chain: own, x0: n.x0, y0: n.y0, x1: n.x1, y1: n.y1, depth: n.depth, leaf: !container, parentKey, label: n.data.label ?? n.data.node.name });
    if (container) for (const c of n.children!) visit(c, own, key);
  };
  for (const c of laid.children ?? []) visit(c, [...focusChain], null);
  return tiles;
}
