// The same call through the IPC handler and through the WebSocket bridge returns identical results,
// and the bridge refuses every request and socket without its token.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import { startBridge, type Bridge } from '../../../src/main/bridge/wsBridge';
import { createIpcInvokeHandler } from '../../../src/main/electron/ipcHost';
import { makeTempDir } from '../../support/tempDir';
import { connectWs } from '../../support/wsClient';

const tmp = makeTempDir('parity');
let backend: Backend;
let bridge: Bridge;
let ipc: ReturnType<typeof createIpcInvokeHandler>;
const fakeEvent = { senderFrame: { url: 'file:///app/out/renderer/index.html' } } as never;
const labRoot = join(tmp.dir, 'lab');

beforeAll(async () => {
  mkdirSync(join(labRoot, '2026/120'), { recursive: true });
  writeFileSync(join(labRoot, '2026/120/logs.sqlite'), Buffer.alloc(50_000, 1));
  writeFileSync(join(labRoot, 'app.log.1'), 'x'.repeat(3000));
  const rendererDir = join(tmp.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(rendererDir, 'assets/app.js'), 'console.log(1)');
  backend = createBackend({ dataDir: join(tmp.dir, 'data'), frontDoor: 'websocket' });
  bridge = await startBridge({ dispatcher: backend.dispatcher, events: backend.events, rendererDir });
  ipc = createIpcInvokeHandler(backend.dispatcher, () => true);
});
afterAll(async () => {
  await bridge.close();
  await backend.close();
  tmp.cleanup();
});

describe('IPC and WebSocket parity', () => {
  it('returns identical results for the same calls, including errors', async () => {
    const ws = await connectWs(`ws://127.0.0.1:${bridge.port}/ws?token=${bridge.token}`);
    const start = (await ws.call('scan.start', { root: labRoot })) as { ok: true; result: { jobId: string } };
    expect(start.ok).toBe(true);
    await backend.scanSettled(start.result.jobId);
    const calls: [string, unknown][] = [
      ['roots.list', {}],
      ['scan.summary', { jobId: start.result.jobId }],
      ['scan.tree', { jobId: start.result.jobId, depth: 3 }],
      ['scan.summary', { jobId: 'scan-doesnotexist' }],
      ['scan.start', { root: 'relative/path' }],
      ['no.such.method', {}],
    ];
    for (const [method, request] of calls) {
      const viaWs = await ws.call(method, request);
      const viaIpc = await ipc(fakeEvent, method, request);
      expect(viaIpc, method).toEqual(viaWs);
    }
    const bad = (await ws.call('scan.start', { root: 'relative/path' })) as { ok: false; code: string; message: string };
    expect(bad).toMatchObject({ ok: false, code: 'bad_request' });
    expect(bad.message).toContain('absolute');
    ws.close();
  });

  it('pushes coalesced scan progress to WebSocket subscribers, ending with the final state', async () => {
    const ws = await connectWs(`ws://127.0.0.1:${bridge.port}/ws?token=${bridge.token}`);
    const start = (await ws.call('scan.start', { root: labRoot })) as { result: { jobId: string } };
    await backend.scanSettled(start.result.jobId);
    await new Promise((r) => setTimeout(r, 100));
    const mine = ws.events.filter((e) => (e.payload as { jobId: string }).jobId === start.result.jobId);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.at(-1)!.payload).toMatchObject({ state: 'done', partial: false });
    ws.close();
  });
});

describe('bridge token', () => {
  it('refuses pages and assets without the token, serves them with it (query or cookie)', async () => {
    const base = `http://127.0.0.1:${bridge.port}`;
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    const ok = await fetch(`${base}/?token=${bridge.token}`);
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0];
    expect((await fetch(`${base}/assets/app.js`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${base}/../../etc/passwd?token=${bridge.token}`)).status).toBe(404);
  });

  it('refuses a WebSocket without the token, with a wrong one, or from another origin', async () => {
    await expect(connectWs(`ws://127.0.0.1:${bridge.port}/ws`)).rejects.toThrow(/401/);
    await expect(connectWs(`ws://127.0.0.1:${bridge.port}/ws?token=x${bridge.token}`)).rejects.toThrow(/401/);
    await expect(
      connectWs(`ws://127.0.0.1:${bridge.port}/ws?token=${bridge.token}`, { Origin: 'http://evil.example' }),
    ).rejects.toThrow(/401/);
  });

  it('is bound to 127.0.0.1 only, as the OS reports the socket', () => {
    expect(bridge.address).toBe('127.0.0.1');
  });
});
