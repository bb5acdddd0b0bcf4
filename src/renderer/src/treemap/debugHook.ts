// The canvas has no DOM to query, so what was drawn is published for tests and for inspecting by hand:
// window.__spoolscopeTreemap lists every drawn tile with its path and geometry in CSS pixels.
import type { Tile } from './layout';
import type { TreemapDebug } from './debugTypes';

declare global {
  interface Window {
    __spoolscopeTreemap?: TreemapDebug;
  }
}

export function publishTreemap(info: Omit<TreemapDebug, 'tiles' | 'paints'>, tiles: readonly Tile[]): void {
  window.__spoolscopeTreemap = {
    ...info,
    paints: (window.__spoolscopeTreemap?.paints ?? 0) + 1,
    tiles: tiles.map((t) => {
      const w = t.x1 - t.x0;
      const h = t.y1 - t.y0;
      return {
        key: t.key,
        path: t.node.path,
        name: t.node.name,
        kind: t.held ? 'held' : t.node.kind,
        partition: t.node.partition,
        leaf: t.leaf,
        depth: t.depth,
        x: t.x0,
        y: t.y0,
        w,
        h,
        area: w * h,
        allocatedBytes: t.node.allocatedBytes,
        pid: t.held?.pid ?? null,
        label: t.held?.label ?? null,
        hatched: !!t.held || t.node.kind === 'more',
      };
    }),
  };
}
