import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bridgeUrlFromLocation, createWsApi, type ConnectionStatus, type WsApi, type WsApiOptions } from '../../../src/renderer/src/api/wsApi';
import { WS_MAX_FRAME_BYTES } from '../../../src/shared/wsProtocol';
import { FakeWebSocket, FakeWebSocketImpl } from './fakeWebSocket';

const URL_WITH_TOKEN = 'ws://127.0.0.1:41234/ws?token=s3cr%2Ft%20%24(x)';

let api: WsApi | null = null;

function connect(options: Omit<WsApiOptions, 'WebSocketImpl'> = {}): WsApi {
  api = createWsApi(URL_WITH_TOKEN, { minBackoffMs: 100, maxBackoffMs: 800, ...options, WebSocketImpl: FakeWebSocketImpl });
  return api;
}

/** Lets promise callbacks (and the fake socket's queued close events) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

function track<T>(p: Promise<T>): { value: T | undefined; done: boolean } {
  const box: { value: T | undefined; done: boolean } = { value: undefined, done: false };
  void p.then((v) => {
    box.value = v;
    box.done = true;
  });
  return box;
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.reset();
});

afterEach(() => {
  api?.close();
  api = null;
  vi.useRealTimers();
});

describe('wsApi calls', () => {
  it('holds calls made before the socket opens and sends them when it does; each reply answers its call by id', async () => {
    const a = connect();
    const statuses: ConnectionStatus[] = [];
    a.onStatus((s) => statuses.push(s));
    expect(a.status()).toBe('connecting');
    const info = track(a.invoke('app.info', {}));
    const roots = track(a.invoke('roots.list', { node: 'local' }));
    const sock = FakeWebSocket.latest();
    expect(sock.sent).toEqual([]);

    sock.accept();
    expect(a.status()).toBe('open');
    expect(statuses).toEqual(['open']);
    const [infoCall, rootsCall] = sock.calls();
    expect(infoCall).toMatchObject({ method: 'app.info', request: {} });
    expect(rootsCall).toMatchObject({ method: 'roots.list', request: { node: 'local' } });

    // Replies may come in any order.
    sock.reply(rootsCall.id, { ok: true, result: { roots: [] } });
    sock.reply(infoCall.id, { ok: false, code: 'internal', message: 'boom' });
    await settle();
    expect(roots.value).toEqual({ ok: true, result: { roots: [] } });
    expect(info.value).toEqual({ ok: false, code: 'internal', message: 'boom' });
  });

  it('ignores frames that are not JSON, too large, or for no pending call, and answers a malformed reply as internal', async () => {
    const a = connect();
    const sock = FakeWebSocket.latest();
    sock.accept();
    const call = track(a.invoke('app.info', {}));
    const { id } = sock.calls()[0];
    sock.push('not json {');
    sock.push(JSON.stringify({ id, response: { ok: true, result: 'x'.repeat(WS_MAX_FRAME_BYTES) } }));
    sock.reply(id + 1000, { ok: true, result: {} });
    sock.push('null');
    await settle();
    expect(call.done).toBe(false);

    sock.reply(id, { nothing: 'here' });
    await settle();
    expect(call.value).toMatchObject({ ok: false, code: 'internal' });
  });

  it('answers io_error for a call with no reply in time, and ignores its late reply', async () => {
    const a = connect({ callTimeoutMs: 2_000 });
    const sock = FakeWebSocket.latest();
    sock.accept();
    const call = track(a.invoke('scan.progress', { jobId: 'j1' }));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(call.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(call.value).toEqual({ ok: false, code: 'io_error', message: 'scan.progress: no reply in 2 s' });
    sock.reply(sock.calls()[0].id, { ok: true, result: {} });
    await settle();
    expect(call.value).toMatchObject({ ok: false, code: 'io_error' });
  });

  it('bounds the calls in flight: past maxPending a call answers limit at once, and room frees as replies come', async () => {
    const a = connect({ maxPending: 2 });
    const sock = FakeWebSocket.latest();
    sock.accept();
    void a.invoke('app.info', {});
    void a.invoke('app.info', {});
    expect(await a.invoke('app.info', {})).toMatchObject({ ok: false, code: 'limit' });
    expect(sock.calls()).toHaveLength(2);

    sock.reply(sock.calls()[0].id, { ok: true, result: {} });
    await settle();
    void a.invoke('app.info', {});
    expect(sock.calls()).toHaveLength(3);
  });
});

describe('wsApi reconnect', () => {
  it('fails the calls already sent when the connection drops (never replays them) and sends the unsent ones on the next socket', async () => {
    const a = connect();
    const first = FakeWebSocket.latest();
    first.accept();
    const sentBefore = track(a.invoke('scan.cancel', { jobId: 'j1' }));
    first.drop();
    await settle();
    expect(sentBefore.value).toEqual({ ok: false, code: 'io_error', message: 'connection to the backend lost' });
    expect(a.status()).toBe('reconnecting');

    const whileDown = track(a.invoke('scan.progress', { jobId: 'j1' }));
    await vi.advanceTimersByTimeAsync(100);
    const second = FakeWebSocket.latest();
    expect(second).not.toBe(first);
    second.accept();
    expect(a.status()).toBe('open');
    expect(second.calls().map((c) => c.method)).toEqual(['scan.progress']);

    second.reply(second.calls()[0].id, { ok: true, result: { jobId: 'j1' } });
    await settle();
    expect(whileDown.value).toEqual({ ok: true, result: { jobId: 'j1' } });
  });

  it('backs off from the minimum, doubling up to the maximum, and starts again from the minimum after an open', async () => {
    connect({ minBackoffMs: 100, maxBackoffMs: 800 });
    const gaps: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const before = FakeWebSocket.instances.length;
      FakeWebSocket.latest().drop();
      let waited = 0;
      while (FakeWebSocket.instances.length === before) {
        await vi.advanceTimersByTimeAsync(10);
        waited += 10;
        if (waited > 10_000) throw new Error('no reconnect');
      }
      gaps.push(waited);
    }
    expect(gaps).toEqual([100, 200, 400, 800, 800, 800]);

    FakeWebSocket.latest().accept();
    const before = FakeWebSocket.instances.length;
    FakeWebSocket.latest().drop();
    await vi.advanceTimersByTimeAsync(99);
    expect(FakeWebSocket.instances.length).toBe(before);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances.length).toBe(before + 1);
  });

  it('keeps the token: every socket, first and reconnected, opens the same URL', async () => {
    connect();
    for (let i = 0; i < 3; i++) {
      FakeWebSocket.latest().drop();
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(FakeWebSocket.instances.length).toBe(4);
    for (const s of FakeWebSocket.instances) expect(s.url).toBe(URL_WITH_TOKEN);
  });

  it('a call still waiting for the socket when its time runs out answers io_error and is not sent later', async () => {
    const a = connect({ callTimeoutMs: 500, minBackoffMs: 1_000 });
    FakeWebSocket.latest().drop();
    const call = track(a.invoke('app.info', {}));
    await vi.advanceTimersByTimeAsync(500);
    expect(call.value).toMatchObject({ ok: false, code: 'io_error' });
    await vi.advanceTimersByTimeAsync(500);
    FakeWebSocket.latest().accept();
    expect(FakeWebSocket.latest().sent).toEqual([]);
  });

  it('keeps event subscriptions across reconnects, until unsubscribed; one failing listener does not stop the others', async () => {
    const a = connect();
    FakeWebSocket.latest().accept();
    const seen: unknown[] = [];
    const kept: unknown[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    a.subscribe('scan.progress', () => {
      throw new Error('listener bug');
    });
    const off = a.subscribe('scan.progress', (p) => seen.push(p.jobId));
    a.subscribe('scan.progress', (p) => kept.push(p.jobId));
    FakeWebSocket.latest().push({ event: 'scan.progress', payload: { jobId: 'before' } });

    FakeWebSocket.latest().drop();
    await vi.advanceTimersByTimeAsync(100);
    FakeWebSocket.latest().accept();
    FakeWebSocket.latest().push({ event: 'scan.progress', payload: { jobId: 'after' } });
    FakeWebSocket.latest().push({ event: 'fleet.rows', payload: { rows: [] } });
    off();
    FakeWebSocket.latest().push({ event: 'scan.progress', payload: { jobId: 'unsubscribed' } });

    expect(seen).toEqual(['before', 'after']);
    expect(kept).toEqual(['before', 'after', 'unsubscribed']);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('reports each status change once to its listeners until they unsubscribe', async () => {
    const a = connect();
    const statuses: ConnectionStatus[] = [];
    const off = a.onStatus((s) => statuses.push(s));
    FakeWebSocket.latest().drop();
    await vi.advanceTimersByTimeAsync(100);
    FakeWebSocket.latest().drop();
    await vi.advanceTimersByTimeAsync(200);
    FakeWebSocket.latest().accept();
    off();
    FakeWebSocket.latest().drop();
    expect(statuses).toEqual(['reconnecting', 'open']);
  });

  it('close() answers every pending call, stops reconnecting, and later calls answer io_error at once', async () => {
    const a = connect();
    FakeWebSocket.latest().accept();
    const inFlight = track(a.invoke('app.info', {}));
    a.close();
    await settle();
    expect(inFlight.value).toMatchObject({ ok: false, code: 'io_error' });
    expect(FakeWebSocket.latest().closedByClient).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(await a.invoke('app.info', {})).toEqual({ ok: false, code: 'io_error', message: 'connection closed' });
  });

  it('close() while waiting to reconnect cancels the reconnect', async () => {
    const a = connect();
    FakeWebSocket.latest().drop();
    a.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});

describe('bridge URL', () => {
  const at = (href: string) => new URL(href) as unknown as Location;

  it('carries the page token to the socket, encoded, on ws: or wss: as the page', () => {
    expect(bridgeUrlFromLocation(at('http://127.0.0.1:4000/?token=a%2Fb%20%24(c)&x=1'), '/ws', 'token')).toBe(
      'ws://127.0.0.1:4000/ws?token=a%2Fb%20%24(c)',
    );
    expect(bridgeUrlFromLocation(at('https://host:8443/?token=t'), '/ws', 'token')).toBe('wss://host:8443/ws?token=t');
  });

  it('gives no URL without a token', () => {
    expect(bridgeUrlFromLocation(at('http://127.0.0.1:4000/'), '/ws', 'token')).toBeNull();
    expect(bridgeUrlFromLocation(at('http://127.0.0.1:4000/?token='), '/ws', 'token')).toBeNull();
  });
});
