// The node being looked at (navStore's node): the app's identity, the node's filesystems and configured roots,
// and the mount each root is really on (df ROOT, asked on the node). The filesystem list is read with at most
// one request in flight per node: a read asked for while one runs joins it, or, when something changed
// since it was sent (a root added, a reap, a reclaim), runs once more after it.
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
  /** Root path -> the mount df names for it on the node; null where df could not stat it (not made yet). */
  rootMounts: Record<string, string | null>;
  roots: Root[];
  rootsError: string | null;
  selectedRoot: string | null;
  loading: boolean;
  /** Loads identity, filesystems and roots; resolves with the root to scan first. */
  load(): Promise<string | null>;
  /**
   * Re-reads the filesystems. `changed`: the disk or the roots changed after a read in flight was sent, so
   * its answer is already old: read once more when it ends.
   */
  refreshFilesystems(opts?: { changed?: boolean }): Promise<void>;
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

/** The filesystem read in flight: its node, and whether it must run again when it ends. */
interface FilesystemsRead {
  node: string;
  again: boolean;
  done: Promise<void>;
}
let reading: FilesystemsRead | null = null;

/** A node's figures before its first read: the store starts so and a node switch returns to it. */
const noNodeFigures = (): Pick<NodeState, 'filesystems' | 'filesystemsPartial' | 'filesystemsError' | 'rootMounts' | 'roots' | 'rootsError' | 'selectedRoot' | 'loading'> => ({
  filesystems: [],
  filesystemsPartial: false,
  filesystemsError: null,
  rootMounts: {},
  roots: [],
  rootsError: null,
  selectedRoot: null,
  loading: true,
});

export const useNodeStore = create<NodeState>()((set, get) => ({
  info: null,
  ...noNodeFigures(),

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

  refreshFilesystems(opts = {}) {
    const node = currentNode();
    if (reading && reading.node === node) {
      if (opts.changed) reading.again = true;
      return reading.done;
    }
    const read: FilesystemsRead = { node, again: false, done: Promise.resolve() };
    reading = read;
    read.done = (async () => {
      try {
        do {
          read.again = false;
          const r = await getApi().api.invoke('node.filesystems', { node });
          // A reply about the node the view has just left is dropped.
          if (node !== currentNode()) return;
          if (r.ok) {
            set({
              filesystems: r.result.filesystems,
              rootMounts: Object.fromEntries(r.result.rootMounts.map((m) => [m.root, m.mount])),
              filesystemsPartial: r.result.partial,
              filesystemsError: r.result.errors[0] ?? null,
            });
          } else {
            set({ filesystemsError: r.message });
          }
        } while (read.again);
      } finally {
        if (reading === read) reading = null;
      }
    })();
    return read.done;
  },

  async addRoot(path) {
    const r = await getApi().api.invoke('roots.add', { node: currentNode(), path });
    if (!r.ok) return r.message;
    set({ roots: r.result.roots, rootsError: null });
    // The new root's filesystem and mount, at once (not at the next tick).
    void get().refreshFilesystems({ changed: true });
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
    reading = null;
    set(noNodeFigures());
  },
}));
