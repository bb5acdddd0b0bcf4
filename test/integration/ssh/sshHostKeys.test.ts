// Host keys against a real sshd: unknown keys refused by the CLI unless --accept-new, a regenerated key
// refused before any credential is offered, the UI's confirm-the-fingerprint flow, and a jump host with
// both hops verified.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import type { NodeInfo } from '../../../src/shared/nodeModels';
import type { RpcResult } from '../../../src/shared/rpcResult';
import { runCli } from '../../support/cli';
import { knownHostsFor, startSshd, startSshdWithBastion, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';

/** Lines sshd logs (LogLevel VERBOSE) once a client offers a credential. */
const AUTH_LOG = /publickey|Accepted|Failed|Postponed|authentication/i;

describe('host keys through the CLI', () => {
  let sshd: Sshd;
  const tmp = makeTempDir('hostkeys-cli');
  const env = { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data'), SSH_AUTH_SOCK: '' };
  const kh = join(tmp.dir, 'known_hosts');
  const flags = () => ['--ssh', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.identityFile, '--known-hosts', kh];

  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
    tmp.cleanup();
  });

  it('refuses an unknown host key without --accept-new: non-zero exit, the fingerprint, nothing trusted, no credential offered', async () => {
    writeFileSync(kh, '');
    const logBefore = sshd.log().length;
    const r = runCli(['df', '--json', ...flags()], env);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(sshd.hostKeyFingerprint);
    expect(r.stderr).toContain('--accept-new');
    expect(readFileSync(kh, 'utf8')).toBe('');
    await expect.poll(() => sshd.log().slice(logBefore), { timeout: 5000 }).toMatch(/Connection closed|Disconnected|kex_exchange/);
    expect(sshd.log().slice(logBefore)).not.toMatch(AUTH_LOG);
  });

  it('trusts an unknown key with --accept-new, writes it to --known-hosts, and then needs no flag', () => {
    writeFileSync(kh, '');
    const r = runCli(['df', '--json', ...flags(), '--accept-new'], env);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).filesystems.length).toBeGreaterThan(0);
    expect(readFileSync(kh, 'utf8')).toBe(sshd.knownHostsLine + '\n');
    const again = runCli(['df', '--json', ...flags()], env);
    expect(again.status, again.stderr).toBe(0);
  });

  it('refuses a regenerated host key even with --accept-new, names the known_hosts line, and offers no credential', async () => {
    writeFileSync(kh, `# fleet\n${sshd.knownHostsLine}\n`);
    const old = sshd.hostKeyFingerprint;
    await sshd.regenerateHostKey();
    expect(sshd.hostKeyFingerprint).not.toBe(old);
    const logBefore = sshd.log().length;
    const r = runCli(['df', '--json', ...flags(), '--accept-new'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('CHANGED');
    expect(r.stderr).toContain(`${kh} line 2`);
    expect(r.stderr).toContain(sshd.hostKeyFingerprint);
    // Still only the old key on record: --accept-new never applies to a changed key.
    expect(readFileSync(kh, 'utf8')).not.toContain(sshd.knownHostsLine.split(' ')[2]);
    // sshd's log arrives through a pipe: wait for this connection's end before reading it.
    await expect.poll(() => sshd.log().slice(logBefore), { timeout: 5000 }).toMatch(/Connection closed|Disconnected|kex_exchange/);
    const log = sshd.log().slice(logBefore);
    expect(log).toMatch(/Connection from 127\.0\.0\.1/);
    expect(log).not.toMatch(AUTH_LOG);
  });
});

