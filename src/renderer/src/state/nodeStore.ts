// The node being looked at (navStore's node): the app's identity, the node's filesystems and configured roots.
import { create } from 'zustand';
import type { ResponseOf } from '../../../shared/contract';
import type { Filesystem, Root } from '../../../shared/models';
import { getApi } from '../api/getApi';
import { currentNode } from './navStore';
export const DEFAULT_ROOT = '/var/log';

export type AppInfo = ResponseOf<'app.info'>;

interface NodeState {
  info: AppInfo | null;
  filesystems: Filesystem[];
  filesystemsPartial: boolean;
  filesystemsError: string | null;
  roots: Root[];
  rootsError: string | null;
  selectedRoot: string | null;
  loading: boolean;
  /** Loads identity, filesystems and roots; resolves with the root to scan first. */
  load(): Promise<string | null>;
  refreshFilesystems(): Promise<void>;
  addRoot(path: string): Promise<string | null>;
  removeRoot(path: string): Promise<void>;
  selectRoot(path: string): void;
  /** Forget the previous node's figures (the node view is switching nodes). */
  reset(): void;
}

/** The first root that is not the default /var/log, else /var/log, else the first one. */
export function initialRoot(roots: readonly Root[]): string | null {
  const custom = roots.find((r) => r.path !== DEFAULT_ROOT);
  if (custom) return custom.path;
  return roots.find((r) => r.path === DEFAULT_ROOT)?.path ?? roots[0]?.path ?? null;
}

export const useNodeStore = create<NodeState>()((set, get) => ({
  info: null,
  filesystems: [],
  filesystemsPartial: false,
  filesystemsError: null,
  roots: [],
  rootsError: null,
  selectedRoot: null,
  loading: true,

  async load() {
    const { api } = getApi();
    const node = currentNode();
    const [info, roots] = await Promise.all([api.invoke('app.info', {}), api.invoke('roots.list', { node }), get().refreshFilesystems()]);
    if (node !== currentNode()) return null;
    const patch: Partial<NodeState> = { loading: false };
    if (info.ok) patch.info = info.result;
    if (roots.ok) {
      patch.roots = roots.result.roots;
      patch.rootsError = null;
      patch.selectedRoot = get().selectedRoot ?? initialRoot(roots.result.roots);
    } else {
      patch.rootsError = roots.message;
    }
    set(patch);
    return get().selectedRoot;
  },

  async refreshFilesystems() {
    const node = currentNode();
    const r = await getApi().api.invoke('node.filesystems', { node });
    // A reply about the node the view has just left is dropped.
    if (node !== currentNode()) return;
    if (r.ok) {
      set({ filesystems: r.result.filesystems, filesystemsPartial: r.result.partial, filesystemsError: r.result.errors[0] ?? null });
    } else {
      set({ filesystemsError: r.message });
    }
  },

  async addRoot(path) {
    const r = await getApi().api.invoke('roots.add', { node: currentNode(), path });
    if (!r.ok) return r.message;
    set({ roots: r.result.roots, rootsError: null });
    return null;
  },

  async removeRoot(path) {
    const r = await getApi().api.invoke('roots.remove', { node: currentNode(), path });
    if (!r.ok) {
      set({ rootsError: r.message });
      return;
    }
    const roots = r.result.roots;
    const selectedRoot = get().selectedRoot;
    set({
      roots,
      rootsError: null,
      selectedRoot: roots.some((x) => x.path === selectedRoot) ? selectedRoot : null,
    });
  },

  selectRoot(path) {
    set({ selectedRoot: path });
  },

  reset() {
    set({ filesystems: [], filesystemsPartial: false, filesystemsError: null, roots: [], rootsError: null, selectedRoot: null, loading: true });
  },
}));
