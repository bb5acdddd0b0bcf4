// `spoolscope reclaim-held` end to end: the built CLI, the real held scanner, a real holder on a full tmpfs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../../support/cli';
import { startHolder, type Holder } from '../../support/holders';
import { fillToFull, mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { isAlive } from '../../support/reclaimHelpers';
import { STORE_FILE } from '../../../src/main/store/stateStore';
import type { ReclaimPlan, ReclaimResult } from '../../../src/shared/heldModels';

const MiB = 1024 * 1024;
let dataDir: string;
let env: Record<string, string>;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'spoolscope-reclaim-cli-'));
  env = { SPOOLSCOPE_DATA_DIR: dataDir };
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('reclaim-held arguments', () => {
  it('refuses with one line when neither --dry-run nor --yes is given, and does nothing', () => {
    const r = runCli(['reclaim-held', '--pid', String(process.pid)], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('spoolscope: reclaim-held: pass --dry-run to see the plan or --yes to truncate; nothing was done\n');
    expect(r.stdout).toBe('');
  });

  it('refuses both flags, a missing pid and a non-numeric fd', () => {
    expect(runCli(['reclaim-held', '--pid', '1', '--dry-run', '--yes'], env).stderr).toMatch(/not both/);
    expect(runCli(['reclaim-held', '--yes'], env).stderr).toMatch(/needs --pid P/);
    expect(runCli(['reclaim-held', '--pid', '1', '--fd', '3;rm', '--yes'], env).stderr).toMatch(/--fd takes a number/);
  });

  it('exits non-zero when nothing could be reclaimed', () => {
    const r = runCli(['reclaim-held', '--pid', String(process.pid), '--dry-run', '--json'], env);
    expect(r.status).toBe(4);
    const plan = JSON.parse(r.stdout) as ReclaimPlan;
    expect(plan.entries).toEqual([]);
    expect(plan.refused[0].reason).toMatch(/holds no deleted files/);
  });
});

describe.skipIf(!isRoot)('reclaim-held on a full tmpfs', () => {
  let tmp: Tmpfs;
  let holder: Holder;
  let mapped: Holder;
  beforeAll(async () => {
    tmp = mountTmpfs(16);
    holder = await startHolder({ dir: tmp.dir, name: 'spool\nappend-1', mode: 'plain', bytes: 6 * MiB });
    mapped = await startHolder({ dir: tmp.dir, name: 'mapped', mode: 'mmap', bytes: 2 * MiB });
    fillToFull(tmp.dir);
  });
  afterAll(async () => {
    await stopAllHolders();
    tmp?.unmount();
  });

  it('--dry-run prints the plan and touches nothing', () => {
    const before = usedBytes(tmp.dir);
    const r = runCli(['reclaim-held', '--pid', String(holder.pid), '--dry-run'], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^plan plan-\S+: 1 file of pid \d+ to truncate, expected to free 6\.0 MiB \(nothing was done\)/);
    expect(r.stdout).toContain('spool\\nappend-1 (deleted)');
    expect(r.stdout).toContain('grows back sparse');
    expect(usedBytes(tmp.dir)).toBe(before);
  });

  it('--yes --json truncates, reports statvfs freedBytes, keeps the holder running, and audits', () => {
    expect(statfsSync(tmp.dir).bavail).toBe(0);
    const before = usedBytes(tmp.dir);
    const r = runCli(['reclaim-held', '--pid', String(holder.pid), '--fd', String(holder.fds[0]), '--yes', '--json'], env);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as ReclaimResult;
    const measured = before - usedBytes(tmp.dir);
    expect(result.truncated.map((t) => t.fd)).toEqual(holder.fds);
    expect(Math.abs(result.freedBytes - 6 * MiB)).toBeLessThanOrEqual(4096);
    expect(Math.abs(result.freedBytes - measured)).toBeLessThanOrEqual(4096);
    expect(result.audited).toBe(true);
    expect(isAlive(holder.pid)).toBe(true);
    expect(statSync(`/proc/${holder.pid}/fd/${holder.fds[0]}`).blocks).toBe(0);
    const db = new Database(join(dataDir, STORE_FILE), { readonly: true });
    const rows = db.prepare('SELECT phase FROM audit WHERE plan_id = ? ORDER BY id').all(result.planId);
    db.close();
    expect(rows).toEqual([{ phase: 'intent' }, { phase: 'result' }]);
  });

  it('--yes on a memory-mapped file refuses, names the restart, and exits non-zero', () => {
    const r = runCli(['reclaim-held', '--pid', String(mapped.pid), '--yes'], env);
    expect(r.status).toBe(4);
    expect(r.stdout).toMatch(/^truncated 0 files/);
    expect(r.stdout).toMatch(/skipped: pid \d+ fd \d+ .*memory-mapped by the process: truncating could crash it; restart /);
    expect(isAlive(mapped.pid)).toBe(true);
  });
});
