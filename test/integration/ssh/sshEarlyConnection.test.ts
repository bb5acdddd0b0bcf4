// The CLI's early connection (nodes/earlyConnection.ts): started from the run's flags before the backend
// loads, and adopted by the registry only when the registry would have made the very same connection. Driven
// through the CLI's own flag handling (resolveNode, backendOptionsFor) against a real sshd behind a relay that
// counts TCP connections: adopted, the run makes one connection and one attempt, whatever its outcome; made
// under other verification settings, it is closed and the node is verified under the backend's own.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import { backendOptionsFor, resolveNode, type NodeFlags } from '../../../src/main/cli/nodeFlags';
import { dropEarlyConnection, holdsEarlyConnection, startEarlyConnection } from '../../../src/main/nodes/earlyConnection';
import { countingRelay, type CountingRelay } from '../../support/countingRelay';
import { makeClientKey, startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';
import { until } from '../../support/until';

const tmp = makeTempDir('early-connection');
let sshd: Sshd;
let run = 0;
const relays: CountingRelay[] = [];
const backends: Backend[] = [];

beforeAll(async () => {
  sshd = await startSshd();
});
afterEach(async () => {
  dropEarlyConnection();
  for (const b of backends.splice(0)) await b.close();
});
afterAll(async () => {
  for (const r of relays) r.close();
  await sshd?.stop();
  tmp.cleanup();
});

/** A known_hosts file holding the sshd's key for `port`, or nothing. */
function knownHosts(port: number | null): string {
  const file = join(tmp.dir, `kh-${++run}`);
  writeFileSync(file, port === null ? '' : `[127.0.0.1]:${port} ${sshd.knownHostsLine.split(' ').slice(1).join(' ')}\n`);
  return file;
}

/**
 * One CLI run's node handling: the early connection from argv, then the backend from the flags as the CLI
 * parses them (backendOptionsFor), and the node resolved as the CLI does (resolveNode).
 */
async function cliRun(flags: NodeFlags, backendFlags: NodeFlags = flags): Promise<{ backend: Backend; node: string; started: boolean }> {
  const dataDir = join(tmp.dir, `data-${++run}`);
  mkdirSync(dataDir);
  const env = { ...process.env, SPOOLSCOPE_DATA_DIR: dataDir, SSH_AUTH_SOCK: '' };
  const argv = ['df', '--ssh', flags.ssh!, '--identity', flags.identity!, ...(flags['known-hosts'] ? ['--known-hosts', flags['known-hosts']] : [])];
  const started = startEarlyConnection(argv, env);
  const opts = backendOptionsFor(backendFlags);
  const backend = createBackend({ dataDir, frontDoor: 'cli', secretBox: null, ssh: { ...opts.ssh, env } });
  backends.push(backend);
  let node: string;
  try {
    node = await resolveNode(backend, backendFlags);
  } catch {
    // a refused node: the test reads its state
    node = `root@127.0.0.1:${flags.ssh!.split(':')[1]}`;
  }
  return { backend, node, started };
}

describe('the early connection of a CLI --ssh run', () => {
  it('is adopted: one TCP connection in all, connected, and the node answers a probe', async () => {
    const r = await countingRelay(sshd.port);
    relays.push(r);
    const flags = { ssh: `root@127.0.0.1:${r.port}`, identity: sshd.identityFile, 'known-hosts': knownHosts(r.port) };
    const { backend, node, started } = await cliRun(flags);
    expect(started).toBe(true);
    expect(holdsEarlyConnection()).toBe(false);
    expect(backend.nodes.info(node).state).toBe('connected');
    const df = await backend.dispatcher.call('node.filesystems', { node }, { frontDoor: 'cli' });
    expect(df.ok).toBe(true);
    expect(r.accepted).toBe(1);
  });

  it('a refused key: the early attempt is the only one, and the run says so as always', async () => {
    const r = await countingRelay(sshd.port);
    relays.push(r);
    const stranger = makeClientKey(tmp.dir, `stranger-${++run}`);
    const flags = { ssh: `root@127.0.0.1:${r.port}`, identity: stranger.identityFile, 'known-hosts': knownHosts(r.port) };
    const { backend, node } = await cliRun(flags);
    const info = backend.nodes.info(node);
    expect(info.state).toBe('auth_failed');
    expect(info.message).toContain('was refused every credential offered');
    expect(r.accepted).toBe(1);
  });

  it('an unknown host key: one attempt, refused before any credential, and nothing is trusted', async () => {
    const r = await countingRelay(sshd.port);
    relays.push(r);
    const kh = knownHosts(null);
    const flags = { ssh: `root@127.0.0.1:${r.port}`, identity: sshd.identityFile, 'known-hosts': kh };
    const { backend, node } = await cliRun(flags);
    expect(backend.nodes.info(node).state).toBe('hostkey_unknown');
    expect(readFileSync(kh, 'utf8')).toBe('');
    expect(r.accepted).toBe(1);
  });

  it('made under other known_hosts than the backend uses: closed unused, and the node is verified under the backend own', async () => {
    const r = await countingRelay(sshd.port);
    relays.push(r);
    // The early connection would trust the key (its file has it); the backend's file does not.
    const early = { ssh: `root@127.0.0.1:${r.port}`, identity: sshd.identityFile, 'known-hosts': knownHosts(r.port) };
    const backendKh = knownHosts(null);
    const { backend, node } = await cliRun(early, { ...early, 'known-hosts': backendKh });
    expect(backend.nodes.info(node).state).toBe('hostkey_unknown');
    expect(holdsEarlyConnection()).toBe(false);
    // Two connections: the early one (closed once its attempt settled) and the backend's own.
    await until('the early connection to be closed', () => r.accepted === 2 && r.closed >= 1, 10_000, 10);
    expect(readFileSync(backendKh, 'utf8')).toBe('');
  });

  it('a saved node of the same name wins; the early connection is closed when the run ends', async () => {
    const r = await countingRelay(sshd.port);
    relays.push(r);
    const kh = knownHosts(r.port);
    const dataDir = join(tmp.dir, `data-saved-${++run}`);
    mkdirSync(dataDir);
    const env = { ...process.env, SPOOLSCOPE_DATA_DIR: dataDir, SSH_AUTH_SOCK: '' };
    const name = `root@127.0.0.1:${r.port}`;
    // Saved by an earlier run, pointing elsewhere (the sshd itself, not the relay).
    const first = createBackend({ dataDir, frontDoor: 'cli', secretBox: null, ssh: { knownHostsFiles: [kh], trustFile: kh, env } });
    await first.nodes.add({ name, host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: sshd.identityFile });
    await first.close();
    appendFileSync(kh, sshd.knownHostsLine + '\n');
    expect(startEarlyConnection(['df', '--ssh', name, '--identity', sshd.identityFile, '--known-hosts', kh], env)).toBe(true);
    const backend = createBackend({ dataDir, frontDoor: 'cli', secretBox: null, ssh: { knownHostsFiles: [kh], trustFile: kh, env } });
    backends.push(backend);
    const node = await resolveNode(backend, { ssh: name, identity: sshd.identityFile, 'known-hosts': kh });
    expect(backend.nodes.info(node).config?.port).toBe(sshd.port);
    expect(holdsEarlyConnection()).toBe(true);
    dropEarlyConnection();
    await until('the unused early connection to be closed', () => r.closed === r.accepted && r.accepted >= 1, 10_000, 10);
  });
});
