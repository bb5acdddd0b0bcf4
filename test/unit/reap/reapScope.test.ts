// Scope on physical paths, mount points inside partitions, and the executor's late writers and mounts: the pure
// judgements (the root-only integration tests prove the probe and the executor behave the same on a kernel).
import { describe, expect, it } from 'vitest';
import { buildReapPlan } from '../../../src/main/core/reap/reapPlan';
import { isSystemDirectory, judgeRootIdentities, judgeRootScope } from '../../../src/main/core/reap/reapScope';
import { parseRootIdentity, rootIdentityArgs } from '../../../src/main/core/reap/rootIdentity';
import { parseReapFacts, reapFactsArgs, type FactEntry, type ReapFacts, type ResolvedDir } from '../../../src/main/core/reap/reapFacts';
import { unlinkSkip } from '../../../src/main/core/reap/reapExecutorIO';

const DEV = 2049;
const MNT = 31;
const NOW_S = 1_800_000_000;
const DAY = 86_400;
let nextIno = 500;

function resolved(path: string, mountId = MNT): ResolvedDir {
  return { dev: DEV, ino: nextIno++, mountId, path };
}
function file(rel: string, mtime: number, extra: Partial<FactEntry> = {}): FactEntry {
  return { dev: DEV, ino: nextIno++, type: 'f', size: 4096, blocks: 8, nlink: 1, mtime, rel, ...extra };
}
function dir(rel: string, extra: Partial<FactEntry> = {}): FactEntry {
  return { dev: DEV, ino: nextIno++, type: 'd', size: 4096, blocks: 8, nlink: 2, mtime: NOW_S, rel, ...extra };
}
function facts(root: ResolvedDir, configured: (ResolvedDir | null)[], extra: Partial<ReapFacts> = {}): ReapFacts {
  return {
    root,
    configuredRoots: configured,
    declined: null,
    mountPoints: new Map(),
    filesystem: null,
    entries: [],
    openFds: [],
    comms: new Map(),
    locks: [],
    hiddenProcesses: 0,
    malformed: 0,
    ...extra,
  };
}
/** Days 2026/001..n under the root, day d d days older than the next. */
function days(n: number): FactEntry[] {
  const out = [dir('2026')];
  for (let d = 1; d <= n; d++) {
    const rel = `2026/${String(d).padStart(3, '0')}`;
    out.push(dir(rel), file(`${rel}/a.log`, NOW_S - (n - d + 1) * DAY));
  }
  return out;
}

describe('system directories', () => {
  it('are / and /bin /boot /dev /etc /lib* /proc /run /sbin /sys /usr /var themselves, not what is below them', () => {
    for (const p of ['/', '/bin', '/boot', '/dev', '/etc', '/lib', '/lib64', '/libx32', '/proc', '/run', '/sbin', '/sys', '/usr', '/var']) expect([p, isSystemDirectory(p)]).toEqual([p, true]);
    for (const p of ['/var/log', '/var/lib/docker', '/usr/local/app/logs', '/lib64/x', '/srv', '/home/u/logs', '/usr2', '/variant']) expect([p, isSystemDirectory(p)]).toEqual([p, false]);
  });
});

