// Find (Ctrl+F): the tree narrowed to names containing a text, for the treemap and its DOM twin (the
// partition grid applies the same rule to its rows, from the view store's findText).
// - A node whose name contains the text (case-insensitive) is kept whole, with everything inside it.
// - A directory whose name does not is kept for the matches inside it, its sizes theirs (the treemap's
//   areas are what matched), or dropped without any.
// - Only loaded levels are searched: an unloaded directory that does not match is dropped; folded "N more"
//   entries have no name and are dropped.
// Ids and paths are the tree's own, so zooming and selection work on the narrowed tree unchanged.
import type { WireTreeNode } from '../../../shared/models';

/** The rule, for every view that narrows to Find's text: '' matches everything. */
export function nameMatches(name: string, findText: string): boolean {
  const needle = findText.trim().toLocaleLowerCase();
  return needle === '' || name.toLocaleLowerCase().includes(needle);
}

/** `root` narrowed to `findText`; the root itself is always kept (with no children when nothing matched). */
export function filterTree(root: WireTreeNode, findText: string): WireTreeNode {
  if (findText.trim() === '') return root;
  return narrow(root, findText) ?? { ...root, children: [], allocatedBytes: 0, apparentBytes: 0, files: 0, dirs: 0, truncated: false };
}

function narrow(node: WireTreeNode, findText: string): WireTreeNode | null {
  if (node.kind === 'more') return null;
  if (node.path !== '' && nameMatches(node.name, findText)) return node;
  if (node.kind !== 'dir' || !node.children) return null;
  const kept: WireTreeNode[] = [];
  for (const c of node.children) {
    const n = narrow(c, findText);
    if (n) kept.push(n);
  }
  if (kept.length === 0) return null;
  let allocated = 0;
  let apparent = 0;
  let files = 0;
  let newest: number | null = null;
  for (const k of kept) {
    allocated += k.allocatedBytes;
    apparent += k.apparentBytes;
    files += k.files;
    if (k.newestMtime !== null && (newest === null || k.newestMtime > newest)) newest = k.newestMtime;
  }
  return {
    ...node,
    children: kept,
    allocatedBytes: allocated,
    apparentBytes: apparent,
    files,
    dirs: kept.filter((k) => k.kind === 'dir').length,
    newestMtime: newest,
    truncated: false,
  };
}

let last: { root: WireTreeNode; text: string; out: WireTreeNode } | null = null;

/** filterTree, remembered for the last tree and text (the canvas and its twin ask for the same one). */
export function filterTreeCached(root: WireTreeNode, findText: string): WireTreeNode {
  if (last && last.root === root && last.text === findText) return last.out;
  const out = filterTree(root, findText);
  last = { root, text: findText, out };
  return out;
}

/** How many loaded entries below `node` have a name containing `findText` (what Find says it found). */
export function countMatches(node: WireTreeNode, findText: string): number {
  let n = 0;
  const walk = (x: WireTreeNode) => {
    for (const c of x.children ?? []) {
      if (c.kind !== 'more' && nameMatches(c.name, findText)) n++;
      walk(c);
    }
  };
  walk(node);
  return n;
}
