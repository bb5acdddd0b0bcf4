// `spoolscope plan` and `spoolscope reap` as an operator runs them: two processes sharing the plan through
// the state store, on a tmpfs so statvfs sees only the reap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { buildDayStore, startWriter, type Helper } from '../../support/reapLab';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/tempDir';

const MiB = 1024 * 1024;

interface PlanJson {
  planId: string;
  entries: { path: string; allocatedBytes: number }[];
  skipped: { path: string; reason: string }[];
  expectedFreeBytes: number;
}
interface ReapJson {
  removed: { path: string }[];
  skipped: { path: string; reason: string }[];
  freedBytes: number;
}

describe.skipIf(!isRoot)('CLI: plan and reap', () => {
  let tmp: Tmpfs;
  let data: { dir: string; cleanup: () => void };
  let env: Record<string, string>;
  let root: string;
  let writer: Helper;

  beforeAll(async () => {
    tmp = mountTmpfs(32);
    data = makeTempDir('reap-cli');
    env = { SPOOLSCOPE_DATA_DIR: data.dir };
    root = join(tmp.dir, 'store');
    mkdirSync(root);
    buildDayStore(root, 6, MiB);
    writer = await startWriter(join(root, '2026/002/logs.sqlite'));
  });

  afterAll(async () => {
    await stopAllHolders();
    tmp?.unmount();
    data?.cleanup();
  });

  it('plan --json lists planId, entries, skipped with reasons and the expected bytes, and removes nothing', () => {
    const r = runCli(['plan', root, '--add-root', '--max-bytes', String(3 * MiB), '--keep-newest', '2', '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout) as PlanJson;
    expect(plan.planId).toMatch(/^reap/);
    expect(plan.entries.map((e) => [e.path, e.allocatedBytes])).toEqual([
      ['2026/001', MiB],
      ['2026/003', MiB],
      ['2026/004', MiB],
    ]);
    expect(plan.skipped).toEqual([expect.objectContaining({ path: '2026/002', reason: `open for writing by pid ${writer.pid} (sleep)` })]);
    expect(plan.expectedFreeBytes).toBe(3 * MiB);
    expect(existsSync(join(root, '2026/001/logs.sqlite'))).toBe(true);
  });

  it('refuses a ROOT that is not a configured root unless --add-root names it one', () => {
    const other = join(tmp.dir, 'elsewhere');
    mkdirSync(other, { recursive: true });
    const r = runCli(['plan', other, '--max-bytes', '0', '--json'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not under a configured root of local .*add it as a root first/);
    expect(runCli(['plan', other, '--add-root', '--max-bytes', '0', '--json'], env).status).toBe(4);
  });

  it('reap without --yes does nothing and says how', () => {
    const plan = JSON.parse(runCli(['plan', root, '--add-root', '--max-bytes', '0', '--json'], env).stdout) as PlanJson;
    const r = runCli(['reap', plan.planId], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/pass --yes .* nothing was done/);
    expect(existsSync(join(root, '2026/001'))).toBe(true);
  });

  it('reap PLANID --yes --json removes what the plan listed, in another process, and statvfs agrees', () => {
    const plan = JSON.parse(runCli(['plan', root, '--add-root', '--max-bytes', String(3 * MiB), '--json'], env).stdout) as PlanJson;
    const before = usedBytes(tmp.dir);
    const r = runCli(['reap', plan.planId, '--yes', '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as ReapJson;
    expect(result.removed.map((x) => x.path)).toEqual([
      '2026/001/logs.sqlite',
      '2026/001/logs.sqlite-wal',
      '2026/003/logs.sqlite',
      '2026/003/logs.sqlite-wal',
      '2026/004/logs.sqlite',
      '2026/004/logs.sqlite-wal',
    ]);
    expect(result.skipped).toEqual([]);
    expect(result.freedBytes).toBe(plan.expectedFreeBytes);
    expect(before - usedBytes(tmp.dir)).toBe(3 * MiB);
    expect(existsSync(join(root, '2026/002/logs.sqlite'))).toBe(true);
  });

  it('refuses a plan that was already executed, and an unknown plan, with one line each', () => {
    const plan = JSON.parse(runCli(['plan', root, '--add-root', '--max-bytes', '0', '--keep-newest', '1', '--json'], env).stdout) as PlanJson;
    expect(runCli(['reap', plan.planId, '--yes', '--json'], env).status).toBe(0);
    const again = runCli(['reap', plan.planId, '--yes', '--json'], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^spoolscope: reap plan .* was already executed: plan again\n$/);
    const unknown = runCli(['reap', 'reap-nope', '--yes'], env);
    expect(unknown.stderr).toMatch(/^spoolscope: no reap plan reap-nope .*plan again\n$/);
  });

  it('saves a policy with --save and plans with it when no flag is given; exit 4 when nothing is left to reap', () => {
    const saved = runCli(['plan', root, '--add-root', '--max-age-days', '1', '--keep-newest', '1', '--save', '--json'], env);
    expect([0, 4]).toContain(saved.status);
    const r = runCli(['plan', root], env);
    expect(r.status).toBe(4);
    expect(r.stdout).toMatch(/^plan reap\S+: 0 of \d+ partitions? under .* to remove/);
    expect(r.stdout).toMatch(/kept: 2026\/002: open for writing by pid \d+ \(sleep\) \[open-for-writing\]\n/);
    // Nothing to remove: no command to run is offered.
    expect(r.stdout).not.toMatch(/run:/);
  });

  it('prints a root that resolves outside every configured root as refused, with its code, and exits 4', () => {
    const elsewhere = join(tmp.dir, 'elsewhere-store');
    buildDayStore(elsewhere, 3, 64 * 1024);
    symlinkSync(elsewhere, join(root, 'link'));
    const r = runCli(['plan', join(root, 'link'), '--max-bytes', '0', '--keep-newest', '0'], env);
    expect(r.status).toBe(4);
    expect(r.stdout).toMatch(/^plan reap\S+: 0 of 0 partitions under \S+\/link to remove, expected to free 0 B \(nothing was done\)\n/);
    expect(r.stdout).toContain(`refused: ${join(root, 'link')}: ${join(root, 'link')} (it resolves to ${elsewhere}) is outside the physical path of every configured root of local`);
    expect(r.stdout).toMatch(/\[outside-roots\]\n/);
    expect(existsSync(join(elsewhere, '2026/001/logs.sqlite'))).toBe(true);
  });
});