describe('root scope on physical paths', () => {
  const cfg = ['/var/log'];

  it('allows a root inside a configured root, and one whose configured root is itself a symlink elsewhere', () => {
    expect(judgeRootScope(facts(resolved('/var/log/app'), [resolved('/var/log')]), '/var/log/app', 'n1', cfg)).toBeNull();
    // /var/log -> /data/log on this node: /var/log/app resolving to /data/log/app is inside it.
    expect(judgeRootScope(facts(resolved('/data/log/app'), [resolved('/data/log')]), '/var/log/app', 'n1', cfg)).toBeNull();
  });

  it('refuses a root that is a symlink out of every configured root, naming where it resolves and the roots', () => {
    const r = judgeRootScope(facts(resolved('/srv/other'), [resolved('/var/log')]), '/var/log/app', 'n1', cfg);
    expect(r?.code).toBe('outside-roots');
    expect(r?.reason).toBe('/var/log/app (it resolves to /srv/other) is outside the physical path of every configured root of n1 (/var/log): nothing is reaped there');
  });

  it('refuses / and the system directories a root resolves to, before the scope (a symlink to / is refused as such)', () => {
    for (const phys of ['/', '/usr', '/etc', '/lib64']) {
      const r = judgeRootScope(facts(resolved(phys), [resolved('/var/log')]), '/var/log/slash', 'n1', cfg);
      expect([phys, r?.code]).toEqual([phys, 'system-directory']);
    }
    // Configured and asked for as itself: still refused.
    expect(judgeRootScope(facts(resolved('/usr'), [resolved('/usr')]), '/usr', 'n1', ['/usr'])?.code).toBe('system-directory');
  });

  it('gives no scope through a configured root that resolves to / or a system directory (replaced by a symlink?)', () => {
    const r = judgeRootScope(facts(resolved('/usr/share/doc'), [resolved('/')]), '/home/u/logs/usr/share/doc', 'n1', ['/home/u/logs']);
    expect(r?.code).toBe('outside-roots');
    expect(r?.reason).toMatch(/\(\/home\/u\/logs -> \/\)/);
    // A configured root that could not be resolved on the node grants nothing either.
    expect(judgeRootScope(facts(resolved('/var/log/app'), [null]), '/var/log/app', 'n1', cfg)?.reason).toMatch(/\/var\/log \(not found\)/);
  });

  it('is not fooled by a shared prefix: /var/log2 is not inside /var/log', () => {
    expect(judgeRootScope(facts(resolved('/var/log2/app'), [resolved('/var/log')]), '/var/log/app', 'n1', cfg)?.code).toBe('outside-roots');
  });

  it('keeps the probe’s refusal even where its own reading would allow (the probe listed nothing)', () => {
    const f = facts(resolved('/var/log/app'), [resolved('/var/log')], { declined: 'outside-roots' });
    expect(judgeRootScope(f, '/var/log/app', 'n1', cfg)?.code).toBe('outside-roots');
    expect(judgeRootScope({ ...f, declined: 'system-directory' }, '/var/log/app', 'n1', cfg)?.code).toBe('system-directory');
  });

  it('plans nothing for a refused root: its one skip is the root, with the code', () => {
    const f = facts(resolved('/'), [resolved('/var/log')], { declined: 'system-directory', entries: days(3) });
    const p = buildReapPlan({ planId: 'p', node: 'n1', root: '/var/log/slash', configuredRoots: cfg, createdAt: NOW_S * 1000, facts: f, policy: { maxBytes: 0, maxAgeDays: null, keepNewest: 0 }, manual: null });
    expect(p.plan.entries).toEqual([]);
    expect(p.partitions).toEqual([]);
    expect(p.plan.physicalRoot).toBe('/');
    expect(p.plan.skipped).toEqual([{ path: '/var/log/slash', code: 'system-directory', reason: expect.stringMatching(/resolves to \/\) is \/ or a system directory itself/), pid: null, comm: null }]);
  });

  it('sends the root and the configured roots after a marker and their count', () => {
    expect(reapFactsArgs('/var/log/app', ['/var/log', '/srv/x'])).toEqual(['spoolscope-reap-facts', '2', '/var/log/app', '/var/log', '/srv/x']);
  });

  it('parses an "X" record as a refusal, an unknown word as outside-roots (never as a permission to list)', () => {
    expect(parseReapFacts(Buffer.from('R\t1\t2\t3\t/\0X\tsystem-directory\0')).declined).toBe('system-directory');
    expect(parseReapFacts(Buffer.from('R\t1\t2\t3\t/x\0X\twhatever\0')).declined).toBe('outside-roots');
  });
});

