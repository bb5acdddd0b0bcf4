// A WebSocket stand-in for createWsApi's WebSocketImpl option: the test plays the server, deciding when
// each socket opens, what it receives, and when it drops.
import type { CallFrame } from '../../../src/shared/wsProtocol';

type Handler = ((ev: { data?: unknown }) => void) | null;

export class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  /** Every socket the client made, oldest first. Cleared by reset(). */
  static instances: FakeWebSocket[] = [];

  static reset(): void {
    FakeWebSocket.instances = [];
  }

  static latest(): FakeWebSocket {
    const s = FakeWebSocket.instances.at(-1);
    if (!s) throw new Error('no socket was made');
    return s;
  }

  readyState = FakeWebSocket.CONNECTING;
  /** Raw text the client sent. */
  readonly sent: string[] = [];
  onopen: Handler = null;
  onmessage: Handler = null;
  onclose: Handler = null;
  onerror: Handler = null;
  closedByClient = false;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  send(data: string): void {
    if (this.readyState !== FakeWebSocket.OPEN) throw new Error('send on a socket that is not open');
    this.sent.push(data);
  }

  close(): void {
    if (this.readyState === FakeWebSocket.CLOSED) return;
    this.closedByClient = true;
    this.readyState = FakeWebSocket.CLOSED;
    // As in a browser, the close event comes later, not inside close().
    queueMicrotask(() => this.onclose?.({}));
  }

  /** The call frames the client sent on this socket. */
  calls(): CallFrame[] {
    return this.sent.map((s) => JSON.parse(s) as CallFrame);
  }

  // The server side.

  accept(): void {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.({});
  }

  /** The connection fails or is lost: an error, then close, as a browser reports it. */
  drop(): void {
    this.readyState = FakeWebSocket.CLOSED;
    this.onerror?.({});
    this.onclose?.({});
  }

  push(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  reply(id: number, response: unknown): void {
    this.push({ id, response });
  }
}

/** What createWsApi expects for its option. */
export const FakeWebSocketImpl = FakeWebSocket as unknown as typeof WebSocket;
