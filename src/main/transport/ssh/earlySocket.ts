// A CLI run names its SSH node on its command line (--ssh USER@HOST[:PORT]), so its TCP connection can open
// while the backend, the state store and ssh2 load: the server forks and sends its banner meanwhile (15-25 ms
// on a loopback node, plus a round trip on a real link). At most one socket is held. Nothing is sent on it
// until the SSH connection to exactly that host and port takes it; any other connection, a socket that has
// failed or been closed by the server, and a run that ends first all close it unused.
import { connect, type Socket } from 'node:net';

interface Early {
  host: string;
  port: number;
  socket: Socket;
}

let early: Early | null = null;

/** Opens the early socket to host:port (closing any earlier one). It does not keep the process alive. */
export function openEarlySocket(host: string, port: number): void {
  dropEarlySocket();
  const socket = connect({ host, port });
  // A refusal or reset destroys the socket, which is all take needs to know: the connection then opens afresh
  // and says why. Until then the error is only kept from being thrown.
  socket.on('error', () => {});
  socket.unref();
  early = { host, port, socket };
}

/**
 * The early socket when it was opened to this host and port and is still usable (connected or connecting;
 * an error or a server's close destroys it, as sockets do not stay half-open here); otherwise undefined, and
 * whatever was held is closed. Taken once.
 */
export function takeEarlySocket(host: string, port: number): Socket | undefined {
  const e = early;
  early = null;
  if (!e) return undefined;
  const s = e.socket;
  if (e.host !== host || e.port !== port || s.destroyed || !s.writable) {
    s.destroy();
    return undefined;
  }
  s.ref();
  return s;
}

/** Closes the early socket if nothing took it. */
export function dropEarlySocket(): void {
  early?.socket.destroy();
  early = null;
}

/** Whether an early socket is held (for tests). */
export function holdsEarlySocket(): boolean {
  return early !== null;
}
