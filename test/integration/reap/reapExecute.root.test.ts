// Reaping partitions against the kernel: a real day-partitioned store on its own tmpfs (so statvfs sees only
// what the reap does), real writer and flock processes, files replaced between plan and execution, hard
// links, symlinks, a mount inside the root, and hostile names. Everything through the backend's dispatcher.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, type Stats, readdirSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { buildDayStore, hardLink, startFlocker, startWriter, writeFile, writeHostileLogs, YEAR_START, DAY_S, type Day, type Helper } from '../../support/reapLab';
import { makeTempDir } from '../../support/tempDir';
import { appRoot } from '../../support/cli';
import { parseReapFacts, reapFactsArgs } from '../../../src/main/core/reap/reapFacts';
import { createBackend, type Backend } from '../../../src/main/backend';
import type { ReapPlan, ReapProgress, ReapResult } from '../../../src/shared/reapModels';
import type { RequestOf, ResponseOf } from '../../../src/shared/contract';

const MiB = 1024 * 1024;
const PWNED = '/tmp/pwned-reap';

let tmp: Tmpfs;
let data: { dir: string; cleanup: () => void };
let backend: Backend;

async function call<M extends 'reap.plan' | 'reap.execute' | 'audit.list' | 'reap.policy.get' | 'reap.policy.set'>(method: M, req: RequestOf<M>): Promise<ResponseOf<M>> {
  const r = await backend.dispatcher.call(method, req, { frontDoor: 'cli' });
  if (!r.ok) throw new Error(`${method}: ${r.code}: ${r.message}`);
  return r.result as ResponseOf<M>;
}
const plan = (req: RequestOf<'reap.plan'>): Promise<ReapPlan> => call('reap.plan', req);
const execute = (planId: string): Promise<ReapResult> => call('reap.execute', { planId });

function freshRoot(name: string): string {
  const root = join(tmp.dir, name);
  mkdirSync(root);
  return root;
}

