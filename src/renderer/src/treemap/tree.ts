// Helpers over the aggregated wire tree: stable keys, walking by id chain, and grafting deeper levels
// fetched with scan.tree into the tree already on screen (immutably, so React sees the change).
import type { WireTreeNode } from '../../../shared/models';

/** Unique within one scan: 'more' entries share their directory's path, so they get a suffix. */
export function nodeKey(node: WireTreeNode): string {
  return node.kind === 'more' ? `${node.path}\u0000more` : node.path;
}

export function isZoomable(node: WireTreeNode): boolean {
  return node.kind === 'dir' && node.id >= 0 && (node.truncated || (node.children?.length ?? 0) > 0);
}

/** Nodes along `chain` (ids from the root down); stops at the first id that is not found. */
export function resolveChain(root: WireTreeNode, chain: readonly number[]): WireTreeNode[] {
  const out: WireTreeNode[] = [root];
  let cur = root;
  for (const id of chain.slice(1)) {
    const next = cur.children?.find((c) => c.id === id && c.kind !== 'more');
    if (!next) break;
    out.push(next);
    cur = next;
  }
  return out;
}

/** Replace the node at the end of `chain` with `replacement`, copying only the nodes along the chain. */
export function graft(root: WireTreeNode, chain: readonly number[], replacement: WireTreeNode): WireTreeNode {
  if (chain.length <= 1) return replacement;
  const [, next, ...rest] = chain;
  return {
    ...root,
    children: root.children?.map((c) => (c.id === next && c.kind !== 'more' ? graft(c, [next, ...rest], replacement) : c)),
  };
}

/** True when something within `levels` below `node` still has to be fetched to draw it. */
export function needsDeeperLevels(node: WireTreeNode, levels: number): boolean {
  if (node.kind !== 'dir') return false;
  if (node.truncated) return true;
  if (levels <= 1) return false;
  return (node.children ?? []).some((c) => c.partition === null && needsDeeperLevels(c, levels - 1));
}

/** The id chain to the node whose display path is `path`, and how far it got when part is not loaded. */
export function chainToPath(root: WireTreeNode, path: string): { chain: number[]; found: boolean; blockedAt: WireTreeNode | null } {
  const chain = [root.id];
  if (path === '') return { chain, found: true, blockedAt: null };
  const parts = path.split('/');
  let cur = root;
  for (let i = 0; i < parts.length; i++) {
    if (cur.truncated) return { chain, found: false, blockedAt: cur };
    const prefix = parts.slice(0, i + 1).join('/');
    const next = cur.children?.find((c) => c.kind !== 'more' && c.path === prefix);
    if (!next) return { chain, found: false, blockedAt: null };
    chain.push(next.id);
    cur = next;
  }
  return { chain, found: true, blockedAt: null };
}

export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}
