// `spoolscope reclaim-held` end to end as root: the built CLI, the real held scanner, a real holder on a full tmpfs.
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
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
import { STORE_FILE } from '../../../src/main/store/db';
import type { ReclaimResult } from '../../../src/shared/heldModels';

const MiB = 1024 * 1024;
let dataDir: string;
let env: Record<string, string>;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'spoolscope-reclaim-cli-'));
  env = { SPOOLSCOPE_DATA_DIR: dataDir };
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

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
    expect(r.stdout).toMatch(/^plan plan-\S+: 1 file of pid \d+ to truncate, expected to free 6\.00 MiB \(nothing was done\)/);
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
    expect(r.stdout).toMatch(/skipped \[mapped\]: pid \d+ fd \d+ .*memory-mapped by the process itself: truncating would kill it with SIGBUS; restart /);
    expect(isAlive(mapped.pid)).toBe(true);
  });
});
