// A window.api under test control, for driving the zustand stores: every call is recorded; a method with
// an answer set replies at once, any other call waits until the test answers it, so a test can decide the
// order replies arrive in. Events are pushed with emit().
import { vi } from 'vitest';
import type { SpoolscopeApi } from '../../../src/shared/api';
import type { EventName, EventOf, MethodName, RequestOf, ResponseOf } from '../../../src/shared/contract';
import type { RpcErrorCode, RpcResult } from '../../../src/shared/rpcResult';

export interface Call {
  method: MethodName;
  request: unknown;
}

interface Waiting extends Call {
  resolve(result: RpcResult<unknown>): void;
}

type Answer = (request: unknown) => RpcResult<unknown>;

export class FakeApi implements SpoolscopeApi {
  /** Every call made, in order. */
  calls: Call[] = [];
  private waiting: Waiting[] = [];
  private answers = new Map<MethodName, Answer>();
  private listeners = new Map<string, Set<(payload: unknown) => void>>();

  reset(): void {
    this.calls = [];
    this.waiting = [];
    this.answers.clear();
    this.listeners.clear();
  }

  /** From now on, `method` replies at once with what `answer` returns for the request. */
  answer<M extends MethodName>(method: M, answer: (request: RequestOf<M>) => RpcResult<ResponseOf<M>>): void {
    this.answers.set(method, answer as Answer);
  }

  invoke<M extends MethodName>(method: M, request: RequestOf<M>): Promise<RpcResult<ResponseOf<M>>> {
    this.calls.push({ method, request });
    const answer = this.answers.get(method);
    if (answer) return Promise.resolve(answer(request) as RpcResult<ResponseOf<M>>);
    return new Promise((resolve) => this.waiting.push({ method, request, resolve: resolve as (r: RpcResult<unknown>) => void }));
  }

  subscribe<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => {
      set.delete(l);
    };
  }

  emit<E extends EventName>(event: E, payload: EventOf<E>): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Requests of the calls made to `method`, in order. */
  requests<M extends MethodName>(method: M): RequestOf<M>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.request as RequestOf<M>);
  }

  /** Calls of `method` still waiting for an answer. */
  pending(method: MethodName): number {
    return this.waiting.filter((w) => w.method === method).length;
  }

  /** Answers the newest waiting call of `method`: a reply that overtakes an older one. */
  replyNewest<M extends MethodName>(method: M, result: RpcResult<ResponseOf<M>>): void {
    const i = this.waiting.findLastIndex((w) => w.method === method);
    if (i < 0) throw new Error(`no ${method} call is waiting`);
    const [w] = this.waiting.splice(i, 1);
    w.resolve(result);
  }

  /** Answers the oldest waiting call of `method` (or the one whose request matches `which`). */
  reply<M extends MethodName>(method: M, result: RpcResult<ResponseOf<M>>, which?: (request: RequestOf<M>) => boolean): void {
    const i = this.waiting.findIndex((w) => w.method === method && (!which || which(w.request as RequestOf<M>)));
    if (i < 0) throw new Error(`no ${method} call is waiting`);
    const [w] = this.waiting.splice(i, 1);
    w.resolve(result);
  }
}

export function ok<T>(result: T): { ok: true; result: T } {
  return { ok: true, result };
}

export function fail(message: string, code: RpcErrorCode = 'io_error'): { ok: false; code: RpcErrorCode; message: string } {
  return { ok: false, code, message };
}

/** Lets every pending promise callback run (store actions chain several awaits). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/**
 * Installs one FakeApi as window.api for the whole test file: getApi() keeps the first api it finds, so
 * the same object must stay installed; reset() it between tests. The stores need no DOM, only window.api:
 * without a DOM environment, window is stubbed with just that.
 */
export function installFakeApi(): FakeApi {
  const api = new FakeApi();
  if (typeof window === 'undefined') vi.stubGlobal('window', { api });
  else window.api = api;
  return api;
}
