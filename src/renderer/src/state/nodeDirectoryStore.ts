// Every node the backend knows and its connection state (nodes.list, then nodes.state events), and the
// calls that change them: add, import ~/.ssh/config, connect, trust a host key, unlock a key.
import { create } from 'zustand';
import type { NodeInfo, SshConfigImport, SshNodeConfigInput } from '../../../shared/nodeModels';
import { getApi } from '../api/getApi';

interface NodeDirectoryState {
  nodes: Record<string, NodeInfo>;
  /** Names in the backend's order: this machine first. */
  order: string[];
  loaded: boolean;
  error: string | null;
  /** Subscribes to nodes.state once; returns the unsubscribe function. */
  init(): () => void;
  load(): Promise<NodeInfo[]>;
  /** Resolves with an error message, or null when saved. */
  add(config: SshNodeConfigInput): Promise<string | null>;
  importSshConfig(path?: string): Promise<{ ok: true; result: SshConfigImport } | { ok: false; message: string }>;
  connect(name: string): Promise<NodeInfo | { error: string }>;
  trustHostKey(name: string, fingerprint: string): Promise<NodeInfo | { error: string }>;
  unlockKey(name: string, passphrase: string, remember: boolean): Promise<NodeInfo | { error: string }>;
}

function byName(list: readonly NodeInfo[]): Pick<NodeDirectoryState, 'nodes' | 'order'> {
  return { nodes: Object.fromEntries(list.map((n) => [n.name, n])), order: list.map((n) => n.name) };
}

export const useNodeDirectoryStore = create<NodeDirectoryState>()((set, get) => {
  const put = (n: NodeInfo) => {
    const { nodes, order } = get();
    set({ nodes: { ...nodes, [n.name]: n }, order: order.includes(n.name) ? order : [...order, n.name] });
  };
  const answer = (r: { ok: true; result: NodeInfo } | { ok: false; message: string }): NodeInfo | { error: string } => {
    if (!r.ok) return { error: r.message };
    put(r.result);
    return r.result;
  };
  return {
    nodes: {},
    order: [],
    loaded: false,
    error: null,

    init() {
      return getApi().api.subscribe('nodes.state', put);
    },

    async load() {
      const r = await getApi().api.invoke('nodes.list', {});
      if (!r.ok) {
        set({ loaded: true, error: r.message });
        return [];
      }
      set({ ...byName(r.result.nodes), loaded: true, error: null });
      return r.result.nodes;
    },

    async add(config) {
      const r = await getApi().api.invoke('nodes.add', { config });
      if (!r.ok) return r.message;
      set(byName(r.result.nodes));
      return null;
    },

    async importSshConfig(path) {
      const r = await getApi().api.invoke('nodes.importSshConfig', path ? { path } : {});
      if (!r.ok) return { ok: false, message: r.message };
      set(byName(r.result.nodes));
      return { ok: true, result: { imported: r.result.imported, skipped: r.result.skipped } };
    },

    async connect(name) {
      return answer(await getApi().api.invoke('nodes.connect', { name }));
    },

    async trustHostKey(name, fingerprint) {
      return answer(await getApi().api.invoke('nodes.trustHostKey', { name, fingerprint }));
    },

    async unlockKey(name, passphrase, remember) {
      return answer(await getApi().api.invoke('nodes.unlockKey', { name, passphrase, remember }));
    },
  };
});

/** States in which probes run: the node view can load. */
export function isUsable(state: NodeInfo['state']): boolean {
  return state === 'local' || state === 'connected' || state === 'partial';
}
