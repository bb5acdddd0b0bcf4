// Runs in chromium (bundled by test/e2e/treemapPasses.e2e.test.ts): one seeded treemap drawn twice on real
// canvases, once as one pass and once as the app's two frames (tiles and the reap plan's edges, then the
// words), and the two pictures compared pixel for pixel.
import type { PartitionKind, WireTreeNode } from '../../src/shared/models';
import { drawTreemap, type DrawState } from '../../src/renderer/src/treemap/draw';
import { layoutTreemap } from '../../src/renderer/src/treemap/layout';
import { treemapPalette } from '../../src/renderer/src/treemap/palette';
import { drawReapHighlight } from '../../src/renderer/src/treemap/reapHighlight';
import type { HeldTileInfo } from '../../src/renderer/src/treemap/heldTiles';
import { mulberry32 } from '../support/mulberry32';
import type { PassesCase } from '../support/pageReports';

const NOW = 1_714_400_000;
/** Names as spools have them, long enough to be cut, and hostile ones. */
const NAMES = ['segment-00000000000000000012.log', 'app.log.3', 'core', '2026', '120', 'logs.sqlite', '$(touch x) -rf.log', 'événements-ünïcödé.json', 'x', 'kafka-logs-00000000000123456789.index', 'wal', '-rf'];
const PARTITIONS: PartitionKind[] = ['day', 'segment', 'rotated', 'sqlite'];


function randomTree(rand: () => number): WireTreeNode {
  let id = 0;
  let moreId = 0;
  const build = (path: string, depth: number): WireTreeNode => {
    const n = 1 + Math.floor(rand() * (depth === 0 ? 14 : 10));
    const children: WireTreeNode[] = [];
    for (let i = 0; i < n; i++) {
      const name = `${NAMES[Math.floor(rand() * NAMES.length)]}${rand() < 0.5 ? `-${i}` : ''}`;
      const p = path === '' ? name : `${path}/${name}`;
      if (depth < 3 && rand() < 0.35) children.push(build(p, depth + 1));
      else
        children.push({
          id: ++id,
          name,
          path: p,
          kind: 'file',
          partition: null,
          allocatedBytes: Math.floor(10 ** (3 + rand() * 7)),
          apparentBytes: 1,
          files: 1,
          dirs: 0,
          newestMtime: rand() < 0.1 ? null : NOW - Math.floor(rand() * 86_400 * 40),
          oldestMtime: NOW - 86_400 * 41,
          truncated: false,
        });
    }
    if (rand() < 0.3) {
      const count = 2 + Math.floor(rand() * 5000);
      children.push({ id: -++moreId, name: `${count} more`, path, kind: 'more', partition: null, allocatedBytes: Math.floor(10 ** (4 + rand() * 5)), apparentBytes: 1, files: count, dirs: 0, newestMtime: NOW, oldestMtime: NOW, truncated: false, moreCount: count });
    }
    const bytes = children.reduce((s, c) => s + c.allocatedBytes, 0);
    const partition = depth > 0 && rand() < 0.25 ? PARTITIONS[Math.floor(rand() * PARTITIONS.length)] : null;
    return { id: ++id, name: path.slice(path.lastIndexOf('/') + 1), path, kind: 'dir', partition, allocatedBytes: bytes, apparentBytes: bytes, files: children.reduce((s, c) => s + c.files, 0), dirs: children.filter((c) => c.kind === 'dir').length, newestMtime: NOW, oldestMtime: NOW - 86_400, truncated: false, children };
  };
  return build('', 0);
}

function pixels(width: number, height: number, dpr: number, paint: (ctx: CanvasRenderingContext2D) => void): Uint8ClampedArray {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  paint(ctx);
  return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
}

export function comparePasses(seed: number): PassesCase {
  const rand = mulberry32(seed);
  const tree = randomTree(rand);
  const width = 200 + Math.floor(rand() * 1000);
  const height = 150 + Math.floor(rand() * 700);
  const dpr = rand() < 0.5 ? 1 : 2;
  const held: HeldTileInfo[] = rand() < 0.4 ? [{ key: '\0held:4242', pid: 4242, comm: 'flowctl', unit: 'reactor.service', bytes: Math.floor(tree.allocatedBytes * rand()), files: 3, label: 'held by 4242 flowctl' }] : [];
  const tiles = layoutTreemap(tree, [tree.id], width, height, 8, held);
  const pick = () => (tiles.length > 0 && rand() < 0.7 ? tiles[Math.floor(rand() * tiles.length)].key : null);
  const planned = new Set(tiles.filter(() => rand() < 0.2).map((t) => t.node.path));
  const state: DrawState = {
    palette: treemapPalette(rand() < 0.5 ? 'dark' : 'light'),
    hoverKey: pick(),
    selectedKey: pick(),
    selectedWithinKey: pick(),
    nowSec: NOW,
    ageRefSec: NOW,
    planned,
  };
  const one = pixels(width, height, dpr, (ctx) => {
    drawTreemap(ctx, tiles, width, height, state);
    drawReapHighlight(ctx, tiles, planned);
  });
  const two = pixels(width, height, dpr, (ctx) => {
    drawTreemap(ctx, tiles, width, height, state, 'tiles');
    drawReapHighlight(ctx, tiles, planned);
    drawTreemap(ctx, tiles, width, height, state, 'labels');
  });
  let differing = 0;
  let first: PassesCase['first'] = null;
  const rowBytes = Math.round(width * dpr) * 4;
  for (let i = 0; i < one.length; i++) {
    if (one[i] === two[i]) continue;
    differing++;
    if (!first) first = { x: Math.floor((i % rowBytes) / 4 / dpr), y: Math.floor(i / rowBytes / dpr) };
  }
  return { seed, tiles: tiles.length, labelled: tiles.filter((t) => t.x1 - t.x0 >= 30 && t.y1 - t.y0 >= 17).length, differing, first };
}
