// reap.*: a root's saved policy, plans of partitions to unlink, and executing a plan by its id.
import type { Handlers } from '../rpc/dispatcher';
import type { StateStore } from '../store/stateStore';
import type { Reaper } from '../services/reap/reaper';

export interface ReapHandlerDeps {
  store: Pick<StateStore, 'reapPolicies'>;
  reaper: Reaper;
}

export function reapHandlers({ store, reaper }: ReapHandlerDeps): Pick<Handlers, 'reap.policy.get' | 'reap.policy.set' | 'reap.plan' | 'reap.execute'> {
  return {
    'reap.policy.get': ({ node, root }) => store.reapPolicies.get(node, root),
    'reap.policy.set': ({ node, root, policy }) => store.reapPolicies.set(node, root, policy),
    'reap.plan': ({ node, root, policy, partitions, scanJobId }) => reaper.plan({ node, root, policy, partitions, scanJobId }),
    'reap.execute': ({ planId, confirm }) => reaper.execute(planId, confirm),
  };
}