describe('host keys through the node registry (what the UI calls)', () => {
  let sshd: Sshd;
  let backend: Backend;
  const tmp = makeTempDir('hostkeys-ui');
  const userKh = join(tmp.dir, 'user_known_hosts');
  const appKh = join(tmp.dir, 'app_known_hosts');

  beforeAll(async () => {
    sshd = await startSshd();
    writeFileSync(userKh, '');
    backend = createBackend({ dataDir: join(tmp.dir, 'data'), frontDoor: 'cli', ssh: { knownHostsFiles: [userKh, appKh], trustFile: appKh }, secretBox: null });
    await backend.nodes.add({ name: 'lab', host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: sshd.identityFile });
  });
  afterAll(async () => {
    await backend?.close();
    await sshd?.stop();
    tmp.cleanup();
  });

  it('shows an unknown key as hostkey_unknown with its fingerprint, and pushes the state as an event', async () => {
    const seen: string[] = [];
    const off = backend.events.listen((event, payload) => {
      if (event === 'nodes.state') {
        const n = payload as { name: string; state: string };
        seen.push(`${n.name}:${n.state}`);
      }
    });
    const r = (await backend.dispatcher.call('nodes.connect', { name: 'lab' }, { frontDoor: 'cli' })) as RpcResult<NodeInfo>;
    off();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.result.state).toBe('hostkey_unknown');
    expect(r.result.hostKeyFingerprint).toBe(sshd.hostKeyFingerprint);
    expect(r.result.message).toContain(sshd.hostKeyFingerprint);
    expect(seen).toEqual(['lab:connecting', 'lab:hostkey_unknown']);
  });

  it('trusts only the fingerprint the operator confirmed: a different one leaves the node refused', async () => {
    const wrong = (await backend.dispatcher.call('nodes.trustHostKey', { name: 'lab', fingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, { frontDoor: 'cli' })) as RpcResult<NodeInfo>;
    expect(wrong.ok && wrong.result.state).toBe('hostkey_unknown');
    expect(readFileSync(appKh, { encoding: 'utf8', flag: 'a+' })).toBe('');
    const right = (await backend.dispatcher.call('nodes.trustHostKey', { name: 'lab', fingerprint: sshd.hostKeyFingerprint }, { frontDoor: 'cli' })) as RpcResult<NodeInfo>;
    expect(right.ok && right.result.state).toBe('connected');
    expect(readFileSync(appKh, 'utf8')).toBe(sshd.knownHostsLine + '\n');
    // The user's own known_hosts is never written.
    expect(readFileSync(userKh, 'utf8')).toBe('');
  });

  it('refuses a changed key with no way to trust it, and its connection never reaches authentication', async () => {
    await backend.close();
    await sshd.regenerateHostKey();
    backend = createBackend({ dataDir: join(tmp.dir, 'data'), frontDoor: 'cli', ssh: { knownHostsFiles: [userKh, appKh], trustFile: appKh }, secretBox: null });
    const r = (await backend.dispatcher.call('nodes.connect', { name: 'lab' }, { frontDoor: 'cli' })) as RpcResult<NodeInfo>;
    expect(r.ok && r.result.state).toBe('hostkey_changed');
    expect(r.ok && r.result.hostKeyFingerprint).toBe(sshd.hostKeyFingerprint);
    const trust = (await backend.dispatcher.call('nodes.trustHostKey', { name: 'lab', fingerprint: sshd.hostKeyFingerprint }, { frontDoor: 'cli' })) as RpcResult<NodeInfo>;
    expect(trust.ok).toBe(false);
    if (!trust.ok) expect(trust.code).toBe('forbidden');
    // The auth handler is where credentials are offered: it was never asked.
    const transport = backend.nodes.transportFor('lab') as unknown as { connection: { authAttempts: number } };
    expect(transport.connection.authAttempts).toBe(0);
    // And probes through that node fail with the same clear reason instead of running.
    const df = (await backend.dispatcher.call('node.filesystems', { node: 'lab' }, { frontDoor: 'cli' })) as RpcResult<{ filesystems: unknown[] }>;
    expect(df.ok).toBe(false);
    if (!df.ok) expect(df.message).toContain('CHANGED');
  });
});

