// What the renderer sees as window.api, whichever front door carries it.
import type { EventName, EventOf, MethodName, RequestOf, ResponseOf } from './contract';
import type { RpcResult } from './rpcResult';

export interface SpoolscopeApi {
  invoke<M extends MethodName>(method: M, request: RequestOf<M>): Promise<RpcResult<ResponseOf<M>>>;
  /** Returns an unsubscribe function. */
  subscribe<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}

/** IPC channel names: one for calls, one for pushed events. */
export const IPC_INVOKE_CHANNEL = 'spoolscope:invoke';
export const IPC_EVENT_CHANNEL = 'spoolscope:event';
