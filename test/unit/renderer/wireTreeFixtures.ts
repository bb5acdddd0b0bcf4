// Small builders for the aggregated wire tree the renderer receives (see src/main/core/scan/wireTree.ts):
// directories total their children, "more" entries share their directory's path and take negative ids.
import type { PartitionKind, WireTreeNode } from '../../../src/shared/models';
import { mulberry32 } from '../../support/mulberry32';

let lastId = 0;
let lastMoreId = 0;

function nameOf(path: string): string {
  return path === '' ? '' : path.slice(path.lastIndexOf('/') + 1);
}

function node(path: string, kind: WireTreeNode['kind'], bytes: number, extra: Partial<WireTreeNode>): WireTreeNode {
  return {
    id: ++lastId,
    name: nameOf(path),
    path,
    kind,
    partition: null,
    allocatedBytes: bytes,
    apparentBytes: bytes,
    files: kind === 'dir' ? 0 : 1,
    dirs: 0,
    newestMtime: 1_714_400_000,
    oldestMtime: 1_714_300_000,
    truncated: false,
    ...extra,
  };
}

export function file(path: string, bytes: number, extra: Partial<WireTreeNode> = {}): WireTreeNode {
  return node(path, 'file', bytes, extra);
}

/** A directory whose bytes and file count are its children's (unless `extra` says otherwise). */
export function dir(path: string, children: WireTreeNode[], extra: Partial<WireTreeNode> = {}): WireTreeNode {
  const bytes = children.reduce((s, c) => s + c.allocatedBytes, 0);
  const files = children.reduce((s, c) => s + c.files, 0);
  return node(path, 'dir', bytes, { children, files, dirs: children.filter((c) => c.kind === 'dir').length, ...extra });
}

/** A day/segment/... partition directory: one unit an operator reaps. */
export function partition(path: string, kind: PartitionKind, children: WireTreeNode[], extra: Partial<WireTreeNode> = {}): WireTreeNode {
  return dir(path, children, { partition: kind, ...extra });
}

/** The "N more" entry of directory `dirPath`: the smaller siblings folded into one. */
export function more(dirPath: string, bytes: number, count: number): WireTreeNode {
  return { ...node(dirPath, 'more', bytes, { moreCount: count, files: count }), id: -++lastMoreId, name: `${count} more` };
}

/** Every node of a tree, depth first. */
export function allNodes(root: WireTreeNode): WireTreeNode[] {
  return [root, ...(root.children ?? []).flatMap(allNodes)];
}

/** Deterministic pseudo-random numbers in [0, 1), so a failing case can be replayed. */
export const seeded = mulberry32;

/** A random tree: up to `depth` levels of directories, byte sizes spanning six orders of magnitude. */
export function randomTree(rand: () => number, path = '', depth = 4): WireTreeNode {
  const n = 1 + Math.floor(rand() * 9);
  const children: WireTreeNode[] = [];
  for (let i = 0; i < n; i++) {
    const childPath = path === '' ? `e${i}` : `${path}/e${i}`;
    if (depth > 1 && rand() < 0.35) children.push(randomTree(rand, childPath, depth - 1));
    else children.push(file(childPath, Math.floor(10 ** (rand() * 6))));
  }
  return dir(path, children);
}
