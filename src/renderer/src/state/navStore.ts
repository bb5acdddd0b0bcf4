// Which screen is showing: the fleet table, or the node view of one node. Every store that talks about
// "the node" (filesystems, roots, scans, held files) asks here which one that is.
import { create } from 'zustand';
import { LOCAL_NODE } from '../../../shared/nodeNames';

/** 'starting' until the node list says whether there is a fleet to show. */
export type Screen = 'starting' | 'fleet' | 'node';

interface NavState {
  screen: Screen;
  /** The node the node view shows (and the one the fleet table keeps selected). */
  node: string;
  openNode(name: string): void;
  showFleet(): void;
}

export const useNavStore = create<NavState>()((set) => ({
  screen: 'starting',
  node: LOCAL_NODE,
  openNode(name) {
    set({ screen: 'node', node: name });
  },
  showFleet() {
    set({ screen: 'fleet' });
  },
}));

/** How a node is named on screen: "this machine" for the local node, its saved name otherwise. */
export function nodeLabel(name: string): string {
  return name === LOCAL_NODE ? 'this machine' : name;
}

/** The node every node-view call goes to. */
export function currentNode(): string {
  return useNavStore.getState().node;
}
