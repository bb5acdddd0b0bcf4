// The reaping suite over SSH: the same probe and executor text run through a real sshd on 127.0.0.1 (this
// machine, so the files, writers and locks are the ones the test made). Plans over SSH equal plans made
// locally; writers, flocks, replaced files, hard links, hostile names, a full tmpfs and a symlink-swapping
// race behave as they do locally, and so do the boundaries (bind mounts, symlinked roots, late writers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillToFull, mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { buildDayStore, DAY_S, hardLink, startFlocker, startWriter, writeFile, writeHostileLogs, YEAR_START, type Helper } from '../../support/reapLab';
import { symlinkRace } from '../../support/reapRace';
import { bindMountInPartitions, bindMountSwappedIn, lateWriterAndLock, symlinkRoots, unmountBinds, type BoundaryLab } from '../../support/reapBoundaries';
import { startSshd, type Sshd } from '../../support/sshd';
import { sshTransportTo } from '../../support/sshTransportTo';
import { makeTempDir } from '../../support/tempDir';
import { runCli } from '../../support/cli';
import { Reaper } from '../../../src/main/services/reap/reaper';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { SshTransport } from '../../../src/main/transport/ssh/sshTransport';
import type { ReapPlan, ReapPolicy } from '../../../src/shared/reapModels';

const MiB = 1024 * 1024;
const PWNED = '/tmp/pwned-reap-ssh';

let sshd: Sshd;
let ssh: SshTransport;
let tmp: Tmpfs;
let data: { dir: string; cleanup: () => void };
let store: StateStore;
let reaper: Reaper;
let localReaper: Reaper;

function policy(p: Partial<ReapPolicy>): ReapPolicy {
  return { maxBytes: null, maxAgeDays: null, keepNewest: 2, ...p };
}

function freshRoot(name: string): string {
  const root = join(tmp.dir, name);
  mkdirSync(root);
  return root;
}

/** A plan without what differs from one run to the next. */
function comparable(p: ReapPlan) {
  const { planId: _id, createdAt: _at, node: _node, filesystem, ...rest } = p;
  return { ...rest, mount: filesystem?.mount };
}

