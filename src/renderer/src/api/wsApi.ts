// SpoolscopeApi over the browser bridge's WebSocket: one call frame per invoke, one reply frame per call,
// pushed event frames fanned out to subscribers. Reconnects with backoff; pending calls are bounded and
// never reject: transport failures come back as RpcResult errors, like every other error.
import type { SpoolscopeApi } from '../../../shared/api';
import type { EventName, EventOf, MethodName, RequestOf, ResponseOf } from '../../../shared/contract';
import type { RpcResult } from '../../../shared/rpcResult';
import { WS_MAX_FRAME_BYTES, type CallFrame } from '../../../shared/wsProtocol';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

export interface WsApi extends SpoolscopeApi {
  status(): ConnectionStatus;
  /** Called on every status change; returns an unsubscribe function. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

export interface WsApiOptions {
  /** Calls waiting for a reply or for the socket; past this, invoke answers `limit` at once. */
  maxPending?: number;
  /** A call with no reply after this long answers `io_error`. */
  callTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** For tests: a WebSocket constructor. */
  WebSocketImpl?: typeof WebSocket;
}

interface Pending {
  frame: CallFrame;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (result: RpcResult<unknown>) => void;
}

type AnyListener = (payload: unknown) => void;

export function createWsApi(url: string, options: WsApiOptions = {}): WsApi {
  const maxPending = options.maxPending ?? 256;
  const callTimeoutMs = options.callTimeoutMs ?? 120_000;
  const minBackoff = options.minBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  const Impl = options.WebSocketImpl ?? WebSocket;

  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<AnyListener>>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let status: ConnectionStatus = 'connecting';
  let backoff = minBackoff;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  function setStatus(s: ConnectionStatus): void {
    if (s === status) return;
    status = s;
    for (const l of statusListeners) l(s);
  }

  function settle(id: number, result: RpcResult<unknown>): void {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(result);
  }

  function send(p: Pending): void {
    if (!socket || socket.readyState !== Impl.OPEN) return;
    socket.send(JSON.stringify(p.frame));
    p.sent = true;
  }

  function onFrame(data: unknown): void {
    if (typeof data !== 'string' || data.length > WS_MAX_FRAME_BYTES) return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const f = frame as { id?: unknown; response?: unknown; event?: unknown; payload?: unknown };
    if (typeof f.id === 'number') {
      const r = f.response as RpcResult<unknown> | undefined;
      if (r && typeof r === 'object' && typeof r.ok === 'boolean') settle(f.id, r);
      else settle(f.id, { ok: false, code: 'internal', message: 'malformed reply from the bridge' });
      return;
    }
    if (typeof f.event === 'string') {
      for (const l of listeners.get(f.event) ?? []) {
        try {
          l(f.payload);
        } catch (err) {
          console.warn('event listener failed', err);
        }
      }
    }
  }

  function connect(): void {
    if (closed) return;
    const ws = new Impl(url);
    socket = ws;
    ws.onopen = () => {
      backoff = minBackoff;
      setStatus('open');
      for (const p of pending.values()) if (!p.sent) send(p);
    };
    ws.onmessage = (ev) => onFrame(ev.data);
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // A call already on the wire may or may not have run; say so instead of replaying it.
      for (const [id, p] of pending) {
        if (p.sent) settle(id, { ok: false, code: 'io_error', message: 'connection to the backend lost' });
      }
      if (closed) return;
      setStatus('reconnecting');
      reconnectTimer = setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
    };
    // An error is always followed by close, which does the work.
    ws.onerror = () => undefined;
  }

  connect();

  return {
    invoke<M extends MethodName>(method: M, request: RequestOf<M>): Promise<RpcResult<ResponseOf<M>>> {
      if (closed) return Promise.resolve({ ok: false, code: 'io_error', message: 'connection closed' });
      if (pending.size >= maxPending) {
        return Promise.resolve({ ok: false, code: 'limit', message: `too many calls in flight (${maxPending})` });
      }
      const id = nextId++;
      return new Promise((resolve) => {
        const p: Pending = {
          frame: { id, method, request },
          sent: false,
          timer: setTimeout(
            () => settle(id, { ok: false, code: 'io_error', message: `${method}: no reply in ${callTimeoutMs / 1000} s` }),
            callTimeoutMs,
          ),
          resolve: resolve as (r: RpcResult<unknown>) => void,
        };
        pending.set(id, p);
        send(p);
      });
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as AnyListener;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      socket?.close();
      for (const id of [...pending.keys()]) settle(id, { ok: false, code: 'io_error', message: 'connection closed' });
    },
  };
}

/** The bridge URL for the page this renderer was served from, with the token from `?token=`. */
export function bridgeUrlFromLocation(loc: Location, wsPath: string, tokenParam: string): string | null {
  const token = new URLSearchParams(loc.search).get(tokenParam);
  if (!token) return null;
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}${wsPath}?${tokenParam}=${encodeURIComponent(token)}`;
}
