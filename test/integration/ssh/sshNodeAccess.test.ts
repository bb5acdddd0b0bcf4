// Getting into a node: an encrypted key asks for its passphrase (kept in memory; persisted only as keychain
// ciphertext, never with a plain-text backend or without a keychain), and ssh-agent comes first.
// A login as a user who is not root: sshNonRootUser.root.test.ts.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import type { SecretBox } from '../../../src/main/nodes/keyPassphrases';
import { makeClientKey, startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';

const PASSPHRASE = 'correct horse battery staple';

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
      expect(b.store.sshNodes.list().find((n) => n.name === 'enc')?.secret).toBeNull();
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
      expect(b.store.sshNodes.list().find((n) => n.name === 'enc')?.secret).toBeNull();
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
      const stored = b.store.sshNodes.list().find((n) => n.name === 'enc')?.secret;
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
