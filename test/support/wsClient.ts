import WebSocket from 'ws';

/** A minimal contract client over the bridge, for tests. */
export async function connectWs(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  let nextId = 1;
  const pending = new Map<number, (r: unknown) => void>();
  const events: { event: string; payload: unknown }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if ('event' in frame) events.push(frame);
    else pending.get(frame.id)?.(frame.response);
  });
  return {
    events,
    call(method: string, request: unknown): Promise<unknown> {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method, request }));
      });
    },
    close: () => ws.close(),
  };
}
