// A node's filesystems and its configured roots: what the node view opens on. A root added is resolved on
// its node first, and its physical identity kept with it (what a reap plan later checks it against).
import type { Handlers } from '../rpc/dispatcher';
import type { StateStore } from '../store/stateStore';
import type { Transport } from '../transport/transport';
import { readFilesystems } from '../services/common/filesystems';
import { readRootIdentity } from '../services/reap/rootIdentity';

export interface RootsHandlerDeps {
  store: Pick<StateStore, 'roots'>;
  transportFor: (node: string) => Transport;
}

export function rootsHandlers({ store, transportFor }: RootsHandlerDeps): Pick<Handlers, 'node.filesystems' | 'roots.list' | 'roots.add' | 'roots.remove'> {
  return {
    'node.filesystems': ({ node }) => readFilesystems(transportFor(node)),
    'roots.list': ({ node }) => ({ roots: store.roots.list(node) }),
    'roots.add': async ({ node, path }) => ({ roots: store.roots.add(node, path, await readRootIdentity(transportFor(node), path)) }),
    'roots.remove': ({ node, path }) => ({ roots: store.roots.remove(node, path) }),
  };
}
