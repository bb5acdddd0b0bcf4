// A configured root that is no longer the directory it was when configured is refused (root-changed), on real
// mounts: replaced by another directory, turned into a symlink to another one, a tmpfs mounted over it. Its
// identity (physical path, device, inode, mount id) is read on the node when roots.add adds it, or on the
// first plan for a root without one (trust on first use); removing and adding the root again accepts a change.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type Backend } from '../../../src/main/backend';
import type { MethodName, RequestOf, ResponseOf } from '../../../src/shared/contract';
import { runCli } from '../../support/cli';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { isRoot } from '../../support/root';
import { buildDayStore } from '../../support/reapLab';
import { makeTempDir } from '../../support/tempDir';

const KiB = 1024;
const ALL = { maxBytes: 0, maxAgeDays: null, keepNewest: 1 };

describe.skipIf(!isRoot)('reap: a root whose identity changed since it was configured', () => {
  let tmp: Tmpfs;
  let data: { dir: string; cleanup: () => void };
  let backend: Backend;
  const overMounts: string[] = [];
  let n = 0;

  async function call<M extends MethodName>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
    const r = await backend.dispatcher.call(method, request, { frontDoor: 'cli' });
    if (!r.ok) throw new Error(`${method}: ${r.message}`);
    return r.result as ResponseOf<M>;
  }
  const plan = (root: string) => call('reap.plan', { node: 'local', root, policy: ALL });
  /** A fresh root with a 3-day store in it, and the directory `elsewhere` with another store. */
  function lab(): { root: string; elsewhere: string } {
    n++;
    const root = join(tmp.dir, `root-${n}`);
    const elsewhere = join(tmp.dir, `elsewhere-${n}`);
    buildDayStore(root, 3, 16 * KiB);
    buildDayStore(elsewhere, 3, 16 * KiB);
    return { root, elsewhere };
  }

  beforeAll(() => {
    tmp = mountTmpfs(32);
    data = makeTempDir('reap-root-identity');
    backend = createBackend({ dataDir: data.dir, frontDoor: 'cli' });
  });
  afterEach(() => {
    for (const m of overMounts.splice(0)) execFileSync('umount', [m]);
  });
  afterAll(async () => {
    await backend?.close();
    tmp?.unmount();
    data?.cleanup();
  });

  it('plans an untouched root added through roots.add (its identity read then), with no trust-on-first-use warning', async () => {
    const { root } = lab();
    await call('roots.add', { node: 'local', path: root });
    expect(backend.store.roots.identity('local', root)).toMatchObject({ path: root, ino: expect.any(Number), mountId: expect.any(Number) });
    const p = await plan(root);
    expect(p.entries.map((e) => e.path)).toEqual(['2026/001', '2026/002']);
    expect(p.warnings.join('\n')).not.toMatch(/trusted on first use/);
  });

  it('refuses a root directory replaced by another (same path, another inode) and touches nothing', async () => {
    const { root } = lab();
    await call('roots.add', { node: 'local', path: root });
    renameSync(root, `${root}.old`);
    buildDayStore(root, 3, 16 * KiB);
    const p = await plan(root);
    expect(p.entries).toEqual([]);
    expect(p.skipped).toEqual([{ path: root, code: 'root-changed', reason: expect.stringMatching(/^the configured root \S+ is not the directory it was when configured: its inode was \d+, now \d+ \(another directory\)\. Nothing is reaped under it\. If the change is intended, remove the root and add it again/), pid: null, comm: null }]);
    // A partition under it is refused too: the configured root holding it changed.
    expect((await plan(join(root, '2026'))).skipped.map((s) => s.code)).toEqual(['root-changed']);
    expect(existsSync(join(root, '2026/001/logs.sqlite'))).toBe(true);
  });

  it('refuses a root turned into a symlink to another directory, naming both physical paths', async () => {
    const { root, elsewhere } = lab();
    await call('roots.add', { node: 'local', path: root });
    renameSync(root, `${root}.old`);
    symlinkSync(elsewhere, root);
    const p = await plan(root);
    expect(p.skipped.map((s) => s.code)).toEqual(['root-changed']);
    expect(p.skipped[0].reason).toContain(`its physical path was ${root}, now ${elsewhere}`);
    expect(existsSync(join(elsewhere, '2026/001/logs.sqlite'))).toBe(true);
  });

  it('refuses a root with a tmpfs mounted over it: another device, inode and mount id', async () => {
    const { root } = lab();
    await call('roots.add', { node: 'local', path: root });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', root]);
    overMounts.push(root);
    buildDayStore(root, 3, 16 * KiB);
    const p = await plan(root);
    expect(p.skipped.map((s) => s.code)).toEqual(['root-changed']);
    expect(p.skipped[0].reason).toMatch(/its device was \d+, now \d+; its inode was \d+, now \d+ \(another directory\); its mount id was \d+, now \d+ \(mounted over, or remounted\)/);
    expect(existsSync(join(root, '2026/001/logs.sqlite'))).toBe(true);
  });

  it('trusts a root with no identity on its first plan (saying so), then refuses it once it changes', async () => {
    const { root } = lab();
    // As the default roots and roots saved by older versions: no identity.
    backend.store.roots.add('local', root);
    expect(backend.store.roots.identity('local', root)).toBeNull();
    const first = await plan(root);
    expect(first.entries.length).toBe(2);
    expect(first.warnings.join('\n')).toMatch(new RegExp(`the configured root ${root} had no recorded identity: recorded now \\(physical path ${root}, device \\d+, inode \\d+, mount id \\d+\\), trusted on first use`));
    const second = await plan(root);
    expect(second.warnings.join('\n')).not.toMatch(/trusted on first use/);
    renameSync(root, `${root}.old`);
    mkdirSync(root);
    expect((await plan(root)).skipped.map((s) => s.code)).toEqual(['root-changed']);
  });

  it('stores a root that does not exist yet without an identity, and records it on the first plan once it does', async () => {
    const root = join(tmp.dir, 'not-yet');
    await call('roots.add', { node: 'local', path: root });
    expect(backend.store.roots.identity('local', root)).toBeNull();
    buildDayStore(root, 3, 16 * KiB);
    const p = await plan(root);
    expect(p.warnings.join('\n')).toMatch(/trusted on first use/);
    expect(backend.store.roots.identity('local', root)).toMatchObject({ path: root });
  });

  it('accepts a change when the root is removed and added again: in the API, and with the CLI\'s --re-add-root', async () => {
    const { root } = lab();
    await call('roots.add', { node: 'local', path: root });
    renameSync(root, `${root}.old`);
    buildDayStore(root, 3, 16 * KiB);
    expect((await plan(root)).skipped.map((s) => s.code)).toEqual(['root-changed']);
    // Adding it again is not enough: an identity is never replaced by add alone.
    await call('roots.add', { node: 'local', path: root });
    expect((await plan(root)).skipped.map((s) => s.code)).toEqual(['root-changed']);
    await call('roots.remove', { node: 'local', path: root });
    await call('roots.add', { node: 'local', path: root });
    expect((await plan(root)).entries.length).toBe(2);

    // The same from a terminal, on its own store: refused with the code and the command, then accepted.
    const cliData = makeTempDir('reap-root-identity-cli');
    try {
      const env = { SPOOLSCOPE_DATA_DIR: cliData.dir };
      const { root: cliRoot } = lab();
      expect(runCli(['plan', cliRoot, '--add-root', '--max-bytes', '0', '--keep-newest', '1'], env).status).toBe(0);
      renameSync(cliRoot, `${cliRoot}.old`);
      buildDayStore(cliRoot, 3, 16 * KiB);
      const refused = runCli(['plan', cliRoot, '--add-root', '--max-bytes', '0', '--keep-newest', '1'], env);
      expect(refused.status).toBe(4);
      expect(refused.stdout).toContain(`refused: ${cliRoot}: the configured root ${cliRoot} is not the directory it was when configured`);
      expect(refused.stdout).toContain(`spoolscope plan ${cliRoot} --re-add-root`);
      expect(refused.stdout).toMatch(/\[root-changed\]\n/);
      expect(refused.stdout).not.toMatch(/run:/);
      const accepted = runCli(['plan', cliRoot, '--re-add-root', '--max-bytes', '0', '--keep-newest', '1'], env);
      expect(accepted.status, accepted.stderr).toBe(0);
      expect(accepted.stdout).toMatch(/run: spoolscope reap \S+ --yes/);
    } finally {
      cliData.cleanup();
    }
  });
});
