// One client holding the token sends a frame the WebSocket layer itself rejects (a text frame that is not
// UTF-8, one over the payload limit): that socket closes, and `npm run serve` keeps serving everyone else.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_MAX_FRAME_BYTES } from '../../../src/shared/wsProtocol';
import { startServe, type ServeProcess } from '../../support/serveProcess';
import { makeTempDir } from '../../support/tempDir';
import { connectWs } from '../../support/wsClient';

const tmp = makeTempDir('bad-frames');
let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe(tmp.dir);
});
afterAll(async () => {
  await serve?.stop();
  tmp.cleanup();
});

/** Opens a raw socket, sends `payload` as one text frame, and resolves with the close code the server sent. */
async function closeCodeAfter(payload: Buffer): Promise<number> {
  const ws = new WebSocket(serve.wsUrl);
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  // binary: false sends the bytes as a text frame without checking them, as a hostile client would.
  ws.send(payload, { binary: false });
  return closed;
}

function serveIsAlive(): boolean {
  try {
    process.kill(serve.pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('invalid frames from a client with the token', () => {
  it('closes only that socket for a text frame that is not UTF-8 (1007), and serve still answers', async () => {
    expect(await closeCodeAfter(Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]))).toBe(1007);
    expect(serveIsAlive()).toBe(true);
    const client = await connectWs(serve.wsUrl);
    expect(await client.call('app.info', {})).toMatchObject({ ok: true });
    client.close();
  });

  it('closes only that socket for a frame over the payload limit (1009), and serve still answers', async () => {
    expect(await closeCodeAfter(Buffer.alloc(WS_MAX_FRAME_BYTES + 1, 0x20))).toBe(1009);
    expect(serveIsAlive()).toBe(true);
    const client = await connectWs(serve.wsUrl);
    expect(await client.call('roots.list', {})).toMatchObject({ ok: true });
    client.close();
  });
});