describe.skipIf(!isRoot)('reaping over SSH (real sshd on 127.0.0.1)', () => {
  beforeAll(async () => {
    sshd = await startSshd();
    ssh = sshTransportTo(sshd);
    tmp = mountTmpfs(48);
    data = makeTempDir('reap-ssh');
    store = openStateStore({ dataDir: data.dir });
    store.roots.add('lab', tmp.dir);
    store.roots.add('local', tmp.dir);
    reaper = new Reaper({ transportFor: () => ssh, store, onProgress: () => {}, scanReference: () => null });
    localReaper = new Reaper({ transportFor: () => new LocalTransport(), store, onProgress: () => {}, scanReference: () => null });
  });

  afterAll(async () => {
    await stopAllHolders();
    await ssh?.close();
    await sshd?.stop();
    store?.close();
    tmp?.unmount();
    data?.cleanup();
  });

  describe('a store over its cap, with a writer and a flock', () => {
    let root: string;
    let writer: Helper;
    let flocker: Helper;
    let plan: ReapPlan;

    beforeAll(async () => {
      root = freshRoot('store');
      buildDayStore(root, 8, MiB);
      writer = await startWriter(join(root, '2026/002/logs.sqlite-wal'));
      flocker = await startFlocker(join(root, '2026/003/logs.sqlite'));
      plan = await reaper.plan({ node: 'lab', root, policy: policy({ maxBytes: 4 * MiB }) });
    });

    it('plans over SSH exactly what the same probe plans locally', async () => {
      const local = await localReaper.plan({ node: 'local', root, policy: policy({ maxBytes: 4 * MiB }) });
      expect(comparable(plan)).toEqual(comparable(local));
    });

    it('keeps the written and the flocked partitions, naming their processes, and the floor', () => {
      expect(plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/004', '2026/005', '2026/006']);
      expect(plan.skipped.map((s) => [s.path, s.code, s.pid])).toEqual([
        ['2026/002', 'open-for-writing', writer.pid],
        ['2026/003', 'locked', flocker.pid],
      ]);
    });

    it('reaps over SSH what it planned, and statvfs agrees', async () => {
      const before = usedBytes(tmp.dir);
      const result = await reaper.execute(plan.planId);
      expect(result.skipped).toEqual([]);
      expect(result.removedPartitions).toEqual(plan.entries.map((e) => e.path));
      expect(result.freedBytes).toBe(plan.expectedFreeBytes);
      expect(before - usedBytes(tmp.dir)).toBe(4 * MiB);
      expect(existsSync(join(root, '2026/002/logs.sqlite-wal'))).toBe(true);
      expect(existsSync(join(root, '2026/003/logs.sqlite'))).toBe(true);
    });
  });

  it('skips a file replaced between plan and execution; a hard-linked file frees nothing', async () => {
    const root = freshRoot('changes');
    writeFile(join(root, 'a.log.1'), 64 * 1024, YEAR_START);
    writeFile(join(root, 'b.log.1'), 64 * 1024, YEAR_START - DAY_S);
    writeFile(join(root, 'c.log.1'), 64 * 1024, YEAR_START - 2 * DAY_S);
    hardLink(join(root, 'c.log.1'), join(tmp.dir, 'c-outside'));
    const plan = await reaper.plan({ node: 'lab', root, policy: policy({ maxBytes: 0, keepNewest: 0 }) });
    expect(plan.entries.find((e) => e.path === 'c.log.1')?.expectedFreeBytes).toBe(0);
    writeFile(join(root, 'b.new'), 64 * 1024, YEAR_START - DAY_S);
    renameSync(join(root, 'b.new'), join(root, 'b.log.1'));
    const before = usedBytes(tmp.dir);
    const result = await reaper.execute(plan.planId);
    expect(result.skipped.map((s) => [s.path, s.code])).toEqual([['b.log.1', 'changed-since-plan']]);
    expect(result.removedPartitions).toEqual(['c.log.1', 'a.log.1']);
    expect(result.freedBytes).toBe(64 * 1024);
    expect(before - usedBytes(tmp.dir)).toBe(64 * 1024);
    expect(existsSync(join(root, 'b.log.1'))).toBe(true);
  });

  it('round-trips hostile names over SSH', async () => {
    rmSync(PWNED, { force: true });
    const root = freshRoot('hostile');
    writeHostileLogs(root, 'pwned-reap-ssh');
    const plan = await reaper.plan({ node: 'lab', root, policy: policy({ maxBytes: 0, keepNewest: 0 }) });
    expect(plan.entries).toHaveLength(4);
    const result = await reaper.execute(plan.planId);
    expect(result.skipped).toEqual([]);
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync(PWNED)).toBe(false);
  });

  it('plans and reaps over SSH on a filesystem at 100%', async () => {
    const small = mountTmpfs(12);
    try {
      const root = join(small.dir, 'store');
      mkdirSync(root);
      store.roots.add('lab', root);
      buildDayStore(root, 5, MiB);
      fillToFull(small.dir);
      const plan = await reaper.plan({ node: 'lab', root, policy: policy({ maxBytes: 2 * MiB }) });
      expect(plan.filesystem?.availBytes).toBe(0);
      expect(plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/002', '2026/003']);
      const result = await reaper.execute(plan.planId);
      expect(result.freedBytes).toBe(3 * MiB);
    } finally {
      small.unmount();
    }
  });

  it('plan and reap through the CLI with --ssh: two processes, one plan, removed on the node', () => {
    const root = freshRoot('cli');
    buildDayStore(root, 4, 256 * 1024);
    const kh = join(data.dir, 'cli_known_hosts');
    writeFileSync(kh, sshd.knownHostsLine + '\n');
    const env = { SPOOLSCOPE_DATA_DIR: join(data.dir, 'cli-state') };
    const flags = ['--ssh', `${sshd.user}@127.0.0.1:${sshd.port}`, '--identity', sshd.identityFile, '--known-hosts', kh];
    const planned = runCli(['plan', root, '--add-root', '--max-bytes', String(512 * 1024), '--keep-newest', '1', '--json', ...flags], env);
    expect(planned.stderr).toBe('');
    const plan = JSON.parse(planned.stdout) as ReapPlan;
    expect(plan.node).toBe(`${sshd.user}@127.0.0.1:${sshd.port}`);
    expect(plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/002']);
    const before = usedBytes(tmp.dir);
    const reaped = runCli(['reap', plan.planId, '--yes', '--json', ...flags], env);
    expect(reaped.stderr).toBe('');
    const result = JSON.parse(reaped.stdout) as { removed: unknown[]; freedBytes: number };
    expect(result.removed).toHaveLength(4);
    expect(result.freedBytes).toBe(512 * 1024);
    expect(before - usedBytes(tmp.dir)).toBe(512 * 1024);
  });

  describe('boundaries over SSH: the same probe and executor text, mounts and processes of this machine', () => {
    let boundary: Tmpfs;
    let lab: BoundaryLab;

    beforeAll(() => {
      // Its own tmpfs, outside every root this suite configures: "outside the roots" must be outside.
      boundary = mountTmpfs(32);
      const work = join(boundary.dir, 'work');
      mkdirSync(work);
      lab = { reaper, store, node: 'lab', work };
    });

    afterAll(() => {
      unmountBinds();
      boundary?.unmount();
    });

    it('skips a partition holding a same-filesystem bind mount, and refuses one bind-mounted in after the plan', async () => {
      const inPlace = await bindMountInPartitions(lab);
      expect(inPlace.plan.skipped.map((s) => [s.path, s.code])).toEqual([
        ['2026/002', 'mount-point'],
        ['2026/003', 'mount-point'],
      ]);
      expect(inPlace.result.removedPartitions).toEqual(['2026/001', '2026/004']);
      expect(inPlace.outsideAfter).toEqual(inPlace.outsideBefore);
      const swapped = await bindMountSwappedIn(lab);
      expect(swapped.result.skipped.map((s) => [s.path, s.code])).toEqual([
        ['2026/002/logs.sqlite', 'mount-point'],
        ['2026/002/logs.sqlite-wal', 'mount-point'],
      ]);
      expect(swapped.outsideAfter).toEqual(swapped.outsideBefore);
    });

    it('refuses roots that are symlinks out of every configured root or to /', async () => {
      const o = await symlinkRoots(lab);
      expect(o.escape.plan.skipped.map((s) => s.code)).toEqual(['outside-roots']);
      expect(o.escape.outsideAfter).toEqual(o.escape.outsideBefore);
      expect(o.slash.plan.skipped.map((s) => s.code)).toEqual(['system-directory']);
      expect(o.linkedRoot.result.removedPartitions).toEqual(['2026/001', '2026/002']);
      expect(o.configuredSlash.usrShare.skipped.map((s) => s.code)).toEqual(['outside-roots']);
    });

    it('skips a file opened for writing, and one flocked, after the plan, naming the pid and the process', async () => {
      const o = await lateWriterAndLock(lab);
      expect(o.result.skipped.map((s) => [s.path, s.code, s.pid, s.comm])).toEqual([
        ['2026/002/logs.sqlite', 'open-for-writing', o.writer.pid, 'sleep'],
        ['2026/002/logs.sqlite-wal', 'open-for-writing', o.writer.pid, 'sleep'],
        ['2026/004/logs.sqlite', 'locked', o.flocker.pid, 'python3'],
        ['2026/004/logs.sqlite-wal', 'locked', o.flocker.pid, 'python3'],
      ]);
      expect(o.result.removedPartitions).toEqual(['2026/001', '2026/003', '2026/005']);
    });
  });

  it('never follows a planned directory (or the one above it) swapped for a symlink to a canary during reaps over SSH', async () => {
    const root = freshRoot('race');
    store.roots.add('lab', root);
    const partition = await symlinkRace({ reaper, node: 'lab', root, work: tmp.dir, rounds: 4, dirs: 8, files: 6, level: 'partition' });
    const year = await symlinkRace({ reaper, node: 'lab', root, work: tmp.dir, rounds: 4, dirs: 4, files: 6, level: 'year' });
    for (const o of [partition, year]) {
      expect(o.canaryIntact).toBe(true);
      expect(o.accounted).toBe(true);
      expect(o.swaps).toBeGreaterThan(300);
      expect([...o.codes].filter((c) => c !== 'gone' && c !== 'symlink')).toEqual([]);
    }
  });
});
