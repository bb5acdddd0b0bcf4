// What the treemap shows at its size: the focused node of the scan tree (with the nodes above it), the
// held-file tiles beside the root's entries, and the laid-out tiles.
import { useMemo } from 'react';
import type { WireTreeNode } from '../../../../shared/models';
import { nowSeconds } from '../../format';
import { useHeldStore } from '../../state/heldStore';
import { useNodeStore } from '../../state/nodeStore';
import { useScanStore } from '../../state/scanStore';
import { DRAWN_LEVELS, useViewStore } from '../../state/viewStore';
import { heldTilesFor, type HeldTileInfo } from '../../treemap/heldTiles';
import { layoutTreemap, type Tile } from '../../treemap/layout';
import { resolveChain } from '../../treemap/tree';
import { filesystemOf } from '../FilesystemBars';
import type { BoxSize } from './useBoxSize';

export interface TreemapLayout {
  tree: WireTreeNode | null;
  root: string | null;
  focus: WireTreeNode | null;
  held: HeldTileInfo[];
  tiles: Tile[];
  /** When the tree arrived: ages in the tooltip count from here. */
  now: number;
}

export function useTreemapLayout(size: BoxSize): TreemapLayout {
  const tree = useScanStore((s) => s.tree);
  const root = useScanStore((s) => s.root);
  const device = useScanStore((s) => s.summary?.device ?? null);
  const heldReport = useHeldStore((s) => s.report);
  const filesystems = useNodeStore((s) => s.filesystems);
  const focusChain = useViewStore((s) => s.focusChain);

  const focusNodes = useMemo(() => (tree ? resolveChain(tree, focusChain.length > 0 ? focusChain : [tree.id]) : []), [tree, focusChain]);
  const focus = focusNodes[focusNodes.length - 1] ?? null;
  const now = useMemo(() => nowSeconds(), [tree]);
  // Held files are in no directory: their tiles belong to the whole root, beside its top-level entries.
  const atRoot = focusNodes.length === 1;
  const rootMount = useMemo(() => filesystemOf(filesystems, root)?.mount ?? null, [filesystems, root]);
  const held = useMemo(() => (atRoot && tree ? heldTilesFor(heldReport, device, rootMount, root) : []), [atRoot, tree, heldReport, device, rootMount, root]);
  const tiles = useMemo(
    () => (focus ? layoutTreemap(focus, focusNodes.map((n) => n.id).slice(0, -1).concat(focus.id), size.w, size.h, DRAWN_LEVELS, held) : []),
    [focus, focusNodes, size.w, size.h, held],
  );
  return { tree, root, focus, held, tiles, now };
}
