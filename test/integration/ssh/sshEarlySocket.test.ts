// A CLI run's early socket (opened to its --ssh node while the app loads) carries the SSH connection to that
// very host and port, and nothing else: a socket to another port, one the server closed first, or one that
// was refused is never used, and the connection opens afresh. A relay in front of a real sshd counts the TCP
// connections each case makes.
import { spawn } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import { dropEarlySocket, holdsEarlySocket, openEarlySocket } from '../../../src/main/transport/ssh/earlySocket';
import { cliPath } from '../../support/cli';
import { countingRelay, type CountingRelay } from '../../support/countingRelay';
import { freePort, knownHostsLineAt, startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';
import { until } from '../../support/until';

const tmp = makeTempDir('early-socket');
let sshd: Sshd;
let kh: string;

/** A counting relay to the sshd, whose key is recorded for the relay's address. */
async function relay(dropFirst = false): Promise<CountingRelay> {
  const r = await countingRelay(sshd.port, { dropFirst });
  appendFileSync(kh, `${knownHostsLineAt(sshd, r.port)}\n`);
  return r;
}

const relays: CountingRelay[] = [];
const backends: Backend[] = [];

async function nodeAt(port: number): Promise<{ backend: Backend; state: string; message: string | null }> {
  const backend = createBackend({ dataDir: join(tmp.dir, `data-${port}`), frontDoor: 'cli', ssh: { knownHostsFiles: [kh], trustFile: kh, readyTimeoutMs: 8000 }, secretBox: null });
  backends.push(backend);
  const name = backend.nodes.useUnsaved({ name: `root@127.0.0.1:${port}`, host: '127.0.0.1', port, user: 'root', identityFile: sshd.identityFile });
  const info = await backend.nodes.connect(name);
  return { backend, state: info.state, message: info.message };
}

beforeAll(async () => {
  sshd = await startSshd();
  kh = join(tmp.dir, 'known_hosts');
  writeFileSync(kh, '');
});
afterAll(async () => {
  dropEarlySocket();
  for (const b of backends) await b.close();
  for (const r of relays) r.close();
  await sshd?.stop();
  tmp.cleanup();
});

describe('the early socket of a CLI run', () => {
  it('carries the connection to its own host and port: one TCP connection in all, and the node works', async () => {
    const r = await relay();
    relays.push(r);
    openEarlySocket('127.0.0.1', r.port);
    await until('the relay to accept the early socket', () => r.accepted === 1, 5000, 5);
    const { backend, state } = await nodeAt(r.port);
    expect(state).toBe('connected');
    expect(holdsEarlySocket()).toBe(false);
    const df = await backend.dispatcher.call('node.filesystems', { node: `root@127.0.0.1:${r.port}` }, { frontDoor: 'cli' });
    expect(df.ok).toBe(true);
    expect(r.accepted).toBe(1);
  });

  it('is closed unused when the connection goes to another port, which gets a connection of its own', async () => {
    const wanted = await relay();
    const other = await relay();
    relays.push(wanted, other);
    openEarlySocket('127.0.0.1', other.port);
    await until('the other relay to accept the early socket', () => other.accepted === 1, 5000, 5);
    const { state } = await nodeAt(wanted.port);
    expect(state).toBe('connected');
    expect(wanted.accepted).toBe(1);
    await until('the unused early socket to be closed', () => other.closed === 1, 5000, 5);
    expect(holdsEarlySocket()).toBe(false);
  });

  it('is not used once the server has closed it: the connection opens afresh and succeeds', async () => {
    const r = await relay(true);
    relays.push(r);
    openEarlySocket('127.0.0.1', r.port);
    await until('the relay to close the early socket', () => r.closed === 1, 5000, 5);
    // The end has reached the client's socket once the relay side is closed and a turn of the loop has passed.
    await new Promise((res) => setTimeout(res, 50));
    const { state } = await nodeAt(r.port);
    expect(state).toBe('connected');
    expect(r.accepted).toBe(2);
  });

  it('refused, it is not used: the fresh attempt reports the refusal as always', async () => {
    const port = await freePort();
    openEarlySocket('127.0.0.1', port);
    await new Promise((res) => setTimeout(res, 50));
    const { state, message } = await nodeAt(port);
    expect(state).toBe('unreachable');
    expect(message).toMatch(/ECONNREFUSED/);
    expect(holdsEarlySocket()).toBe(false);
  });
});

/** Runs the built CLI without blocking this process (the relay lives here). */
function cliRun(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'cli-data'), SSH_AUTH_SOCK: '' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

describe('the CLI', () => {
  it('runs a command over --ssh through one TCP connection', async () => {
    const r = await relay();
    relays.push(r);
    const out = await cliRun(['df', '--json', '--ssh', `root@127.0.0.1:${r.port}`, '--identity', sshd.identityFile, '--known-hosts', kh]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const fs = (JSON.parse(out.stdout) as { filesystems: Array<{ mount: string }> }).filesystems;
    expect(fs.map((f) => f.mount)).toContain('/');
    expect(r.accepted).toBe(1);
  });

  it('with a key file that is not there, opens no connection at all and says which file', async () => {
    const r = await relay();
    relays.push(r);
    const out = await cliRun(['df', '--json', '--ssh', `root@127.0.0.1:${r.port}`, '--identity', join(tmp.dir, 'no-such-key'), '--known-hosts', kh]);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('no-such-key');
    expect(r.accepted).toBe(0);
  });
});
