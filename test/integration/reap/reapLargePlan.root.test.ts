// Plans too large for JSON in the state store (issue 13, item 6): a 100,000-file partition planned by one
// `spoolscope plan` and reaped by another process through the command it printed; a plan that cannot be saved
// exits 5 with the reason and offers no command; the window still executes such a plan from memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, futimesSync, mkdirSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, runCli } from '../../support/cli';
import { mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { isRoot } from '../../support/root';
import { buildDayStore } from '../../support/reapLab';
import { makeTempDir } from '../../support/tempDir';
import { Reaper } from '../../../src/main/services/reap/reaper';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { StoreFullError } from '../../../src/main/store/db';
import { LocalTransport } from '../../../src/main/transport/localTransport';

const FILES = 100_000;
const OLD = 1_735_689_600;

/** root/2025/001 with n one-byte files, and two newer days (the floor). */
function buildPartition(root: string, n: number): void {
  const day = join(root, '2025/001');
  mkdirSync(day, { recursive: true });
  for (let i = 0; i < n; i++) {
    const fd = openSync(join(day, `seg-${String(i).padStart(8, '0')}.log`), 'w');
    writeSync(fd, 'x');
    futimesSync(fd, OLD, OLD);
    closeSync(fd);
  }
  for (const d of ['2025/002', '2025/003']) {
    mkdirSync(join(root, d), { recursive: true });
    const fd = openSync(join(root, d, 'seg-00000000.log'), 'w');
    writeSync(fd, 'x');
    closeSync(fd);
  }
}

/** The CLI with time for a 100,000-file reap (the executor unlinks a few hundred files a second here). */
function runLongCli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 1_500_000, maxBuffer: 512 * 1024 * 1024 });
}

describe.skipIf(!isRoot)('reap plans too large for JSON', () => {
  let tmp: Tmpfs;
  let data: { dir: string; cleanup: () => void };

  beforeAll(() => {
    // 100,000 one-byte files take a page each on a tmpfs: 400 MB.
    tmp = mountTmpfs(640);
    data = makeTempDir('reap-large');
  });
  afterAll(() => {
    tmp?.unmount();
    data?.cleanup();
  });

  it(`plans a ${FILES.toLocaleString('en')}-file partition in one process and reaps it in another, through the command plan printed`, () => {
    const root = join(tmp.dir, 'segments');
    buildPartition(root, FILES);
    const env = { SPOOLSCOPE_DATA_DIR: data.dir };
    const planned = runLongCli(['plan', root, '--add-root', '--max-bytes', '0'], env);
    expect(planned.stderr).toBe('');
    expect(planned.status).toBe(0);
    expect(planned.stdout).not.toMatch(/could not be saved/);
    const run = /run: spoolscope reap (\S+) --yes\)/.exec(planned.stdout);
    expect(run, planned.stdout).not.toBeNull();
    const before = usedBytes(tmp.dir);
    const reaped = runLongCli(['reap', run![1], '--yes', '--json'], env);
    expect(reaped.stderr).toBe('');
    expect(reaped.status).toBe(0);
    const result = JSON.parse(reaped.stdout) as { removed: unknown[]; removedPartitions: string[]; skipped: unknown[]; freedBytes: number; warnings: string[] };
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.removed.length).toBe(FILES);
    expect(result.removedPartitions).toEqual(['2025/001']);
    expect(existsSync(join(root, '2025/001'))).toBe(false);
    expect(readdirSync(join(root, '2025')).sort()).toEqual(['002', '003']);
    // A page a file on a tmpfs.
    expect(result.freedBytes).toBe(before - usedBytes(tmp.dir));
    expect(result.freedBytes).toBeGreaterThanOrEqual(FILES * 4096);
    // Used once.
    expect(runCli(['reap', run![1], '--yes'], env).stderr).toMatch(/was already executed: plan again/);
  }, 1_800_000);

  it('exits 5 with the reason on stderr and prints no run: line when the plan cannot be saved (the state store is read-only)', () => {
    const root = join(tmp.dir, 'small');
    buildDayStore(root, 4, 8192);
    const ro = mountTmpfs(8);
    try {
      const roData = join(ro.dir, 'data');
      expect(runCli(['df'], { SPOOLSCOPE_DATA_DIR: roData }).status).toBe(0);
      execFileSync('mount', ['-o', 'remount,ro', ro.dir]);
      const env = { SPOOLSCOPE_DATA_DIR: roData };
      // The run gets a temporary store (nothing kept), so the root is configured for this run only.
      const text = runCli(['plan', root, '--add-root', '--max-bytes', '0'], env);
      expect(text.status).toBe(5);
      expect(text.stdout).toMatch(/^plan reap\S+: 2 of 4 partitions under \S+ to remove, expected to free .* \(nothing was done\)\n/);
      expect(text.stdout).not.toMatch(/run:/);
      expect(text.stderr).toMatch(/temporary state store/);
      expect(text.stderr).toMatch(/spoolscope: plan reap\S+ cannot be run by spoolscope reap: it could not be saved in the state store \(this run's state store is a temporary one .*\); nothing was done\n$/);
      const json = runCli(['plan', root, '--add-root', '--max-bytes', '0', '--json'], env);
      expect(json.status).toBe(5);
      const plan = JSON.parse(json.stdout) as { entries: unknown[]; notSaved?: string };
      expect(plan.entries.length).toBe(2);
      expect(plan.notSaved).toMatch(/temporary/);
      expect(json.stderr).toMatch(/cannot be run by spoolscope reap/);
      // An empty plan has nothing to run either way: still "nothing to reap".
      expect(runCli(['plan', root, '--add-root'], env).status).toBe(4);
      expect(existsSync(join(root, '2026/001/logs.sqlite'))).toBe(true);
    } finally {
      ro.unmount();
    }
  });

  it('still executes from memory, in the process that made it, a plan the state store refused (full)', async () => {
    const root = join(tmp.dir, 'window');
    buildDayStore(root, 4, 8192);
    const windowData = makeTempDir('reap-large-window');
    const real = openStateStore({ dataDir: windowData.dir });
    try {
      real.roots.add('local', root);
      const full: StateStore = {
        ...real,
        reapPlans: {
          ...real.reapPlans,
          save: () => {
            throw new StoreFullError('cannot keep the reap plan: the disk holding the state store is full');
          },
        },
      };
      const reaper = new Reaper({ transportFor: () => new LocalTransport(), store: full, onProgress: () => {}, scanReference: () => null });
      const plan = await reaper.plan({ node: 'local', root, policy: { maxBytes: 0, maxAgeDays: null, keepNewest: 2 } });
      expect(plan.notSaved).toBe('cannot keep the reap plan: the disk holding the state store is full');
      expect(plan.warnings).toContain('the plan could not be saved in the state store (cannot keep the reap plan: the disk holding the state store is full): only the window or serve that made it can execute it; spoolscope reap PLANID cannot find it');
      const result = await reaper.execute(plan.planId);
      expect(result.removedPartitions).toEqual(['2026/001', '2026/002']);
      await expect(reaper.execute(plan.planId)).rejects.toThrow(/already executed/);
    } finally {
      real.close();
      windowData.cleanup();
    }
  });
});
