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

/**
 * The run of directories `node` stands for when each has one directory inside and nothing else with bytes
 * (`hero` -> `var` -> `logs` -> `core`): drawn as one band labelled `hero/var/logs/core`, so a deep store
 * does not spend its nesting levels (and its room) on headers with nothing beside them. Never through a
 * partition (the unit an operator reaps), a link, or a directory whose children are not loaded yet (the
 * chain ends there).
 */
export function collapsedChain(node: WireTreeNode): WireTreeNode[] {
  const out = [node];
  let cur = node;
  while (plainDir(cur) && !cur.truncated) {
    const only = onlyNonEmptyChild(cur);
    if (!only || !plainDir(only)) break;
    // An unloaded directory ends the chain (its children are fetched, then the chain may go on).
    cur = only;
    out.push(cur);
  }
  return out;
}

/** The one child with bytes, or null when there are none or several (stops at the second: spools are wide). */
function onlyNonEmptyChild(n: WireTreeNode): WireTreeNode | null {
  let only: WireTreeNode | null = null;
  for (const c of n.children ?? []) {
    if (c.allocatedBytes <= 0) continue;
    if (only) return null;
    only = c;
  }
  return only;
}

function plainDir(n: WireTreeNode): boolean {
  return n.kind === 'dir' && n.partition === null && !n.link && n.id >= 0;
}

/** The label of a collapsed chain: its names joined by '/'. */
export function chainLabel(nodes: readonly WireTreeNode[]): string {
  return nodes.map((n) => n.name).join('/');
}

/**
 * Id chains (from the scan root) of directories whose children are not loaded yet, within `levels` drawn
 * levels below `focus` (`focusChain` ends at it), counting a collapsed chain as one level. Partitions are
 * drawn whole, so nothing below them is needed. At most `limit`, nearest first.
 */
export function truncatedWithin(focus: WireTreeNode, focusChain: readonly number[], levels: number, limit = 16): number[][] {
  const out: number[][] = [];
  let frontier: { node: WireTreeNode; chain: number[] }[] = [{ node: focus, chain: [...focusChain] }];
  for (let level = 0; level < levels && frontier.length > 0 && out.length < limit; level++) {
    const next: typeof frontier = [];
    for (const { node, chain } of frontier) {
      // The focus itself is level 0; below it, a band goes down its collapsed chain first.
      const run = level === 0 ? [node] : collapsedChain(node);
      const ids = level === 0 ? chain : [...chain, ...run.slice(1).map((n) => n.id)];
      const end = run[run.length - 1];
      if (end.kind !== 'dir' || end.id < 0 || (level > 0 && end.partition !== null)) continue;
      if (end.truncated) {
        if (out.length < limit) out.push(ids);
        continue;
      }
      for (const c of end.children ?? []) if (c.kind === 'dir' && c.id >= 0 && c.allocatedBytes > 0) next.push({ node: c, chain: [...ids, c.id] });
    }
    frontier = next;
  }
  return out;
}
