// What a double-click or Enter on a tile does (a single click only selects): a held tile opens hidden usage
// on its process; a directory is zoomed into; anything else is shown in its directory, selected.
import { useHeldStore } from '../../state/heldStore';
import { useViewStore } from '../../state/viewStore';
import type { Tile } from '../../treemap/layout';
import { isZoomable } from '../../treemap/tree';

/** What opening needs of a tile, or of a row of the treemap's twin. */
export type OpenableEntry = Pick<Tile, 'key' | 'node' | 'chain' | 'held' | 'parentKey'>;

export function activateTile(t: OpenableEntry): void {
  const view = useViewStore.getState();
  if (t.held) {
    view.select(t.key);
    useHeldStore.getState().focusHolder(t.held.pid);
    view.setTab('held');
  } else if (isZoomable(t.node)) void view.zoomTo(t.chain);
  else if (t.parentKey !== null) void view.zoomTo(t.chain.slice(0, -1), t.key);
  else view.select(t.key);
}
