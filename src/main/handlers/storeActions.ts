// stores.act: a data store's tool action, run (or dry-run) by the id stores.list minted.
import type { Handlers } from '../rpc/dispatcher';
import type { StoreActions } from '../services/storeActions/storeActions';

export interface StoreActionHandlerDeps {
  storeActions: StoreActions;
}

export function storeActionHandlers({ storeActions }: StoreActionHandlerDeps): Pick<Handlers, 'stores.act'> {
  return {
    'stores.act': ({ actionId, dryRun, confirm }) => storeActions.act({ actionId, dryRun, confirm }),
  };
}
