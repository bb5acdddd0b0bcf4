// A TCP relay in front of a server that counts the connections made through it: how a test sees how many
// times a client connected. `dropFirst` closes the first connection at once, as a server that hangs up would.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface CountingRelay {
  port: number;
  accepted: number;
  /** Connections whose server side has closed. */
  closed: number;
  close(): void;
}

export async function countingRelay(targetPort: number, opts: { dropFirst?: boolean } = {}): Promise<CountingRelay> {
  const server: Server = createServer();
  const open = new Set<Socket>();
  const r: CountingRelay = {
    port: 0,
    accepted: 0,
    closed: 0,
    close: () => {
      server.close();
      open.forEach((s) => s.destroy());
    },
  };
  server.on('connection', (s) => {
    r.accepted++;
    open.add(s);
    s.on('close', () => {
      r.closed++;
      open.delete(s);
    });
    s.on('error', () => {});
    if (opts.dropFirst && r.accepted === 1) {
      s.end();
      return;
    }
    const up = connect(targetPort, '127.0.0.1');
    up.on('error', () => s.destroy());
    s.pipe(up).pipe(s);
    s.on('close', () => up.destroy());
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  r.port = (server.address() as { port: number }).port;
  return r;
}
