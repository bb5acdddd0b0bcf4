// A warm app for benches: the real `npm run serve` (the build in out/) and a contract client over its
// WebSocket, so a bench times what the window asks without paying a Node start per call.
import { startServe } from '../../test/support/serveProcess';
import { connectWs } from '../../test/support/wsClient';

export interface WarmApp {
  /** The serve main process, for CPU and RSS readings. */
  pid: number;
  /** One contract call; an `ok: false` answer is thrown with its message. */
  call<T = unknown>(method: string, request: unknown): Promise<T>;
  /** Events pushed to this client so far (e.g. watch.snapshot), in arrival order. */
  events: { event: string; payload: unknown }[];
  close(): Promise<void>;
}

export async function startWarmApp(dataDir: string, env: Record<string, string> = {}): Promise<WarmApp> {
  const serve = await startServe(dataDir, env);
  try {
    const ws = await connectWs(serve.wsUrl);
    return {
      pid: serve.pid,
      events: ws.events,
      async call<T>(method: string, request: unknown): Promise<T> {
        const r = (await ws.call(method, request)) as { ok: true; result: T } | { ok: false; message: string };
        if (!r.ok) throw new Error(`${method}: ${r.message}`);
        return r.result;
      },
      async close() {
        ws.close();
        await serve.stop();
      },
    };
  } catch (err) {
    await serve.stop();
    throw err;
  }
}
