// A node's filesystems and its configured roots: what the node view opens on. A root added is resolved on
// its node first, and its physical identity kept with it (what a reap plan later checks it against).
import type { Handlers } from '../rpc/dispatcher';
import type { StateStore } from '../store/stateStore';
import type { Transport } from '../transport/transport';
import { DF_LIMITS, readFilesystems } from '../services/common/filesystems';
import { readRootIdentity } from '../services/reap/rootIdentity';

export interface RootsHandlerDeps {
  store: Pick<StateStore, 'roots'>;
  transportFor: (node: string) => Transport;
}

export function rootsHandlers({ store, transportFor }: RootsHandlerDeps): Pick<Handlers, 'node.filesystems' | 'roots.list' | 'roots.add' | 'roots.remove'> {
  return {
    // The roots go to df on the node: each root's filesystem is the mount df names for it, never a guess
    // by path prefix (a bind mount, a mount inside a root).
    'node.filesystems': ({ node }) => readFilesystems(transportFor(node), DF_LIMITS, store.roots.list(node).map((r) => r.path)),
    'roots.list': ({ node }) => ({ roots: store.roots.list(node) }),
    'roots.add': async ({ node, path }) => ({ roots: store.roots.add(node, path, await readRootIdentity(transportFor(node), path)) }),
    'roots.remove': ({ node, path }) => ({ roots: store.roots.remove(node, path) }),
  };
}
