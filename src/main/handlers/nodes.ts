// nodes.*: the saved SSH nodes, their states, host keys and key passphrases.
import type { Handlers } from '../rpc/dispatcher';
import type { NodeRegistry } from '../nodes/nodeRegistry';

export function nodesHandlers(nodes: NodeRegistry): Pick<Handlers, 'nodes.list' | 'nodes.add' | 'nodes.remove' | 'nodes.importSshConfig' | 'nodes.connect' | 'nodes.trustHostKey' | 'nodes.unlockKey'> {
  return {
    'nodes.list': () => ({ nodes: nodes.list() }),
    'nodes.add': async ({ config }) => ({ nodes: await nodes.add(config) }),
    'nodes.remove': async ({ name }) => ({ nodes: await nodes.remove(name) }),
    'nodes.importSshConfig': ({ path }) => nodes.importSshConfig(path),
    'nodes.connect': ({ name }) => nodes.connect(name),
    'nodes.trustHostKey': ({ name, fingerprint }) => nodes.trustHostKey(name, fingerprint),
    'nodes.unlockKey': ({ name, passphrase, remember }) => nodes.unlockKey(name, passphrase, remember),
  };
}
