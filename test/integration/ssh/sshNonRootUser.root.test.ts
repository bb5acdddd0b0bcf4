// A node reached as a user who is not root (made with useradd, so this file needs root): it works with what
// that user can see, marked partial, also when sudo -n is refused; a user allowed sudo -n runs the probes as
// root (not partial) and can reclaim root's held files.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import { startHolder } from '../../support/holders';
import { mountTmpfs } from '../../support/mounts';
import { isRoot } from '../../support/root';
import { ensureLoginUser } from '../../support/loginUser';
import { isAlive } from '../../support/reclaimHelpers';
import type { HeldReport, ReclaimPlan, ReclaimResult } from '../../../src/shared/heldModels';
import { startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';
import { runCli } from '../../support/cli';

const MiB = 1024 * 1024;

const HAS_SUDO = spawnSync('sh', ['-c', 'command -v sudo']).status === 0;

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
    ensureLoginUser(USER);
    if (HAS_SUDO) {
      ensureLoginUser(SUDOER);
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
