// A data directory the disk will not let Spoolscope write (a read-only mount) is the same emergency as a full
// disk: the run goes on with a temporary store that says why. Here the read-only cases: an existing data
// directory on a read-only mount (SQLite cannot create its file there), one with a store already in it, and
// one whose parent is read-only (it cannot even be made). A wrong path or a permission problem is not a
// disk refusal and still fails, as it is.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../../src/main/store/stateStore';
import { openStoreOrTemporary } from '../../../src/main/store/storeOrTemporary';
import { runCli } from '../../support/cli';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { isRoot } from '../../support/root';

const NOBODY = 65534;
let ro: Tmpfs;
let parent: string;

describe.skipIf(!isRoot)('the state store on a read-only mount', () => {
  beforeAll(() => {
    ro = mountTmpfs(8);
    mkdirSync(join(ro.dir, 'existing'));
    const withStore = join(ro.dir, 'with-store');
    openStateStore({ dataDir: withStore }).close();
    execFileSync('mount', ['-o', 'remount,ro', ro.dir]);
    parent = mkdtempSync(join(tmpdir(), 'spoolscope-temp-stores-'));
  });
  afterAll(() => {
    ro?.unmount();
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it.each([
    ['an existing, empty data directory', 'existing'],
    ['a data directory holding a store', 'with-store'],
    ['a data directory whose parent is read-only (it cannot be made)', 'missing/spoolscope'],
  ])('falls back to a temporary store for %s, naming the read-only file system', (_what, sub) => {
    const opened = openStoreOrTemporary({ dataDir: join(ro.dir, sub) }, [parent]);
    try {
      expect(opened.notice).toMatch(/read-only file system \(EROFS\)/);
      expect(opened.notice).toContain('This run uses a temporary state store in');
      expect(opened.store.roots.add('local', '/srv/spool').map((r) => r.path)).toContain('/srv/spool');
    } finally {
      opened.store.close();
      opened.removeTemporary();
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it('runs the CLI from a read-only data directory, saying on stderr that nothing is kept', () => {
    const r = runCli(['df', '--json'], { SPOOLSCOPE_DATA_DIR: join(ro.dir, 'missing', 'spoolscope') });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/read-only file system \(EROFS\).*temporary state store/s);
    expect(JSON.parse(r.stdout).filesystems.length).toBeGreaterThan(0);
  });

  it('still fails, as it is, for a permission problem (a directory this user may not write)', () => {
    const locked = mkdtempSync(join(tmpdir(), 'spoolscope-locked-'));
    try {
      chmodSync(locked, 0o755);
      const r = runCli(['df', '--json'], { SPOOLSCOPE_DATA_DIR: join(locked, 'data'), HOME: locked }, NOBODY);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/EACCES|permission denied/i);
      expect(r.stderr).not.toMatch(/temporary state store/);
    } finally {
      rmSync(locked, { recursive: true, force: true });
    }
  });

  it('still fails, as it is, for a wrong path (a file where the directory should be)', () => {
    const file = join(parent, 'not-a-dir');
    writeFileSync(file, 'x');
    try {
      expect(() => openStoreOrTemporary({ dataDir: join(file, 'data') }, [parent])).toThrow(/ENOTDIR/);
    } finally {
      rmSync(file);
    }
  });
});
