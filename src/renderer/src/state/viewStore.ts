// What the treemap shows: the zoomed-in node (as an id chain from the root) and the selected tile.
import { create } from 'zustand';
import { chainToPath, collapsedChain, nodeKey, resolveChain, truncatedWithin } from '../treemap/tree';
import { useScanStore } from './scanStore';

/** Most nested levels the treemap draws below its focus, room permitting. */
export const DRAWN_LEVELS = 8;
/**
 * On zoom, drawn levels below the focus that must be loaded (a collapsed chain of single directories is one
 * level; deeper ones are fetched when zoomed into), and the most fetches one zoom makes for them.
 */
const PREFETCH_LEVELS = 3;
const PREFETCH_FETCHES = 12;

/** What the centre shows: the treemap of the selected root, hidden usage (held deleted files), or data stores. */
export type CenterTab = 'treemap' | 'held' | 'stores' | 'changes';

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
  /**
   * Find (Ctrl+F): the text names must contain to be shown (case-insensitive), '' for everything. The
   * treemap, its DOM twin and the partition grid all narrow to it.
   */
  findText: string;
  /** The find box is shown (it stays while it holds text). */
  findOpen: boolean;
  setFindText(text: string): void;
  /** Shows the find box and asks it to take the focus (the Electron menu's Find does this too). */
  openFind(): void;
  /** Bumped by openFind: the box focuses itself when it changes. */
  findFocusRequest: number;
  closeFind(): void;
}

/**
 * Fetches what the drawn levels below the node at the end of `chain` need, nearest first (a fetch can reveal
 * a chain that goes deeper still), at most PREFETCH_FETCHES; `busy` says so meanwhile.
 */
async function fetchDrawnLevels(chain: readonly number[], busy: (zooming: boolean) => void): Promise<void> {
  for (let fetches = 0; fetches < PREFETCH_FETCHES; ) {
    const current = useScanStore.getState().tree;
    if (!current) return;
    const nodes = resolveChain(current, chain);
    const missing = truncatedWithin(nodes[nodes.length - 1], nodes.map((n) => n.id), PREFETCH_LEVELS, PREFETCH_FETCHES - fetches);
    if (missing.length === 0) return;
    busy(true);
    let grew = false;
    for (const ids of missing) {
      fetches++;
      if (await useScanStore.getState().expand(ids)) grew = true;
    }
    if (!grew) return;
  }
}

/** Bumped by every zoom: a slower, older one must not land after it (the first levels' fetch of a new tree, say). */
let zoomSeq = 0;

export const useViewStore = create<ViewState>()((set, get) => ({
  tab: 'treemap',
  setTab(tab) {
    set({ tab });
  },
  focusChain: [],
  selectedKey: null,
  zooming: false,
  notice: null,
  findText: '',
  findOpen: false,
  findFocusRequest: 0,

  setFindText(text) {
    set({ findText: text });
  },
  openFind() {
    set((s) => ({ findOpen: true, findFocusRequest: s.findFocusRequest + 1 }));
  },
  closeFind() {
    set({ findOpen: false, findText: '' });
  },

  async zoomTo(chain, selectKey = null) {
    if (!useScanStore.getState().tree || chain.length === 0) return;
    const seq = ++zoomSeq;
    await fetchDrawnLevels(chain, (zooming) => set({ zooming }));
    const fresh = useScanStore.getState().tree;
    if (seq !== zoomSeq || !fresh) return;
    set({ focusChain: resolveChain(fresh, chain).map((n) => n.id), selectedKey: selectKey, zooming: false, notice: null });
  },

  async zoomOut() {
    const { focusChain } = get();
    const tree = useScanStore.getState().tree;
    if (!tree || focusChain.length <= 1) return;
    const nodes = resolveChain(tree, focusChain);
    // Out past single-directory parents: a level showing one band and nothing else says nothing.
    let up = nodes.length - 1;
    while (up > 1 && collapsedChain(nodes[up - 1]).length > 1) up--;
    // Keep the place: the band we came out of stays selected.
    const band = collapsedChain(nodes[up]);
    await get().zoomTo(focusChain.slice(0, up), nodeKey(band[band.length - 1]));
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
    // The first level's bands and partitions are drawn at once: fetch what the depth limit left out, in
    // place (the view is already at the root; a zoom or a selection made meanwhile stands).
    if (s.tree) {
      const seq = zoomSeq;
      void fetchDrawnLevels([s.tree.id], (zooming) => {
        if (seq === zoomSeq) useViewStore.setState({ zooming });
      }).then(() => {
        if (seq === zoomSeq) useViewStore.setState({ zooming: false });
      });
    }
  }
});
