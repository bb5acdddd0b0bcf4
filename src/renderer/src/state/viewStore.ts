// What the treemap shows: the zoomed-in node (as an id chain from the root) and the selected tile.
import { create } from 'zustand';
import { chainToPath, needsDeeperLevels, resolveChain } from '../treemap/tree';
import { useScanStore } from './scanStore';

/** Most nested levels the treemap draws below its focus, room permitting. */
export const DRAWN_LEVELS = 8;
/** On zoom, levels below the focus that must be loaded (deeper ones are fetched when zoomed into). */
const PREFETCH_LEVELS = 3;

/** What the centre shows: the treemap of the selected root, or hidden usage (held deleted files). */
export type CenterTab = 'treemap' | 'held';

interface ViewState {
  tab: CenterTab;
  setTab(tab: CenterTab): void;
  /** Node ids from the root to the focused node; empty means the root. */
  focusChain: number[];
  selectedKey: string | null;
  zooming: boolean;
  notice: string | null;
  zoomTo(chain: readonly number[], selectKey?: string | null): Promise<void>;
  zoomOut(): Promise<void>;
  select(key: string | null): void;
  /** Show a partition in context: zoom to its directory and select its tile. */
  reveal(path: string): Promise<void>;
}

export const useViewStore = create<ViewState>()((set, get) => ({
  tab: 'treemap',
  setTab(tab) {
    set({ tab });
  },
  focusChain: [],
  selectedKey: null,
  zooming: false,
  notice: null,

  async zoomTo(chain, selectKey = null) {
    const tree = useScanStore.getState().tree;
    if (!tree || chain.length === 0) return;
    let nodes = resolveChain(tree, chain);
    if (needsDeeperLevels(nodes[nodes.length - 1], PREFETCH_LEVELS)) {
      set({ zooming: true });
      await useScanStore.getState().expand(nodes.map((n) => n.id));
      const fresh = useScanStore.getState().tree;
      if (fresh) nodes = resolveChain(fresh, chain);
    }
    set({ focusChain: nodes.map((n) => n.id), selectedKey: selectKey, zooming: false, notice: null });
  },

  async zoomOut() {
    const { focusChain } = get();
    const tree = useScanStore.getState().tree;
    if (!tree || focusChain.length <= 1) return;
    const nodes = resolveChain(tree, focusChain);
    const from = nodes[nodes.length - 1];
    // Keep the place: the tile we came out of stays selected.
    await get().zoomTo(focusChain.slice(0, -1), from.path);
  },

  select(key) {
    set({ selectedKey: key, notice: null });
  },

  async reveal(path) {
    for (let attempt = 0; attempt < 64; attempt++) {
      const tree = useScanStore.getState().tree;
      if (!tree) return;
      const r = chainToPath(tree, path);
      if (r.found) {
        await get().zoomTo(r.chain.slice(0, -1), path);
        return;
      }
      if (!r.blockedAt || !(await useScanStore.getState().expand(r.chain))) {
        await get().zoomTo(r.chain);
        set({ notice: `${path} is folded into a "more" entry at this level` });
        return;
      }
    }
  },
}));

// A new job starts a new tree: back to its root.
useScanStore.subscribe((s, prev) => {
  if (s.jobId !== prev.jobId || (s.tree !== null && prev.tree === null)) {
    useViewStore.setState({ focusChain: s.tree ? [s.tree.id] : [], selectedKey: null, zooming: false, notice: null });
  }
});
