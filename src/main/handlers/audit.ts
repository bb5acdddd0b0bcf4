// The audit log of a node: every reap and reclaim, an intent row before and a result row after.
import type { Handlers } from '../rpc/dispatcher';
import type { StateStore } from '../store/stateStore';

export interface AuditHandlerDeps {
  store: Pick<StateStore, 'audit'>;
}

export function auditHandlers({ store }: AuditHandlerDeps): Pick<Handlers, 'audit.list'> {
  return {
    'audit.list': ({ node, limit }) => ({ entries: store.audit.list(node, limit).map(({ id, at, action, phase, planId, detail }) => ({ id, at, action, phase, planId, detail })) }),
  };
}