describe('configured roots against the identity recorded when they were configured', () => {
  const cfg = ['/var/log', '/srv/spool'];
  const logs = { dev: DEV, ino: 700, mountId: MNT, path: '/var/log' };
  const spool = { dev: DEV, ino: 701, mountId: MNT, path: '/srv/spool' };
  const planOf = (f: ReapFacts, recorded: Parameters<typeof judgeRootIdentities>[3], root = '/var/log/app') =>
    buildReapPlan({ planId: 'p', node: 'n1', root, configuredRoots: cfg, recordedRoots: recorded, createdAt: NOW_S * 1000, facts: f, policy: { maxBytes: 0, maxAgeDays: null, keepNewest: 0 }, manual: null });

  it('plans under a configured root that is still the recorded directory, recording nothing', () => {
    const f = facts(resolved('/var/log/app'), [{ ...logs }, { ...spool }], { entries: days(2) });
    expect(judgeRootIdentities(f, '/var/log/app', cfg, [logs, spool])).toEqual({ refusal: null, changed: new Set(), firstSeen: [] });
    const p = planOf(f, [logs, spool]);
    expect(p.plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/002']);
    expect(p.firstSeenRoots).toEqual([]);
  });

  it('refuses root-changed when the directory was replaced (another inode), naming it and how to accept it', () => {
    const f = facts(resolved('/var/log/app'), [{ ...logs, ino: 999 }, { ...spool }], { entries: days(2) });
    const p = planOf(f, [logs, spool]);
    expect(p.plan.entries).toEqual([]);
    expect(p.partitions).toEqual([]);
    expect(p.plan.skipped).toEqual([{ path: '/var/log/app', code: 'root-changed', reason: expect.any(String), pid: null, comm: null }]);
    expect(p.plan.skipped[0].reason).toBe(
      'the configured root /var/log is not the directory it was when configured: its inode was 700, now 999 (another directory). Nothing is reaped under it. ' +
        "If the change is intended, remove the root and add it again, which records it as it is now (the window's root list, or spoolscope plan /var/log --re-add-root)",
    );
  });

  it('names every field that changed: a symlink to another directory (path, inode), a mount over it (device, mount id)', () => {
    const linked = judgeRootIdentities(facts(resolved('/data/app'), [{ ...logs, path: '/data', ino: 5 }, spool]), '/var/log/app', cfg, [logs, spool]);
    expect(linked.refusal?.reason).toMatch(/its physical path was \/var\/log, now \/data; its inode was 700, now 5 \(another directory\)\./);
    const mounted = judgeRootIdentities(facts(resolved('/var/log/app'), [{ ...logs, dev: 44, ino: 1, mountId: 612 }, spool]), '/var/log/app', cfg, [logs, spool]);
    expect(mounted.refusal?.reason).toMatch(/its device was 2049, now 44; its inode was 700, now 1 \(another directory\); its mount id was 31, now 612 \(mounted over, or remounted\)/);
    const gone = judgeRootIdentities(facts(resolved('/var/log/app'), [null, spool]), '/var/log/app', cfg, [logs, spool]);
    expect(gone.refusal?.reason).toMatch(/it cannot be resolved now/);
  });

  it('says system-directory rather than root-changed for a root now resolving to one: accepting the change would not help', () => {
    const f = facts(resolved('/etc'), [{ ...logs, path: '/etc', ino: 3 }, spool], { declined: 'system-directory' });
    expect(planOf(f, [logs, spool], '/var/log').plan.skipped.map((s) => s.code)).toEqual(['system-directory']);
  });

  it('gives no scope through another configured root that changed, without refusing a root it does not hold', () => {
    // /srv/spool now resolves to /data (a symlink): it must not make /data/app reapable through /var/log/app -> /data/app.
    const f = facts(resolved('/data/app'), [logs, { ...spool, path: '/data', ino: 9 }], { entries: days(2) });
    const judged = judgeRootIdentities(f, '/var/log/app', cfg, [logs, spool]);
    expect(judged.refusal).toBeNull();
    expect(judged.changed).toEqual(new Set([1]));
    const p = planOf(f, [logs, spool]);
    expect(p.plan.skipped.map((s) => s.code)).toEqual(['outside-roots']);
    expect(p.plan.skipped[0].reason).toMatch(/\/srv\/spool \(changed since configured\)/);
    // Without the identity check the same facts were in scope: the check is what refuses.
    expect(planOf(f, [null, null]).plan.entries.length).toBe(2);
  });

  it('trusts a root with no identity yet on first use: records the one seen now, says so, and only for roots holding the root', () => {
    const f = facts(resolved('/var/log/app'), [{ ...logs }, { ...spool }], { entries: days(2) });
    const p = planOf(f, [null, null]);
    expect(p.plan.entries.length).toBe(2);
    expect(p.firstSeenRoots).toEqual([{ root: '/var/log', identity: logs }]);
    expect(p.plan.warnings.join('\n')).toMatch(/the configured root \/var\/log had no recorded identity: recorded now \(physical path \/var\/log, device 2049, inode 700, mount id 31\), trusted on first use/);
    // A refused plan records nothing.
    const refused = planOf(facts(resolved('/usr'), [{ ...logs }, { ...spool }], { declined: 'system-directory' }), [null, null]);
    expect(refused.firstSeenRoots).toEqual([]);
  });

  it('reads the identity probe’s one record, raw path and all; anything else is no identity', () => {
    expect(rootIdentityArgs('/var/log')).toEqual(['spoolscope-root-identity', '/var/log']);
    expect(parseRootIdentity(Buffer.from('I\t2049\t12\t31\t/var/lo\ng\xff\0', 'latin1'))).toEqual({ dev: 2049, ino: 12, mountId: 31, path: '/var/lo\ng\xff' });
    expect(parseRootIdentity(Buffer.from(''))).toBeNull();
    expect(parseRootIdentity(Buffer.from('I\t2049\tx\t31\t/var/log\0'))).toBeNull();
  });
});

describe('mount points inside partitions', () => {
  const root = resolved('/logs');
  const plan = (f: ReapFacts) =>
    buildReapPlan({ planId: 'p', node: 'n1', root: '/logs', configuredRoots: ['/logs'], createdAt: NOW_S * 1000, facts: f, policy: { maxBytes: 0, maxAgeDays: null, keepNewest: 0 }, manual: null });

  it('skips a partition holding a bind mount of the same filesystem (same device) as mount-point', () => {
    const entries = [...days(3), dir('2026/002/spool')];
    const p = plan(facts(root, [root], { entries, mountPoints: new Map([['2026/002/spool', 88]]) }));
    expect(p.plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/003']);
    expect(p.plan.skipped).toEqual([{ path: '2026/002', code: 'mount-point', reason: expect.stringMatching(/^2026\/002\/spool is a mount point/), pid: null, comm: null }]);
  });

  it('skips a partition that is itself a mount point, and a rotated file bind-mounted in place', () => {
    const entries = [...days(2), file('app.log.1', NOW_S - 9 * DAY)];
    const p = plan(facts(root, [root], { entries, mountPoints: new Map([['2026/001', 90], ['app.log.1', 91]]) }));
    expect(Object.fromEntries(p.plan.skipped.map((s) => [s.path, s.code]))).toEqual({ '2026/001': 'mount-point', 'app.log.1': 'mount-point' });
  });

  it('marks a partition by the path of a mount the listing did not show (mounted after find passed it)', () => {
    const p = plan(facts(root, [root], { entries: days(3), mountPoints: new Map([['2026/003/late/deeper', 92]]) }));
    expect(p.plan.skipped.map((s) => [s.path, s.code])).toEqual([['2026/003', 'mount-point']]);
  });

  it('keeps other-filesystem for a mount of another device, and warns of mount points outside partitions', () => {
    const entries = [...days(2), dir('2026/001/tmp', { dev: 99 }), dir('spool')];
    const p = plan(facts(root, [root], { entries, mountPoints: new Map([['2026/001/tmp', 93], ['spool', 94]]) }));
    expect(p.plan.skipped.map((s) => [s.path, s.code])).toEqual([['2026/001', 'other-filesystem']]);
    expect(p.plan.warnings.join(' ')).toMatch(/1 symlink or mount point under the root was not followed \(spool\)/);
  });

  it('records the root’s mount id in every planned file', () => {
    const p = plan(facts(root, [root], { entries: days(2) }));
    expect(p.rootMountId).toBe(MNT);
    expect(p.plan.entries.flatMap((e) => e.files).every((f) => f.mountId === MNT)).toBe(true);
  });
});

describe('the executor at the moment of action', () => {
  it('names the process behind a late writer or lock, comm with spaces and all', () => {
    expect(unlinkSkip('open-for-writing 4242 flow ctl')).toEqual({ code: 'open-for-writing', reason: 'open for writing by pid 4242 (flow ctl) at the moment of action (opened since the plan): not removed', pid: 4242, comm: 'flow ctl' });
    expect(unlinkSkip('locked 77 FLOCK python3')).toEqual({ code: 'locked', reason: 'locked at the moment of action: flock held by pid 77 (python3): not removed', pid: 77, comm: 'python3' });
    expect(unlinkSkip('locked -1 OFDLCK ')).toMatchObject({ code: 'locked', pid: -1, comm: null });
    expect(unlinkSkip('open-for-writing 9 \u00ff\u00fe').comm).toBe('\\xff\\xfe');
  });

  it('reports a directory or root on another mount as mount-point, a changed root as changed-since-plan', () => {
    expect(unlinkSkip('other-mount')).toMatchObject({ code: 'mount-point', pid: null });
    expect(unlinkSkip('root-other-mount')).toMatchObject({ code: 'mount-point' });
    expect(unlinkSkip('root-changed')).toMatchObject({ code: 'changed-since-plan' });
    expect(unlinkSkip('open-for-writing')).toMatchObject({ code: 'failed' });
  });
});
