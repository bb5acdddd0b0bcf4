// stores.*: the data stores on a node, with their evidence and the store's own safe way to free space.
import type { Handlers } from '../rpc/dispatcher';
import type { StoresService } from '../services/dataStores/storesService';

export interface StoresHandlerDeps {
  stores: StoresService;
}

export function storesHandlers({ stores }: StoresHandlerDeps): Pick<Handlers, 'stores.list'> {
  return {
    'stores.list': ({ node, root }) => stores.list({ node, root }),
  };
}
