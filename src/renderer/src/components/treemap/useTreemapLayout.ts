// What the treemap shows at its size: the focused node of the scan tree (with the nodes above it), narrowed
// to Find's text, the held-file tiles beside the root's entries, and the laid-out tiles. The DOM twin shows
// the same focus and held tiles.
import { useMemo } from 'react';
import type { WireTreeNode } from '../../../../shared/models';
import { nowSeconds } from '../../format';
import { useHeldStore } from '../../state/heldStore';
import { useNodeStore } from '../../state/nodeStore';
import { useScanStore } from '../../state/scanStore';
import { DRAWN_LEVELS, useViewStore } from '../../state/viewStore';
import { filterTreeCached, nameMatches } from '../../treemap/findFilter';
import { heldTilesFor, type HeldTileInfo } from '../../treemap/heldTiles';
import { layoutTreemap, type Tile } from '../../treemap/layout';
import { resolveChain } from '../../treemap/tree';
import { filesystemOf } from '../FilesystemBars';
import type { BoxSize } from './useBoxSize';

export interface TreemapLayout {
  tree: WireTreeNode | null;
  root: string | null;
  focus: WireTreeNode | null;
  /** Ids from the scan root to the focus. */
  focusIds: number[];
  held: HeldTileInfo[];
  tiles: Tile[];
  /** When the tree arrived: ages in the tooltip count from here. */
  now: number;
}

export function useTreemapLayout(size: BoxSize): TreemapLayout {
  const tree = useScanStore((s) => s.tree);
  const root = useScanStore((s) => s.root);
  const device = useScanStore((s) => s.summary?.device ?? null);
  // This node's held files are never drawn into an import's treemap, even on a matching device number.
  const heldReport = useHeldStore((s) => s.report);
  const imported = useScanStore((s) => s.imported !== null);
  const filesystems = useNodeStore((s) => s.filesystems);
  const focusChain = useViewStore((s) => s.focusChain);
  const findText = useViewStore((s) => s.findText);

  const shown = useMemo(() => (tree ? filterTreeCached(tree, findText) : null), [tree, findText]);
  const focusNodes = useMemo(() => (shown ? resolveChain(shown, focusChain.length > 0 ? focusChain : [shown.id]) : []), [shown, focusChain]);
  const focus = focusNodes[focusNodes.length - 1] ?? null;
  const focusIds = useMemo(() => focusNodes.map((n) => n.id), [focusNodes]);
  const now = useMemo(() => nowSeconds(), [tree]);
  // Held files are in no directory: their tiles belong to the whole root, beside its top-level entries.
  const atRoot = focusNodes.length === 1;
  const rootMount = useMemo(() => filesystemOf(filesystems, root)?.mount ?? null, [filesystems, root]);
  const held = useMemo(
    () => (atRoot && tree && !imported ? heldTilesFor(heldReport, device, rootMount, root).filter((h) => nameMatches(h.label, findText)) : []),
    [atRoot, tree, imported, heldReport, device, rootMount, root, findText],
  );
  const tiles = useMemo(() => (focus ? layoutTreemap(focus, focusIds, size.w, size.h, DRAWN_LEVELS, held) : []), [focus, focusIds, size.w, size.h, held]);
  return { tree, root, focus, focusIds, held, tiles, now };
}
