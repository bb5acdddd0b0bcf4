// The rows of the treemap's DOM twin (a treegrid): the focused directory's entries as the canvas shows
// them (single-directory chains as one row, `hero/var/logs/core`; held tiles at the root), largest first,
// each expanded only when asked (or to show the selection), so a tree of any size costs the rows that are
// expanded, and the DOM only those on screen (the component virtualizes).
import type { WireTreeNode } from '../../../shared/models';
import type { HeldTileInfo } from './heldTiles';
import { chainLabel, collapsedChain, nodeKey } from './tree';

export interface TwinRow {
  key: string;
  /** The node the row stands for (a chain's last directory); null for a held row. */
  node: WireTreeNode | null;
  held: HeldTileInfo | null;
  label: string;
  /** Ids from the scan root down to the node, for zooming. */
  chain: number[];
  /** 1 for the focus's entries (aria-level). */
  level: number;
  posInSet: number;
  setSize: number;
  /** Has entries of its own (loaded, or still to be fetched). */
  expandable: boolean;
  expanded: boolean;
  /** Expanded but its entries are not loaded yet. */
  loading: boolean;
  parentKey: string | null;
}

function entries(node: WireTreeNode): WireTreeNode[] {
  // Equal sizes (a store's segments) read in name order: segment 1, 2, 3…
  return (node.children ?? [])
    .filter((c) => c.allocatedBytes > 0)
    .sort((a, b) => b.allocatedBytes - a.allocatedBytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The rows under `focus` (whose id chain is `focusChain`), expanding the rows whose keys are in `expanded`. */
export function twinRows(focus: WireTreeNode, focusChain: readonly number[], expanded: ReadonlySet<string>, held: readonly HeldTileInfo[] = []): TwinRow[] {
  const out: TwinRow[] = [];
  const heldRows = held.filter((h) => h.bytes > 0);
  const walk = (dir: WireTreeNode, chain: readonly number[], level: number, parentKey: string | null, extra: readonly HeldTileInfo[]) => {
    const kids = entries(dir);
    const setSize = kids.length + extra.length;
    // Held rows sit among the entries by size, as their tiles do.
    type Item = { node: WireTreeNode; held: null } | { node: null; held: HeldTileInfo };
    const items: Item[] = [...kids.map((n) => ({ node: n, held: null }) as Item), ...extra.map((h) => ({ node: null, held: h }) as Item)];
    if (extra.length > 0) items.sort((a, b) => (b.node?.allocatedBytes ?? b.held!.bytes) - (a.node?.allocatedBytes ?? a.held!.bytes));
    items.forEach((item, i) => {
      if (item.held) {
        out.push({ key: item.held.key, node: null, held: item.held, label: item.held.label, chain: [...chain], level, posInSet: i + 1, setSize, expandable: false, expanded: false, loading: false, parentKey });
        return;
      }
      const run = collapsedChain(item.node);
      const node = run[run.length - 1];
      const key = nodeKey(node);
      const ids = [...chain, ...run.map((n) => n.id)];
      const expandable = node.kind === 'dir' && node.id >= 0 && (node.truncated || entries(node).length > 0);
      const open = expandable && expanded.has(key);
      out.push({ key, node, held: null, label: run.length > 1 ? chainLabel(run) : node.kind === 'more' ? `${node.moreCount ?? 0} more` : node.name, chain: ids, level, posInSet: i + 1, setSize, expandable, expanded: open, loading: open && node.truncated, parentKey });
      if (open && !node.truncated) walk(node, ids, level + 1, key, []);
    });
  };
  walk(focus, focusChain, 1, null, heldRows);
  return out;
}

/** Keys to expand so the row of the node at `path` shows: every directory above it, below the focus. */
export function ancestorKeys(path: string, focusPath: string): string[] {
  const out: string[] = [];
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const p = parts.slice(0, i).join('/');
    if (focusPath === '' || p.startsWith(`${focusPath}/`)) out.push(p);
  }
  return out;
}
