// Getting into a node: an encrypted key asks for its passphrase (kept in memory; persisted only as keychain
// ciphertext, never with a plain-text backend or without a keychain), and a non-root login works with what
// that user can see, marked partial, also when sudo -n is refused; a user allowed sudo -n runs the probes as
// root (not partial) and can reclaim root's held files.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import type { SecretBox } from '../../../src/main/nodes/keyPassphrases';
import { startHolder } from '../../support/holders';
import { mountTmpfs } from '../../support/mounts';
import { isRoot } from '../../support/root';
import { isAlive } from '../../support/reclaimHelpers';
import type { HeldReport, ReclaimPlan, ReclaimResult } from '../../../src/shared/heldModels';
import { makeClientKey, startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';
import { runCli } from '../../support/cli';

const PASSPHRASE = 'correct horse battery staple';
const MiB = 1024 * 1024;

/** Stands in for Electron's safeStorage (no Electron binary here): real AES-GCM with a per-test key. */
function secretBox(backend: 'gnome_libsecret' | 'basic_text', available = true): SecretBox & { encrypted: number } {
  const key = randomBytes(32);
  return {
    encrypted: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      this.encrypted++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(cipher) {
      const d = createDecipheriv('aes-256-gcm', key, cipher.subarray(0, 12));
      d.setAuthTag(cipher.subarray(12, 28));
      return Buffer.concat([d.update(cipher.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('an encrypted key file', () => {
  let sshd: Sshd;
  const tmp = makeTempDir('passphrase');
  const kh = join(tmp.dir, 'known_hosts');
  let encrypted: string;
  const open = (dataDir: string, box: SecretBox | null): Backend =>
    createBackend({ dataDir: join(tmp.dir, dataDir), frontDoor: 'cli', ssh: { knownHostsFiles: [kh], trustFile: kh }, secretBox: box });

  beforeAll(async () => {
    const key = makeClientKey(tmp.dir, 'encrypted_ed25519', PASSPHRASE);
    encrypted = key.identityFile;
    sshd = await startSshd({ clientKey: key });
    writeFileSync(kh, sshd.knownHostsLine + '\n');
  });
  afterAll(async () => {
    await sshd?.stop();
    tmp.cleanup();
  });

  it('asks for the passphrase, connects once given, and without a keychain keeps it in memory only (and says so)', async () => {
    const b = open('data-none', null);
    try {
      await b.nodes.add({ name: 'enc', host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: encrypted });
      const first = await b.nodes.connect('enc');
      expect(first.state).toBe('passphrase_needed');
      expect(first.message).toContain(encrypted);
      const wrong = await b.nodes.unlockKey('enc', 'not it', false);
      expect(wrong.state).toBe('passphrase_needed');
      expect(wrong.message).toContain('wrong passphrase');
      const ok = await b.nodes.unlockKey('enc', PASSPHRASE, true);
      expect(ok.state).toBe('connected');
      expect(ok.message).toContain('memory for this session only');
      expect(b.store.listSshNodes().find((n) => n.name === 'enc')?.secret).toBeNull();
    } finally {
      await b.close();
    }
    const reopened = open('data-none', null);
    try {
      expect((await reopened.nodes.connect('enc')).state).toBe('passphrase_needed');
    } finally {
      await reopened.close();
    }
  });

  it('refuses to persist through a plain-text keychain backend', async () => {
    const box = secretBox('basic_text');
    const b = open('data-basic', box);
    try {
      await b.nodes.add({ name: 'enc', host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: encrypted });
      const ok = await b.nodes.unlockKey('enc', PASSPHRASE, true);
      expect(ok.state).toBe('connected');
      expect(ok.message).toContain('plain text');
      expect(box.encrypted).toBe(0);
      expect(b.store.listSshNodes().find((n) => n.name === 'enc')?.secret).toBeNull();
    } finally {
      await b.close();
    }
  });

  it('persists only ciphertext through a real keychain backend, and a new session connects with it', async () => {
    const box = secretBox('gnome_libsecret');
    const b = open('data-keychain', box);
    try {
      await b.nodes.add({ name: 'enc', host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: encrypted });
      expect((await b.nodes.unlockKey('enc', PASSPHRASE, true)).state).toBe('connected');
      const stored = b.store.listSshNodes().find((n) => n.name === 'enc')?.secret;
      expect(stored).toBeInstanceOf(Buffer);
      expect(stored!.includes(Buffer.from(PASSPHRASE))).toBe(false);
    } finally {
      await b.close();
    }
    const again = open('data-keychain', box);
    try {
      expect((await again.nodes.connect('enc')).state).toBe('connected');
    } finally {
      await again.close();
    }
  });
});

describe('ssh-agent', () => {
  let sshd: Sshd;
  const tmp = makeTempDir('agent');
  const kh = join(tmp.dir, 'known_hosts');
  const sock = join(tmp.dir, 'agent.sock');
  let agentPid = 0;

  beforeAll(async () => {
    const agentKey = makeClientKey(tmp.dir, 'agent_ed25519');
    sshd = await startSshd({ clientKey: agentKey });
    writeFileSync(kh, sshd.knownHostsLine + '\n');
    // A real agent on its own socket, holding the only key the server accepts.
    const started = spawnSync('ssh-agent', ['-s', '-a', sock], { encoding: 'utf8' });
    agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(started.stdout)?.[1] ?? 0);
    if (!agentPid) throw new Error(`ssh-agent did not start: ${started.stderr}`);
    const added = spawnSync('ssh-add', [agentKey.identityFile], { encoding: 'utf8', env: { ...process.env, SSH_AUTH_SOCK: sock } });
    if (added.status !== 0) throw new Error(`ssh-add failed: ${added.stderr}`);
  });
  afterAll(async () => {
    if (agentPid) process.kill(agentPid, 'SIGTERM');
    await sshd?.stop();
    tmp.cleanup();
  });

  it('authenticates through the agent first: an encrypted key file with no passphrase is not even needed', async () => {
    const encrypted = makeClientKey(tmp.dir, 'other_encrypted', PASSPHRASE);
    const b = createBackend({ dataDir: join(tmp.dir, 'data'), frontDoor: 'cli', ssh: { knownHostsFiles: [kh], trustFile: kh, env: { ...process.env, SSH_AUTH_SOCK: sock } }, secretBox: null });
    try {
      await b.nodes.add({ name: 'viaagent', host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: encrypted.identityFile });
      expect((await b.nodes.connect('viaagent')).state).toBe('connected');
    } finally {
      await b.close();
    }
  });
});

const HAS_SUDO = spawnSync('sh', ['-c', 'command -v sudo']).status === 0;

/** A real unprivileged account with a POSIX shell (created once; CI machines start without it). */
function ensureUser(user: string): void {
  if (spawnSync('id', [user]).status !== 0) {
    const r = spawnSync('useradd', ['--system', '--shell', '/bin/sh', '--no-create-home', user], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`useradd failed: ${r.stderr}`);
  }
  // "!" (locked) makes sshd refuse every method without PAM; "*" is no password, key login allowed.
  spawnSync('usermod', ['-p', '*', user]);
}

describe.runIf(isRoot)('a node reached as a user who is not root', () => {
  const USER = 'spoolscope-ssh-test';
  /** May run anything as root without a password: what `sudo: true` is for. */
  const SUDOER = 'spoolscope-sudo-test';
  const SUDOERS_FILE = `/etc/sudoers.d/${SUDOER}`;
  let sshd: Sshd;
  let backend: Backend;
  const tmp = makeTempDir('nonroot');
  const kh = join(tmp.dir, 'known_hosts');

  beforeAll(async () => {
    ensureUser(USER);
    if (HAS_SUDO) {
      ensureUser(SUDOER);
      writeFileSync(SUDOERS_FILE, `${SUDOER} ALL=(root) NOPASSWD: ALL\n`, { mode: 0o440 });
      const check = spawnSync('visudo', ['-cf', SUDOERS_FILE], { encoding: 'utf8' });
      if (check.status !== 0) throw new Error(`sudoers line refused: ${check.stdout}${check.stderr}`);
    }
    // One authorized_keys file for every login: both users log in with the same test key.
    sshd = await startSshd({ user: USER });
    writeFileSync(kh, sshd.knownHostsLine + '\n');
    backend = createBackend({ dataDir: join(tmp.dir, 'data'), frontDoor: 'cli', ssh: { knownHostsFiles: [kh], trustFile: kh }, secretBox: null });
  });
  afterAll(async () => {
    rmSync(SUDOERS_FILE, { force: true });
    await backend?.close();
    await sshd?.stop();
    tmp.cleanup();
  });

  it('works with what the user can see and is marked partial, saying why', async () => {
    await backend.nodes.add({ name: 'plain', host: '127.0.0.1', port: sshd.port, user: USER, identityFile: sshd.identityFile });
    const info = await backend.nodes.connect('plain');
    expect(info.state).toBe('partial');
    expect(info.partial).toBe(true);
    expect(info.message).toContain(`logged in as ${USER}, not root`);
    const df = await backend.dispatcher.call('node.filesystems', { node: 'plain' }, { frontDoor: 'cli' });
    expect(df.ok).toBe(true);
    const held = await backend.dispatcher.call('held.scan', { node: 'plain' }, { frontDoor: 'cli' });
    expect(held.ok && (held.result as { partial: boolean }).partial).toBe(true);
  });

  it('falls back to the plain user when sudo -n is refused, still partial, and probes still run', async () => {
    await backend.nodes.add({ name: 'sudo', host: '127.0.0.1', port: sshd.port, user: USER, identityFile: sshd.identityFile, sudo: true });
    const info = await backend.nodes.connect('sudo');
    expect(info.state).toBe('partial');
    expect(info.message).toContain('sudo -n is not allowed');
    const df = await backend.dispatcher.call('node.filesystems', { node: 'sudo' }, { frontDoor: 'cli' });
    expect(df.ok).toBe(true);
  });

  it.runIf(HAS_SUDO)('runs the probes as root through sudo -n when the user may: not partial, sees root\'s held files and reclaims them', async () => {
    const disk = mountTmpfs(16);
    const holder = await startHolder({ dir: disk.dir, name: 'root-held.log', mode: 'append', bytes: 2 * MiB });
    try {
      await backend.nodes.add({ name: 'sudoer', host: '127.0.0.1', port: sshd.port, user: SUDOER, identityFile: sshd.identityFile, sudo: true });
      const info = await backend.nodes.connect('sudoer');
      expect(info.state, info.message ?? '').toBe('connected');
      expect(info.partial).toBe(false);
      const held = await backend.dispatcher.call('held.scan', { node: 'sudoer' }, { frontDoor: 'cli' });
      if (!held.ok) throw new Error(held.message);
      const report = held.result as HeldReport;
      expect(report.errors.join('\n')).not.toMatch(/not root|running as uid/);
      expect(report.holders.find((h) => h.pid === holder.pid)).toMatchObject({ uid: 0, heldBytes: 2 * MiB });
      const plan = await backend.dispatcher.call('held.plan', { node: 'sudoer', pid: holder.pid }, { frontDoor: 'cli' });
      if (!plan.ok) throw new Error(plan.message);
      const done = await backend.dispatcher.call('held.reclaim', { planId: (plan.result as ReclaimPlan).planId }, { frontDoor: 'cli' });
      if (!done.ok) throw new Error(done.message);
      expect((done.result as ReclaimResult).freedBytes).toBe(2 * MiB);
      expect(isAlive(holder.pid)).toBe(true);
    } finally {
      await holder.stop();
      disk.unmount();
    }
  });

  it('the CLI says once that the results are partial (connecting and finishing both check)', () => {
    const r = runCli(['df', '--json', '--ssh', `${USER}@127.0.0.1:${sshd.port}`, '--identity', sshd.identityFile, '--known-hosts', kh], { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'cli-data') });
    expect(r.status, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('spoolscope: warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`logged in as ${USER}, not root`);
  });
});
