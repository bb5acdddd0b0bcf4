// The boundaries of a reap on a real kernel: same-filesystem bind mounts (find -xdev and device numbers cannot
// see them; mount ids can), roots that are symlinks out of every configured root or to /, / and the system
// directories themselves, a root changed between plan and execution, and writers and locks that arrive after
// the plan. Directories outside the roots are compared before and after by path, type, content and target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import {
  bindMountInPartitions,
  bindMountSwappedIn,
  fileMountedOver,
  HOSTILE_MOUNT_NAME,
  lateWriterAndLock,
  NOTHING,
  rootMountedOver,
  rootMovedBehindSymlink,
  symlinkRoots,
  unmountBinds,
  type BoundaryLab,
} from '../../support/reapBoundaries';
import { makeTempDir } from '../../support/tempDir';
import { Reaper } from '../../../src/main/services/reap/reaper';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { displayName } from '../../../src/main/core/common/displayName';
import { parseReapFacts, reapFactsArgs } from '../../../src/main/core/reap/reapFacts';
import { appRoot } from '../../support/cli';

let tmp: Tmpfs;
let data: { dir: string; cleanup: () => void };
let store: StateStore;
let lab: BoundaryLab;

describe.skipIf(!isRoot)('reap boundaries: mounts, symlinked roots, system directories, late writers', () => {
  beforeAll(() => {
    tmp = mountTmpfs(64);
    data = makeTempDir('reap-bounds');
    store = openStateStore({ dataDir: data.dir });
    const work = join(tmp.dir, 'work');
    mkdirSync(work);
    const reaper = new Reaper({ transportFor: () => new LocalTransport(), store, onProgress: () => {}, scanReference: () => null });
    lab = { reaper, store, node: 'local', work };
  });

  afterAll(async () => {
    await stopAllHolders();
    unmountBinds();
    store?.close();
    tmp?.unmount();
    data?.cleanup();
  });

  it('never enters a same-filesystem bind mount in a partition: the partition is skipped mount-point, nothing outside is touched', async () => {
    const o = await bindMountInPartitions(lab);
    expect(o.plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/004']);
    expect(o.plan.skipped.map((s) => [s.path, s.code])).toEqual([
      ['2026/002', 'mount-point'],
      ['2026/003', 'mount-point'],
    ]);
    // The hostile mount point (space, tab, newline, backslash, glob characters) was decoded from mountinfo.
    expect(o.plan.skipped[0].reason).toContain(displayName(`2026/002/${HOSTILE_MOUNT_NAME}`));
    expect(o.plan.entries.flatMap((e) => e.files).map((f) => f.path).filter((p) => p.includes('secret'))).toEqual([]);
    expect(o.result.removedPartitions).toEqual(['2026/001', '2026/004']);
    expect(o.outsideAfter).toEqual(o.outsideBefore);
    // The probe itself lists each mount point (raw name, decoded from mountinfo) and nothing below it.
    const facts = parseReapFacts(spawnSync('/bin/sh', ['-c', readFileSync(join(appRoot, 'resources/probe/reap-facts.sh'), 'utf8')], { input: reapFactsArgs(o.root, [o.root]).map((a) => `${a}\0`).join('') }).stdout);
    const mounts = [...facts.mountPoints.keys()].sort();
    expect(mounts).toEqual(['2026/002/' + HOSTILE_MOUNT_NAME, '2026/003']);
    const listed = facts.entries.map((e) => e.rel);
    expect(listed).toEqual(expect.arrayContaining(mounts));
    expect(listed.filter((rel) => mounts.some((m) => rel.startsWith(`${m}/`)))).toEqual([]);
  });

  it('refuses, by mount id, a planned directory moved out and bind-mounted back between plan and execution', async () => {
    const o = await bindMountSwappedIn(lab);
    expect(o.plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/002', '2026/003']);
    // Same device, inode and physical path as planned: only the mount differs. (The directory itself stays
    // too, explained by its files.)
    expect(o.result.skipped.map((s) => [s.path, s.code])).toEqual([
      ['2026/002/logs.sqlite', 'mount-point'],
      ['2026/002/logs.sqlite-wal', 'mount-point'],
    ]);
    expect(o.result.skipped[0].reason).toMatch(/another mount/);
    expect(o.result.removedPartitions).toEqual(['2026/001', '2026/003']);
    expect(o.outsideAfter).toEqual(o.outsideBefore);
    expect(existsSync(join(o.moved, 'logs.sqlite'))).toBe(true);
  });

  it('cannot unlink a planned name mounted over by an outside link of the same inode (type, inode, size, mtime all match)', async () => {
    const o = await fileMountedOver(lab);
    expect(o.result.skipped.map((s) => [s.path, s.code])).toEqual([
      ['2026/001/logs.sqlite', 'failed'],
      ['2026/001/logs.sqlite-wal', 'changed-since-plan'],
    ]);
    expect(o.result.skipped[0].reason).toMatch(/unlink failed \(busy/);
    expect(o.result.removedPartitions).toEqual(['2026/002']);
    expect(o.outsideAfter).toEqual(o.outsideBefore);
  });

  it('refuses a root mounted over (itself, bind) since the plan, and one moved behind a symlink: nothing removed', async () => {
    const over = await rootMountedOver(lab);
    expect(over.plan.entries).toHaveLength(2);
    expect(over.result.removed).toEqual([]);
    expect(new Set(over.result.skipped.map((s) => s.code))).toEqual(new Set(['mount-point']));
    expect(over.result.skipped[0].reason).toMatch(/root is on another mount than planned/);
    expect(over.outsideAfter).toEqual(over.outsideBefore);

    const moved = await rootMovedBehindSymlink(lab);
    expect(moved.plan.entries).toHaveLength(2);
    expect(moved.result.removed).toEqual([]);
    expect(new Set(moved.result.skipped.map((s) => s.code))).toEqual(new Set(['changed-since-plan']));
    expect(moved.result.skipped[0].reason).toMatch(/root is not the planned directory/);
    expect(moved.outsideAfter).toEqual(moved.outsideBefore);
  });

  it('refuses a root that is a symlink out of every configured root, or to /, and allows a configured root that is a symlink', async () => {
    const o = await symlinkRoots(lab);
    expect(o.escape.plan.entries).toEqual([]);
    expect(o.escape.plan.skipped.map((s) => [s.path, s.code])).toEqual([[join(lab.work, 'link-root/app'), 'outside-roots']]);
    expect(o.escape.plan.skipped[0].reason).toContain(`resolves to ${join(lab.work, 'link-elsewhere')}`);
    expect(o.escape.plan.physicalRoot).toBe(join(lab.work, 'link-elsewhere'));
    expect(o.escape.result.removed).toEqual([]);
    expect(o.escape.outsideAfter).toEqual(o.escape.outsideBefore);

    expect(o.slash.plan.physicalRoot).toBe('/');
    expect(o.slash.plan.skipped.map((s) => s.code)).toEqual(['system-directory']);
    expect(o.slash.plan).toMatchObject({ entries: [], partitions: 0 });
    // Refused before anything is listed (the plan holds no entry and no partition); its time is only reported.
    console.log(`plan of / refused in ${o.slash.ms} ms`);

    expect(o.linkedRoot.plan.physicalRoot).toBe(o.linkedRoot.physical);
    expect(o.linkedRoot.plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/002']);
    expect(o.linkedRoot.result.removedPartitions).toEqual(['2026/001', '2026/002']);
    expect(existsSync(join(o.linkedRoot.physical, '2026/003/logs.sqlite'))).toBe(true);

    expect(o.configuredSlash.itself.skipped.map((s) => s.code)).toEqual(['system-directory']);
    // A configured root resolving to / grants no scope: /usr/share through it is outside every root.
    expect(o.configuredSlash.usrShare.skipped.map((s) => s.code)).toEqual(['outside-roots']);
    expect(o.configuredSlash.usrShare.partitions).toBe(0);
  });

  it('refuses a configured root of /usr itself, and allows /var/log (judged, never reaped)', async () => {
    store.roots.add('local', '/usr');
    const usr = await lab.reaper.plan({ node: 'local', root: '/usr', policy: NOTHING });
    expect(usr.skipped).toEqual([expect.objectContaining({ path: '/usr', code: 'system-directory' })]);
    expect(usr.partitions).toBe(0);
    const varLog = await lab.reaper.plan({ node: 'local', root: '/var/log', policy: NOTHING });
    expect(varLog.physicalRoot).toBe('/var/log');
    expect(varLog.entries).toEqual([]);
    expect(varLog.skipped.filter((s) => s.code === 'system-directory' || s.code === 'outside-roots')).toEqual([]);
  });

  it('skips a file opened for writing, and one flocked, after the plan, naming the pid and the process', async () => {
    const o = await lateWriterAndLock(lab);
    expect(o.plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/002', '2026/003', '2026/004', '2026/005']);
    expect(o.result.skipped.map((s) => [s.path, s.code, s.pid, s.comm])).toEqual([
      ['2026/002/logs.sqlite', 'open-for-writing', o.writer.pid, 'sleep'],
      ['2026/002/logs.sqlite-wal', 'open-for-writing', o.writer.pid, 'sleep'],
      ['2026/004/logs.sqlite', 'locked', o.flocker.pid, 'python3'],
      ['2026/004/logs.sqlite-wal', 'locked', o.flocker.pid, 'python3'],
    ]);
    expect(o.result.skipped[0].reason).toBe(`open for writing by pid ${o.writer.pid} (sleep) at the moment of action (opened since the plan): not removed`);
    expect(o.result.skipped[2].reason).toMatch(/flock held by pid \d+ \(python3\)/);
    for (const f of ['2026/002/logs.sqlite', '2026/002/logs.sqlite-wal', '2026/004/logs.sqlite', '2026/004/logs.sqlite-wal']) expect(existsSync(join(o.root, f))).toBe(true);
    expect(o.result.removedPartitions).toEqual(['2026/001', '2026/003', '2026/005']);
    expect(() => process.kill(o.writer.pid, 0)).not.toThrow();
  });
});
