// First run on a node whose disk is 100% full: the state store cannot even be created there. Spoolscope
// must still scan and reclaim, on a temporary store it names, removed at the end, with audit rows that say
// they are not kept.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreOrTemporary, temporaryStoreParents } from '../../../src/main/store/storeOrTemporary';
import { isDiskRefusal } from '../../../src/main/store/diskRefusal';
import { auditTrail } from '../../../src/main/services/common/auditTrail';
import type { HeldReport, ReclaimResult } from '../../../src/shared/heldModels';
import { runCli } from '../../support/cli';
import { startHolder, type Holder } from '../../support/holders';
import { fillToFull, mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { isAlive } from '../../support/reclaimHelpers';

const MiB = 1024 * 1024;
let full: Tmpfs;
let parent: string;

beforeAll(() => {
  if (!isRoot) return;
  full = mountTmpfs(8);
  fillToFull(full.dir);
  parent = mkdtempSync(join(tmpdir(), 'spoolscope-temp-stores-'));
});
afterAll(async () => {
  await stopAllHolders();
  full?.unmount();
  if (parent) rmSync(parent, { recursive: true, force: true });
});

describe.skipIf(!isRoot)('state store on a full disk', () => {
  it('falls back to a temporary store that works, says why and where, and is removed at the end', () => {
    const opened = openStoreOrTemporary({ dataDir: join(full.dir, 'data') }, [parent]);
    try {
      expect(opened.notice).toMatch(/cannot (open|prepare) the state store .*: database or disk is full\. This run uses a temporary state store in /);
      expect(opened.notice).toContain('not kept');
      const dir = readdirSync(parent).map((n) => join(parent, n));
      expect(dir).toHaveLength(1);
      expect(opened.notice).toContain(dir[0]);
      expect(opened.store.temporaryNotice).toBe(opened.notice);
      expect(opened.store.roots.add('local', '/var/spool').map((r) => r.path)).toContain('/var/spool');
      expect(opened.store.audit.append({ node: 'local', action: 'test', phase: 'intent', planId: null, detail: {} })).toBeGreaterThan(0);
    } finally {
      opened.store.close();
      opened.removeTemporary();
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it('opens the real store when it can, and makes no temporary one', () => {
    const ok = mkdtempSync(join(tmpdir(), 'spoolscope-store-ok-'));
    try {
      const opened = openStoreOrTemporary({ dataDir: ok }, [parent]);
      expect(opened.notice).toBeNull();
      expect(opened.store.temporaryNotice).toBeNull();
      opened.store.close();
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      rmSync(ok, { recursive: true, force: true });
    }
  });

  it('does not fall back for a wrong path, only for a disk that refuses writes', () => {
    expect(() => openStoreOrTemporary({ dataDir: '/dev/null/spoolscope' }, [parent])).toThrow(/ENOTDIR/);
    expect(readdirSync(parent)).toEqual([]);
    expect(isDiskRefusal(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskRefusal(new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'SQLITE_FULL' }) }))).toBe(true);
    expect(isDiskRefusal(Object.assign(new Error('EROFS: read-only file system, mkdir'), { code: 'EROFS' }))).toBe(true);
    expect(isDiskRefusal(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))).toBe(false);
  });

  it('fails with both reasons when no temporary store can be made either', () => {
    expect(() => openStoreOrTemporary({ dataDir: join(full.dir, 'data') }, [join(full.dir, 'nope')])).toThrow(/database or disk is full; no temporary store could be made either \(.*nope/);
  });

  it('marks every audit trail on a temporary store as not kept', () => {
    const opened = openStoreOrTemporary({ dataDir: join(full.dir, 'data') }, [parent]);
    try {
      const trail = auditTrail(opened.store, 'local', 'held.reclaim', 'plan-1');
      trail.write('intent', { x: 1 });
      expect(trail.errors).toHaveLength(1);
      expect(trail.errorText()).toBe('the audit log is not kept: the state store is a temporary one this run (the real one could not be opened)');
      expect(opened.store.audit.list('local', 10)).toHaveLength(1);
    } finally {
      opened.store.close();
      opened.removeTemporary();
    }
  });

  it('lists the temporary places best first: memory-backed ones before the temp dir', () => {
    expect(temporaryStoreParents({ XDG_RUNTIME_DIR: '/run/user/0' })).toEqual(['/dev/shm', '/run/user/0', tmpdir()]);
    expect(temporaryStoreParents({})).toEqual(['/dev/shm', tmpdir()]);
  });
});

describe.skipIf(!isRoot)('the CLI on a full disk, first run', () => {
  let holder: Holder;
  const env = () => ({ SPOOLSCOPE_DATA_DIR: join(full.dir, 'cli-data') });
  const temporaryDirIn = (stderr: string) => /temporary state store in (\S+), removed/.exec(stderr)?.[1];

  beforeAll(async () => {
    // The holder's file goes on the same full disk: freeing it is the point of the run.
    rmSync(join(full.dir, 'fill'), { force: true });
    holder = await startHolder({ dir: full.dir, name: 'spool-1', mode: 'append', bytes: 3 * MiB });
    fillToFull(full.dir);
  });

  it('shows held files, saying on stderr that nothing of this run is kept, and leaves nothing behind', () => {
    expect(usedBytes(full.dir)).toBe(8 * MiB);
    const r = runCli(['held', '--json'], env());
    expect([0, 3]).toContain(r.status);
    expect(r.stderr).toMatch(/^spoolscope: cannot (open|prepare) the state store .*database or disk is full\. This run uses a temporary state store in /);
    const report = JSON.parse(r.stdout) as HeldReport;
    expect(report.holders.find((h) => h.pid === holder.pid)?.heldBytes).toBe(3 * MiB);
    const temp = temporaryDirIn(r.stderr);
    expect(temp).toBeDefined();
    expect(existsSync(temp!)).toBe(false);
  });

  it('runs even where the data directory itself cannot be made (no inode left)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spoolscope-no-inodes-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,nr_inodes=16', 'tmpfs', dir]);
    try {
      for (let i = 0; ; i++) {
        try {
          writeFileSync(join(dir, `f${i}`), '');
        } catch {
          break; // ENOSPC: no inode left
        }
      }
      const r = runCli(['df', '--json'], { SPOOLSCOPE_DATA_DIR: join(dir, 'data') });
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/no space left on device.*This run uses a temporary state store in /i);
      expect(existsSync(join(dir, 'data'))).toBe(false);
      expect(JSON.parse(r.stdout).filesystems.length).toBeGreaterThan(0);
    } finally {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reclaims on the full disk, measured by statvfs, with the audit marked as not kept', () => {
    const before = usedBytes(full.dir);
    const r = runCli(['reclaim-held', '--pid', String(holder.pid), '--yes', '--json'], env());
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as ReclaimResult;
    expect(result.freedBytes).toBe(3 * MiB);
    expect(before - usedBytes(full.dir)).toBe(3 * MiB);
    expect(result.audited).toBe(false);
    expect(result.auditError).toMatch(/temporary one this run/);
    expect(r.stderr).toMatch(/AUDIT LOG NOT KEPT/);
    expect(isAlive(holder.pid)).toBe(true);
  });
});