describe.skipIf(!isRoot)('reap: a day-partitioned store over its cap', () => {
  let root: string;
  let days: Day[];
  let writer: Helper;
  let flocker: Helper;
  let p: ReapPlan;
  let result: ReapResult;
  let usedBefore: number;
  let day5: Stats;
  const progress: ReapProgress[] = [];

  beforeAll(async () => {
    tmp = mountTmpfs(64);
    data = makeTempDir('reap-data');
    backend = createBackend({ dataDir: data.dir, frontDoor: 'cli' });
    // Every store below lives under this configured root.
    backend.store.roots.add('local', tmp.dir);
    root = freshRoot('store');
    // Ten days of 1 MiB; a cap of 4.5 MiB needs six days gone.
    days = buildDayStore(root, 10, MiB);
    writer = await startWriter(join(root, days[1].rel, 'logs.sqlite-wal'));
    flocker = await startFlocker(join(root, days[2].rel, 'logs.sqlite'));
    p = await plan({ node: 'local', root, policy: { maxBytes: 4.5 * MiB, maxAgeDays: null, keepNewest: 2 } });
    usedBefore = usedBytes(tmp.dir);
    day5 = statSync(join(root, '2026/005/logs.sqlite'));
    const stop = backend.events.listen((event, payload) => {
      if (event === 'reap.progress') progress.push(payload as ReapProgress);
    });
    result = await execute(p.planId);
    stop();
  });

  afterAll(async () => {
    await backend?.close();
    await stopAllHolders();
    tmp?.unmount();
    data?.cleanup();
  });

  it('plans the oldest partitions first, judged by their newest mtime, until the root is under its cap', () => {
    expect(p.entries.map((e) => e.path)).toEqual(['2026/001', '2026/004', '2026/005', '2026/006', '2026/007', '2026/008']);
    for (let i = 1; i < p.entries.length; i++) expect(p.entries[i].newestMtime!).toBeGreaterThan(p.entries[i - 1].newestMtime!);
    expect(p.rootAllocatedBytes - p.expectedFreeBytes).toBeLessThanOrEqual(4.5 * MiB);
    expect(p.entries.every((e) => e.because === 'cap')).toBe(true);
  });

  it('lists each file with device, inode, size, allocated bytes and mtime, a SQLite file and its -wal together', () => {
    const day1 = p.entries[0];
    const files = day1.files.filter((f) => f.type === 'file');
    expect(files.map((f) => f.path)).toEqual(['2026/001/logs.sqlite', '2026/001/logs.sqlite-wal']);
    const st = day5;
    const f5 = p.entries[2].files.find((f) => f.path === '2026/005/logs.sqlite')!;
    expect(f5).toMatchObject({ dev: st.dev, ino: st.ino, sizeBytes: st.size, allocatedBytes: st.blocks * 512, mtime: Math.floor(st.mtimeMs / 1000) });
    expect(day1.expectedFreeBytes).toBe(MiB);
  });

  it('skips the partition a process holds open for writing, naming the pid and the process', () => {
    const s = p.skipped.find((x) => x.path === days[1].rel)!;
    expect(s.code).toBe('open-for-writing');
    expect(s.pid).toBe(writer.pid);
    expect(s.reason).toContain(`pid ${writer.pid} (sleep)`);
  });

  it('skips the partition whose SQLite file is flocked, naming the locker', () => {
    const s = p.skipped.find((x) => x.path === days[2].rel)!;
    expect(s.code).toBe('locked');
    expect(s.reason).toMatch(/flock/);
    expect(s.pid).toBe(flocker.pid);
  });

  it('keeps the newest-N floor even though the root is still over its cap without it', () => {
    expect(p.entries.map((e) => e.path)).not.toContain('2026/009');
    expect(p.entries.map((e) => e.path)).not.toContain('2026/010');
  });

  it('removes exactly the planned partitions, and statvfs agrees with the expected bytes', () => {
    expect(result.skipped).toEqual([]);
    expect(result.removedPartitions).toEqual(p.entries.map((e) => e.path));
    for (const e of p.entries) expect(existsSync(join(root, e.path))).toBe(false);
    for (const kept of [days[1], days[2], days[8], days[9]]) for (const f of kept.files) expect(existsSync(join(root, kept.rel, f))).toBe(true);
    expect(result.freedBytes).toBe(p.expectedFreeBytes);
    expect(usedBefore - usedBytes(tmp.dir)).toBe(p.expectedFreeBytes);
    expect(result.audited).toBe(true);
  });

  it('reports progress as coalesced snapshots ending in one "done" with every step counted', () => {
    const mine = progress.filter((x) => x.planId === p.planId);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.filter((x) => x.state === 'done')).toHaveLength(1);
    const last = mine[mine.length - 1];
    expect(last).toMatchObject({ state: 'done', removedFiles: 12, skippedFiles: 0 });
    expect(last.unitsDone).toBe(last.unitsTotal);
  });

  it('leaves the writer and the locker running', () => {
    expect(() => process.kill(writer.pid, 0)).not.toThrow();
    expect(() => process.kill(flocker.pid, 0)).not.toThrow();
  });

  it('wrote an intent row before and a result row after, listed by audit.list', async () => {
    const { entries } = await call('audit.list', { node: 'local', limit: 10 });
    const rows = entries.filter((r) => r.planId === p.planId);
    expect(rows.map((r) => r.phase)).toEqual(['result', 'intent']);
    expect((rows[1].detail as { partitions: { path: string }[] }).partitions.map((x) => x.path)).toEqual(p.entries.map((e) => e.path));
    expect((rows[0].detail as { freedBytes: number }).freedBytes).toBe(result.freedBytes);
  });

  it('refuses to run a plan twice', async () => {
    const r = await backend.dispatcher.call('reap.execute', { planId: p.planId }, { frontDoor: 'cli' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/already executed/);
  });

  it('skips a file replaced (new inode) between plan and execution, and keeps the replacement', async () => {
    const r2 = freshRoot('replaced');
    buildDayStore(r2, 4, 64 * 1024);
    const q = await plan({ node: 'local', root: r2, policy: { maxBytes: null, maxAgeDays: 1, keepNewest: 1 } });
    expect(q.entries.map((e) => e.path)).toEqual(['2026/001', '2026/002', '2026/003']);
    const victim = join(r2, '2026/002/logs.sqlite');
    writeFile(`${victim}.new`, 64 * 1024 * 0.75, YEAR_START + DAY_S);
    renameSync(`${victim}.new`, victim);
    const res = await execute(q.planId);
    // The database changed, so its -wal stays with it: a SQLite set goes whole or not at all.
    expect(res.skipped.map((s) => [s.path, s.code])).toEqual([
      ['2026/002/logs.sqlite', 'changed-since-plan'],
      ['2026/002/logs.sqlite-wal', 'changed-since-plan'],
    ]);
    expect(res.skipped[0].reason).toMatch(/replaced/);
    expect(res.skipped[1].reason).toMatch(/SQLite file set/);
    expect(existsSync(victim)).toBe(true);
    expect(existsSync(`${victim}-wal`)).toBe(true);
    expect(res.removedPartitions).toEqual(['2026/001', '2026/003']);
  });

  it('plans a hard-linked file as freeing nothing, and statvfs agrees', async () => {
    const r3 = freshRoot('linked');
    const outside = join(tmp.dir, 'outside-link');
    writeFile(join(r3, 'app.log.1'), 256 * 1024, YEAR_START);
    writeFile(join(r3, 'app.log.2'), 128 * 1024, YEAR_START - DAY_S);
    hardLink(join(r3, 'app.log.1'), outside);
    writeFile(join(r3, 'app.log'), 1024, YEAR_START + DAY_S);
    const q = await plan({ node: 'local', root: r3, partitions: ['app.log.1', 'app.log.2'], policy: { maxBytes: null, maxAgeDays: null, keepNewest: 0 } });
    const linked = q.entries.find((e) => e.path === 'app.log.1')!;
    expect(linked.files[0]).toMatchObject({ nlink: 2, allocatedBytes: 256 * 1024, freesBytes: 0 });
    expect(linked.expectedFreeBytes).toBe(0);
    expect(q.expectedFreeBytes).toBe(128 * 1024);
    const before = usedBytes(tmp.dir);
    const res = await execute(q.planId);
    expect(res.removedPartitions).toEqual(['app.log.2', 'app.log.1']);
    expect(res.freedBytes).toBe(128 * 1024);
    expect(before - usedBytes(tmp.dir)).toBe(128 * 1024);
    expect(statSync(outside).size).toBe(256 * 1024);
  });

  it('skips a partition reached through a symlink, and one with another filesystem mounted in it', async () => {
    const r4 = freshRoot('links');
    buildDayStore(r4, 3, 64 * 1024);
    const canary = join(tmp.dir, 'canary');
    mkdirSync(canary);
    writeFile(join(canary, 'logs.sqlite'), 4096, YEAR_START);
    symlinkSync(canary, join(r4, '2026/050'));
    const inner = join(r4, '2026/002/mnt');
    mkdirSync(inner);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', inner]);
    try {
      const q = await plan({ node: 'local', root: r4, policy: { maxBytes: 0, maxAgeDays: null, keepNewest: 0 } });
      expect(q.skipped.find((s) => s.path === '2026/050')?.code).toBe('symlink');
      expect(q.skipped.find((s) => s.path === '2026/002')?.code).toBe('other-filesystem');
      expect(q.entries.map((e) => e.path)).toEqual(['2026/001', '2026/003']);
      await execute(q.planId);
      expect(readdirSync(canary)).toEqual(['logs.sqlite']);
      expect(existsSync(join(r4, '2026/002/logs.sqlite'))).toBe(true);
    } finally {
      execFileSync('umount', [inner]);
    }
  });

  it('round-trips hostile names: newlines, quotes, $(...), leading dashes, invalid UTF-8', async () => {
    rmSync(PWNED, { force: true });
    const r5 = freshRoot('hostile');
    writeHostileLogs(r5, 'pwned-reap', [
      // Glob characters: the executor tells names apart with find -path, so "a?" must never stand for "ab".
      'a?.log.5',
      'ab.log.5',
      '[x]*\\.log.6',
    ]);
    mkdirSync(join(r5, '2026/007'), { recursive: true });
    writeFile(join(r5, '2026/007', ' $(id)\n-x'), 8192, YEAR_START + 10);
    // A hostile directory on the way: walked one component at a time, compared with pwd -P byte for byte.
    const sub = join(r5, "-d 'sub' $(id)\n");
    mkdirSync(sub);
    writeFile(join(sub, 'x.log.1'), 8192, YEAR_START + 11);
    writeFile(join(sub, 'x.log.2'), 8192, YEAR_START + 12);
    const q = await plan({ node: 'local', root: r5, policy: { maxBytes: 0, maxAgeDays: null, keepNewest: 0 } });
    expect(q.entries).toHaveLength(10);
    // Shown with invalid UTF-8 and controls escaped; unlinked by the raw bytes.
    expect(q.entries.map((e) => e.path).filter((x) => x.startsWith('bad\\xff\\xfe') && x.endsWith('.log.4'))).toHaveLength(1);
    const res = await execute(q.planId);
    expect(res.skipped).toEqual([]);
    expect(res.removed).toHaveLength(10);
    expect(readdirSync(r5).sort()).toEqual(["-d 'sub' $(id)\n", '2026']);
    expect(readdirSync(sub)).toEqual([]);
    expect(existsSync(PWNED)).toBe(false);
  });

  it('refuses to plan under a directory that is not a configured root, and under "/"', async () => {
    const r = await backend.dispatcher.call('reap.plan', { node: 'local', root: '/usr/lib', policy: { maxBytes: 0, maxAgeDays: null, keepNewest: 0 } }, { frontDoor: 'cli' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.code, r.message]).toEqual(['forbidden', expect.stringMatching(/^\/usr\/lib is not under a configured root of local \(\/var\/log, .*\): add it as a root first/)]);
    const slash = await backend.dispatcher.call('reap.plan', { node: 'local', root: '/' }, { frontDoor: 'cli' });
    expect(slash.ok).toBe(false);
  });

  it('as root, processes that exit while the facts probe runs are gone, not hidden: no "run as root" warning', async () => {
    const script = readFileSync(join(appRoot, 'resources/probe/reap-facts.sh'), 'utf8');
    // Short-lived processes, as a busy node (or this test run) starts and reaps them all the time.
    const churn = spawn('/bin/sh', ['-c', 'while :; do /bin/true; /bin/true; /bin/true; done'], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 20; i++) {
        const r = await new Promise<Buffer>((resolve) => {
          const p = spawn('/bin/sh', ['-c', script], { stdio: ['pipe', 'pipe', 'ignore'] });
          const out: Buffer[] = [];
          p.stdout.on('data', (b: Buffer) => out.push(b));
          p.on('close', () => resolve(Buffer.concat(out)));
          p.stdin.end(reapFactsArgs(tmp.dir, [tmp.dir]).map((a) => `${a}\0`).join(''));
        });
        expect(parseReapFacts(r).hiddenProcesses, `run ${i}`).toBe(0);
      }
    } finally {
      churn.kill('SIGKILL');
    }
  });

  it('run as another user, the facts probe says how many processes it could not see', () => {
    const script = readFileSync(join(appRoot, 'resources/probe/reap-facts.sh'), 'utf8');
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '/bin/sh', '-c', script], { input: reapFactsArgs(tmp.dir, [tmp.dir]).map((a) => `${a}\0`).join('') });
    const facts = parseReapFacts(r.stdout);
    expect(facts.root?.path).toBe(tmp.dir);
    // This suite's writer and locker run as root: invisible to nobody, and counted as such.
    expect(facts.openFds.some((o) => o.pid === writer.pid)).toBe(false);
    expect(facts.hiddenProcesses).toBeGreaterThan(0);
  });

  it('saves a policy per root and plans with it when none is given', async () => {
    const r6 = freshRoot('saved');
    buildDayStore(r6, 5, 64 * 1024);
    const saved = await call('reap.policy.set', { node: 'local', root: r6, policy: { maxBytes: null, maxAgeDays: 1, keepNewest: 3 } });
    expect(saved).toEqual({ maxBytes: null, maxAgeDays: 1, keepNewest: 3 });
    expect(await call('reap.policy.get', { node: 'local', root: `${r6}/` })).toEqual(saved);
    expect(await call('reap.policy.get', { node: 'local', root: join(tmp.dir, 'none') })).toEqual({ maxBytes: null, maxAgeDays: null, keepNewest: 2 });
    const q = await plan({ node: 'local', root: r6 });
    expect(q.entries.map((e) => e.path)).toEqual(['2026/001', '2026/002']);
    expect(q.skipped.filter((s) => s.code === 'floor').map((s) => s.path)).toEqual(['2026/003', '2026/004', '2026/005']);
  });
});
