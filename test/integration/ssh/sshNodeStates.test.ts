// Node states: a dead node (accepts TCP, never speaks SSH) or a closed port never holds up a live node, and
// each ends in a state that says what happened.
import { writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import { freePort, startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('node-states');
let sshd: Sshd;
let silent: Server;
const held: Socket[] = [];
let silentPort: number;
let backend: Backend;

beforeAll(async () => {
  sshd = await startSshd();
  // Accepts connections and never sends a banner: what a wedged node looks like.
  silent = createServer((s) => held.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  silentPort = (silent.address() as { port: number }).port;
  const kh = join(tmp.dir, 'known_hosts');
  writeFileSync(kh, sshd.knownHostsLine + '\n');
  backend = createBackend({ dataDir: join(tmp.dir, 'data'), frontDoor: 'cli', ssh: { knownHostsFiles: [kh], trustFile: kh, readyTimeoutMs: 8000 }, secretBox: null });
  await backend.nodes.add({ name: 'live', host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: sshd.identityFile });
  await backend.nodes.add({ name: 'wedged', host: '127.0.0.1', port: silentPort, user: 'root', identityFile: sshd.identityFile });
  await backend.nodes.add({ name: 'closed', host: '127.0.0.1', port: await freePort(), user: 'root', identityFile: sshd.identityFile });
});
afterAll(async () => {
  await backend?.close();
  for (const s of held) s.destroy();
  silent?.close();
  await sshd?.stop();
  tmp.cleanup();
});

describe('one slow or dead node never blocks the others', () => {
  it('connects and runs a probe on the live node while the wedged one is still connecting', async () => {
    const wedged = backend.nodes.connect('wedged');
    let wedgedDone = false;
    void wedged.then(() => (wedgedDone = true));
    const [live, closed] = await Promise.all([backend.nodes.connect('live'), backend.nodes.connect('closed')]);
    expect(live.state).toBe('connected');
    expect(closed.state).toBe('unreachable');
    expect(closed.message).toMatch(/ECONNREFUSED/);
    const df = await backend.dispatcher.call('node.filesystems', { node: 'live' }, { frontDoor: 'cli' });
    expect(df.ok).toBe(true);
    expect(wedgedDone).toBe(false);
    expect(backend.nodes.info('wedged').state).toBe('connecting');
    const w = await wedged;
    expect(w.state).toBe('unreachable');
    expect(w.message).toContain('did not answer within 8 s');
  });

  it('lists every node with its own state', () => {
    const states = Object.fromEntries(backend.nodes.list().map((n) => [n.name, n.state]));
    expect(states).toEqual({ local: 'local', live: 'connected', wedged: 'unreachable', closed: 'unreachable' });
  });

  it('fails a probe on an unreachable node at once with the reason, instead of hanging', async () => {
    const r = await backend.dispatcher.call('node.filesystems', { node: 'closed' }, { frontDoor: 'cli' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/cannot connect to closed|next try in/);
  });
});