describe('a jump host', () => {
  let pair: Awaited<ReturnType<typeof startSshdWithBastion>>;
  let backend: Backend | null = null;
  const tmp = makeTempDir('jump');
  const kh = join(tmp.dir, 'known_hosts');
  /** A backend with 'bastion' and 'target' (through it) saved and only `known`'s keys in known_hosts; connects 'target'. */
  const connectTarget = async (known: Sshd[], bastion: Sshd = pair.bastion, dataDir = 'data') => {
    writeFileSync(kh, knownHostsFor(...known));
    await backend?.close();
    backend = createBackend({ dataDir: join(tmp.dir, dataDir), frontDoor: 'cli', ssh: { knownHostsFiles: [kh], trustFile: kh }, secretBox: null });
    await backend.nodes.add({ name: 'bastion', host: '127.0.0.1', port: bastion.port, user: 'root', identityFile: bastion.identityFile });
    await backend.nodes.add({ name: 'target', host: '127.0.0.1', port: pair.target.port, user: 'root', identityFile: pair.target.identityFile, jumpHost: 'bastion' });
    return { b: backend, info: await backend.nodes.connect('target') };
  };

  beforeAll(async () => {
    pair = await startSshdWithBastion();
  });
  afterEach(async () => {
    await backend?.close();
    backend = null;
  });
  afterAll(async () => {
    await pair?.stop();
    tmp.cleanup();
  });

  it('reaches the target through the bastion with both host keys verified, and runs probes there', async () => {
    const { b, info } = await connectTarget([pair.bastion, pair.target]);
    expect(info.state).toBe('connected');
    expect(info.hostKeyFingerprint).toBe(pair.target.hostKeyFingerprint);
    expect(b.nodes.info('bastion').hostKeyFingerprint).toBe(pair.bastion.hostKeyFingerprint);
    const df = (await b.dispatcher.call('node.filesystems', { node: 'target' }, { frontDoor: 'cli' })) as RpcResult<{ filesystems: unknown[] }>;
    expect(df.ok && df.result.filesystems.length).toBeGreaterThan(0);
  });

  it('saves a node before its jump host, and keeps the pair across a restart (jump hosts load first)', async () => {
    writeFileSync(kh, knownHostsFor(pair.bastion, pair.target));
    const dataDir = join(tmp.dir, 'data-order');
    const first = createBackend({ dataDir, frontDoor: 'cli', ssh: { knownHostsFiles: [kh], trustFile: kh }, secretBox: null });
    await first.nodes.add({ name: 'target', host: '127.0.0.1', port: pair.target.port, user: 'root', identityFile: pair.target.identityFile, jumpHost: 'bastion' });
    await first.nodes.add({ name: 'bastion', host: '127.0.0.1', port: pair.bastion.port, user: 'root', identityFile: pair.bastion.identityFile });
    expect((await first.nodes.connect('target')).state).toBe('connected');
    await first.close();
    backend = createBackend({ dataDir, frontDoor: 'cli', ssh: { knownHostsFiles: [kh], trustFile: kh }, secretBox: null });
    expect(backend.nodes.list().map((n) => n.name).sort()).toEqual(['bastion', 'local', 'target']);
    expect((await backend.nodes.connect('target')).state).toBe('connected');
    expect(backend.nodes.info('bastion').state).toBe('connected');
  });

  it('verifies the second hop on its own: a target key on no line is refused though the bastion is known', async () => {
    const { b, info } = await connectTarget([pair.bastion]);
    expect(info.state).toBe('hostkey_unknown');
    expect(info.hostKeyFingerprint).toBe(pair.target.hostKeyFingerprint);
    expect(b.nodes.info('bastion').state).toBe('connected');
  });

  it('verifies the first hop: an unknown bastion stops the way to the target before it is reached', async () => {
    const { b, info } = await connectTarget([pair.target]);
    expect(info.state).toBe('unreachable');
    expect(info.message).toContain('through jump host bastion (hostkey_unknown)');
    expect(b.nodes.info('bastion').state).toBe('hostkey_unknown');
  });

  it('really goes through the bastion: with forwarding off there, the target cannot be reached', async () => {
    const closed = await startSshd({ extraConfig: ['AllowTcpForwarding no'], clientKey: pair.bastion.clientKey });
    try {
      const { info } = await connectTarget([closed, pair.target], closed, 'data2');
      expect(info.state).toBe('unreachable');
      expect(info.message).toMatch(/could not reach 127\.0\.0\.1:\d+/);
    } finally {
      await backend?.close();
      backend = null;
      await closed.stop();
    }
  });
});
