// The browser front door: the renderer over HTTP and the contract over a WebSocket, on 127.0.0.1 only,
// every request and socket checked against a random token.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CallFrameSchema, WS_MAX_FRAME_BYTES, WS_PATH, type ServerFrame } from '../../shared/wsProtocol';
import type { Dispatcher } from '../rpc/dispatcher';
import type { EventHub } from '../rpc/eventHub';
import { readStatic } from './staticFiles';
import { newToken, requestToken, TOKEN_COOKIE } from './tokenAuth';
import { createStreamRouteHandler, type StreamRoutes } from './streamRoutes';

/** Bytes queued to one slow socket before it is dropped: a stuck browser must not grow our memory. */
export const MAX_SOCKET_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Calls in flight per socket; more are refused as values. */
export const MAX_INFLIGHT_CALLS = 64;

export interface BridgeOptions {
  dispatcher: Dispatcher;
  events: EventHub;
  rendererDir: string;
  port?: number;
  token?: string;
  /** Uploads and downloads too large for a frame (an ncdu export either way), under /api/. */
  streams?: StreamRoutes;
}

export interface Bridge {
  url: string;
  /** The address actually bound, as the OS reports it. */
  address: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function sameOriginOk(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  // Non-browser clients (tests, the CLI) send no Origin; browsers always do, and it must be ours.
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? newToken();
  let port = 0;
  const streamRoute = opts.streams ? createStreamRouteHandler(opts.streams, SECURITY_HEADERS) : null;
  const server: Server = createServer(async (req, res) => {
    const how = requestToken(req, token);
    if (!how) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end('Spoolscope: this address needs the token printed by "npm run serve".\n');
      return;
    }
    if (streamRoute && req.url?.startsWith('/api/')) {
      // A page of another origin must not make the browser post to us with our cookie.
      if (!sameOriginOk(req, port)) {
        res.writeHead(403, SECURITY_HEADERS);
        res.end();
        return;
      }
      if (streamRoute(req, res, new URL(req.url, 'http://127.0.0.1'))) return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS);
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = await readStatic(opts.rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain', ...SECURITY_HEADERS });
      res.end('not found\n');
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': file.type, ...SECURITY_HEADERS };
    if (how === 'query') headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== WS_PATH || !requestToken(req, token) || !sameOriginOk(req, port)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, opts));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const bound = server.address() as AddressInfo;
  port = bound.port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    address: bound.address,
    port,
    token,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function serveSocket(ws: WebSocket, opts: BridgeOptions): void {
  let inflight = 0;
  const send = (frame: ServerFrame) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_SOCKET_BUFFERED_BYTES) {
      // Policy when full: a client this far behind is disconnected; it reconnects and re-reads state.
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(frame));
  };
  const unlisten = opts.events.listen((event, payload) => send({ event, payload }));
  ws.on('close', unlisten);
  // ws reports a frame it rejects (text that is not UTF-8, over maxPayload) as an 'error' after it has begun
  // closing that socket with 1007/1009 itself. Without a listener the error would end the whole serve
  // process, every other client's too; terminating here would cut the close frame short.
  ws.on('error', () => {});
  ws.on('message', async (data, isBinary) => {
    if (isBinary) return;
    let frame;
    try {
      frame = CallFrameSchema.parse(JSON.parse(data.toString()));
    } catch {
      send({ id: -1, response: { ok: false, code: 'bad_request', message: 'frame is not {id, method, request} JSON' } });
      return;
    }
    if (inflight >= MAX_INFLIGHT_CALLS) {
      send({ id: frame.id, response: { ok: false, code: 'limit', message: `more than ${MAX_INFLIGHT_CALLS} calls in flight` } });
      return;
    }
    inflight++;
    try {
      const response = await opts.dispatcher.call(frame.method, frame.request, { frontDoor: 'websocket' });
      send({ id: frame.id, response });
    } finally {
      inflight--;
    }
  });
}
