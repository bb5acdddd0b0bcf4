// The pure planner: ordering by the newest mtime inside a partition, the floor, the cap, the age, SQLite
// sidecars as one unit, hard links freeing nothing, manual picks against a scan, and the facts parser.
import { describe, expect, it } from 'vitest';
import { bucketLabel } from '../../../src/shared/bucketLabel';
import { buildReapPlan, type ReapPlanInput } from '../../../src/main/core/reap/reapPlan';
import { parseReapFacts, ReapFactsParser, type FactEntry, type ReapFacts } from '../../../src/main/core/reap/reapFacts';
import { parseLocks } from '../../../src/main/core/common/processRecords';
import { groupPartitions } from '../../../src/main/core/reap/reapPartitions';
import { executorInput, executorSteps, seenCode, UnlinkRecordParser } from '../../../src/main/core/reap/reapExecutorIO';
import { makedev } from '../../../src/main/core/common/mountInfo';
import type { ReapPolicy } from '../../../src/shared/reapModels';

const DEV = 2049;
const MNT = 27;
const DAY = 86_400;
const NOW_S = 1_800_000_000;
let nextIno = 100;

function file(rel: string, blocks: number, mtime: number, extra: Partial<FactEntry> = {}): FactEntry {
  return { dev: DEV, ino: nextIno++, type: 'f', size: blocks * 512, blocks, nlink: 1, mtime, rel, ...extra };
}
function dir(rel: string, mtime = NOW_S): FactEntry {
  return { dev: DEV, ino: nextIno++, type: 'd', size: 4096, blocks: 0, nlink: 2, mtime, rel };
}
function facts(entries: FactEntry[], extra: Partial<ReapFacts> = {}): ReapFacts {
  return {
    root: { dev: DEV, ino: 2, mountId: MNT, path: '/logs' },
    configuredRoots: [{ dev: DEV, ino: 2, mountId: MNT, path: '/logs' }],
    declined: null,
    mountPoints: new Map(),
    filesystem: null,
    entries,
    openFds: [],
    comms: new Map(),
    locks: [],
    hiddenProcesses: 0,
    malformed: 0,
    ...extra,
  };
}
function policy(p: Partial<ReapPolicy>): ReapPolicy {
  return { maxBytes: null, maxAgeDays: null, keepNewest: 2, ...p };
}
function plan(f: ReapFacts, p: Partial<ReapPolicy>, more: Partial<ReapPlanInput> = {}) {
  return buildReapPlan({ planId: 'p1', node: 'local', root: '/logs', configuredRoots: ['/logs'], createdAt: NOW_S * 1000, facts: f, policy: policy(p), manual: null, ...more });
}

/** Days 2026/001..N, day d's newest file d days before now, 1 MiB each (2048 blocks). */
function days(n: number): FactEntry[] {
  const out: FactEntry[] = [dir('2026')];
  for (let d = 1; d <= n; d++) {
    const rel = `2026/${String(d).padStart(3, '0')}`;
    out.push(dir(rel), file(`${rel}/a.log`, 1024, NOW_S - (n - d + 1) * DAY - 100), file(`${rel}/b.log`, 1024, NOW_S - (n - d + 1) * DAY));
  }
  return out;
}

describe('reap planner', () => {
  it('orders partitions by the newest mtime inside them, not by name or oldest file', () => {
    // 2026/001 holds a file written yesterday: it is the newest partition despite its name.
    const entries = [dir('2026'), dir('2026/001'), file('2026/001/old.log', 8, NOW_S - 30 * DAY), file('2026/001/new.log', 8, NOW_S - DAY), dir('2026/002'), file('2026/002/x.log', 8, NOW_S - 10 * DAY), dir('2026/003'), file('2026/003/x.log', 8, NOW_S - 5 * DAY)];
    const p = plan(facts(entries), { maxBytes: 0, keepNewest: 0 });
    expect(p.plan.entries.map((e) => e.path)).toEqual(['2026/002', '2026/003', '2026/001']);
  });

  it('takes the oldest partitions until the root is under the cap, and no more', () => {
    const p = plan(facts(days(10)), { maxBytes: 6.5 * 1024 * 1024 });
    expect(p.plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/002', '2026/003', '2026/004']);
    expect(p.plan.expectedFreeBytes).toBe(4 * 1024 * 1024);
    expect(p.plan.skipped).toEqual([]);
  });

  it('keeps the newest-N floor even when the cap asks for everything, and says so', () => {
    const p = plan(facts(days(5)), { maxBytes: 0, keepNewest: 2 });
    expect(p.plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/002', '2026/003']);
    expect(p.plan.skipped.map((s) => [s.path, s.code])).toEqual([
      ['2026/004', 'floor'],
      ['2026/005', 'floor'],
    ]);
    expect(p.plan.warnings.join(' ')).toMatch(/stays over its cap/);
  });

  it('takes partitions older than the age, whatever the cap', () => {
    const p = plan(facts(days(10)), { maxAgeDays: 7.5 });
    // Day d's newest file is (10 - d + 1) days old: days 1-3 are 8-10 days old.
    expect(p.plan.entries.map((e) => [e.path, e.because])).toEqual([
      ['2026/001', 'age'],
      ['2026/002', 'age'],
      ['2026/003', 'age'],
    ]);
  });

  it('warns that writers of processes it could not see (not root) may be missed', () => {
    const p = plan(facts(days(3), { hiddenProcesses: 12 }), { maxBytes: 0, keepNewest: 1 });
    expect(p.plan.warnings.join(' ')).toMatch(/open files of 12 processes could not be read as this user.*run as root/);
  });

  it('plans nothing without a cap or an age, and says why', () => {
    const p = plan(facts(days(3)), {});
    expect(p.plan.entries).toEqual([]);
    expect(p.plan.warnings[0]).toMatch(/no size cap and no age/);
  });

  it('passes over a partition in use and takes the next oldest to reach the cap', () => {
    const entries = days(6);
    const held = entries.find((e) => e.rel === '2026/002/b.log')!;
    const p = plan(facts(entries, { openFds: [{ pid: 4242, fd: 7, ino: held.ino, flags: 0o102001 }], comms: new Map([[4242, 'flowctl-go']]) }), { maxBytes: 4 * 1024 * 1024 });
    expect(p.plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/003']);
    expect(p.plan.skipped).toEqual([{ path: '2026/002', code: 'open-for-writing', reason: 'open for writing by pid 4242 (flowctl-go)', pid: 4242, comm: 'flowctl-go' }]);
  });

  it('does not count a read-only open as writing, but a lock on any file of the partition keeps it', () => {
    const entries = days(4);
    const a = entries.find((e) => e.rel === '2026/001/a.log')!;
    const b = entries.find((e) => e.rel === '2026/002/a.log')!;
    const p = plan(facts(entries, { openFds: [{ pid: 10, fd: 3, ino: a.ino, flags: 0o100000 }], locks: [{ dev: DEV, ino: b.ino, pid: 11, kind: 'POSIX' }] }), { maxBytes: 0 });
    expect(p.plan.entries.map((e) => e.path)).toEqual(['2026/001']);
    expect(p.plan.skipped[0]).toMatchObject({ path: '2026/002', code: 'locked', pid: 11 });
    expect(p.plan.skipped[0].reason).toMatch(/POSIX \(fcntl\) lock held by pid 11/);
  });

  it('keeps a SQLite file and its -wal/-shm/-journal as one unit, database first', () => {
    const entries = [file('app.db-wal', 8, NOW_S - 9 * DAY), file('app.db', 8, NOW_S - 10 * DAY), file('app.db-shm', 8, NOW_S - 9 * DAY), file('app.db-journal', 8, NOW_S - 9 * DAY), file('cur.db', 8, NOW_S)];
    const parts = groupPartitions(entries, DEV);
    const app = parts.find((p) => p.key === 'app.db')!;
    expect(app.units).toHaveLength(1);
    expect(app.units[0].members.map((m) => m.rel)).toEqual(['app.db', 'app.db-journal', 'app.db-wal', 'app.db-shm']);
    // A writer on the -wal alone keeps the whole set.
    const wal = entries[0];
    const p = plan(facts(entries, { openFds: [{ pid: 5, fd: 4, ino: wal.ino, flags: 0o2 }] }), { maxBytes: 0, keepNewest: 0 });
    expect(p.plan.entries.map((e) => e.path)).toEqual(['cur.db']);
    expect(p.plan.skipped[0]).toMatchObject({ path: 'app.db', code: 'open-for-writing' });
  });

  it('counts a hard-linked file as freeing nothing unless the plan removes every link', () => {
    const shared = file('x.log.1', 64, NOW_S - 5 * DAY, { nlink: 2 });
    const twinInPlan = { ...shared, rel: 'x.log.2', mtime: NOW_S - 6 * DAY };
    const other = file('y.log.1', 64, NOW_S - 5 * DAY, { nlink: 2 });
    const p = plan(facts([shared, twinInPlan, other]), { maxBytes: 0, keepNewest: 0 });
    const frees = Object.fromEntries(p.plan.entries.map((e) => [e.path, e.expectedFreeBytes]));
    // Both links of x's inode go: its blocks once. y has a link outside the plan: nothing.
    expect(frees['x.log.2'] + frees['x.log.1']).toBe(64 * 512);
    expect(frees['y.log.1']).toBe(0);
    expect(p.plan.expectedFreeBytes).toBe(64 * 512);
  });

  it('skips a partition with a symlink in it or in place of it, and one with a mount inside', () => {
    const entries = [...days(4), { ...dir('2026/009'), type: 'l' as const }, { ...dir('2026/002/mnt'), dev: 99 }, { ...file('2026/003/l.log', 0, NOW_S), type: 'l' as const }];
    const p = plan(facts(entries), { maxBytes: 0, keepNewest: 0 });
    expect(Object.fromEntries(p.plan.skipped.map((s) => [s.path, s.code]))).toEqual({ '2026/002': 'other-filesystem', '2026/003': 'symlink', '2026/009': 'symlink' });
  });

  it('says which symlinks and mount points outside partitions it did not follow', () => {
    const entries = [...days(2), { ...dir('archive'), type: 'l' as const }, { ...dir('mnt'), dev: 77 }, { ...dir('2026/009'), type: 'l' as const }];
    const p = plan(facts(entries), { maxBytes: 0, keepNewest: 0 });
    expect(p.plan.warnings.join(' ')).toMatch(/^.*2 symlinks or mount points under the root were not followed \(archive, mnt\): partitions behind them are never planned/);
  });

  it('plans picked partitions only, skipping those written to since the scan, gone, or outside the root', () => {
    const entries = days(5);
    const scan = { newestMtime: new Map<string, number | null>([['2026/001', NOW_S - 5 * DAY], ['2026/002', NOW_S - 10 * DAY]]) };
    const p = plan(facts(entries), {}, { manual: ['2026/001', '2026/002', '2026/077', '../etc', '2026/005'], scan });
    expect(p.plan.entries.map((e) => [e.path, e.because])).toEqual([['2026/001', 'manual']]);
    expect(p.plan.skipped.map((s) => [s.path, s.code])).toEqual([
      ['2026/002', 'changed-since-scan'],
      ['2026/077', 'not-a-partition'],
      ['../etc', 'outside-root'],
      ['2026/005', 'changed-since-scan'],
    ]);
  });

  it('builds executor steps: units first, then the partition directories deepest first, each batch led by the root', () => {
    const entries = [dir('2026'), dir('2026/001'), dir('2026/001/sub'), file('2026/001/sub/a.log', 8, 1), file('2026/001/s.db', 8, 1), file('2026/001/s.db-wal', 8, 1)];
    const p = plan(facts(entries), { maxBytes: 0, keepNewest: 0 });
    const dirs = new Map(entries.filter((e) => e.type === 'd').map((e) => [e.rel, e]));
    const steps = executorSteps(p.partitions, (rel) => dirs.get(rel) ?? null);
    expect(steps.map((s) => [s.kind, s.dir, s.members.map((m) => m.rel)])).toEqual([
      ['f', '2026/001/sub', ['2026/001/sub/a.log']],
      ['f', '2026/001', ['2026/001/s.db', '2026/001/s.db-wal']],
      ['d', '2026/001', ['2026/001/sub']],
      ['d', '2026', ['2026/001']],
    ]);
    // Every file before any directory, and sibling directories side by side (one pass removes them).
    const two = [dir('2026'), dir('2026/001'), file('2026/001/a.log', 8, 1), dir('2026/002'), file('2026/002/a.log', 8, 2)];
    const p2 = plan(facts(two), { maxBytes: 0, keepNewest: 0 });
    const dirs2 = new Map(two.filter((e) => e.type === 'd').map((e) => [e.rel, e]));
    expect(executorSteps(p2.partitions, (rel) => dirs2.get(rel) ?? null).map((s) => [s.kind, s.members[0].rel])).toEqual([
      ['f', '2026/001/a.log'],
      ['f', '2026/002/a.log'],
      ['d', '2026/001'],
      ['d', '2026/002'],
    ]);
    const fields = executorInput({ raw: '/logs', dev: DEV, ino: 2, mountId: MNT }, steps).toString('latin1').split('\0');
    expect(fields.slice(0, 4)).toEqual(['/logs', String(DEV), '2', String(MNT)]);
    expect(fields.length - 1).toBe(4 + 4 * 22);
  });

  it('names what a batch of files found instead of the planned file', () => {
    const planned = { type: 'f' as const, ino: 7, size: 100, mtime: 1700000000 };
    expect(seenCode('l 9 4 1700000000', planned)).toBe('symlink');
    expect(seenCode('d 7 4096 1700000000', planned)).toBe('not-regular');
    expect(seenCode('f 8 100 1700000000', planned)).toBe('replaced');
    expect(seenCode('f 7 120 1700000000', planned)).toBe('size-changed');
    expect(seenCode('f 7 100 1700000005', planned)).toBe('modified');
    expect(seenCode('f 7 100 1700000000', planned)).toBe('unlink-failed');
    const plannedDir = { type: 'd' as const, ino: 9, size: 4096, mtime: 1 };
    expect(seenCode('d 9 4096 5', plannedDir)).toBe('not-empty');
    expect(seenCode('d 10 4096 5', plannedDir)).toBe('replaced');
    expect(seenCode('l 9 4 5', plannedDir)).toBe('symlink');
  });
});

const FACTS_OUTPUT = () =>
  Buffer.concat([
    Buffer.from('C\t0\t2049\t2\t27\t/lo\tgs\0C\t1\t-\0', 'latin1'),
    Buffer.from('R\t2049\t2\t27\t/lo\tgs\0', 'latin1'),
    Buffer.from('M\t45\t2026/0\n1\tb\0', 'latin1'),
    Buffer.from('F\t2049\t7\tf\t10\t8\t1\t1700000000\t2026/001/a\tb\nc.log\0', 'latin1'),
    Buffer.from('F\t2049\t8\td\t4096\t8\t2\t1700000000\t2026\0', 'latin1'),
    Buffer.from('O\t42\t3\t7\0/proc/42/fdinfo/3:pos:\t0\nflags:\t0102001\nmnt_id:\t27\n\0/proc/42/comm:flow ctl\n\0', 'latin1'),
    Buffer.from('/proc/locks:1: FLOCK  ADVISORY  WRITE 42 08:01:7 0 EOF\n2: -> FLOCK  ADVISORY  WRITE 43 08:01:7 0 EOF\n\0', 'latin1'),
    Buffer.from('H\t3\0', 'latin1'),
    Buffer.from('F\t2049\t9\tf\t1', 'latin1'),
  ]);

describe('reap facts and executor records', () => {
  it('parses every record kind, paths with tabs and newlines kept raw', () => {
    const f = parseReapFacts(FACTS_OUTPUT());
    expect(f.root).toEqual({ dev: 2049, ino: 2, mountId: 27, path: '/lo\tgs' });
    expect(f.configuredRoots).toEqual([{ dev: 2049, ino: 2, mountId: 27, path: '/lo\tgs' }, null]);
    expect(f.mountPoints).toEqual(new Map([['2026/0\n1\tb', 45]]));
    expect(f.declined).toBeNull();
    expect(f.entries.map((e) => e.rel)).toEqual(['2026/001/a\tb\nc.log', '2026']);
    expect(f.openFds).toEqual([{ pid: 42, fd: 3, ino: 7, flags: 0o102001 }]);
    expect(f.comms.get(42)).toBe('flow ctl');
    expect(f.locks).toEqual([{ dev: makedev(8, 1), ino: 7, pid: 42, kind: 'FLOCK' }]);
    expect(f.hiddenProcesses).toBe(3);
    expect(f.malformed).toBe(0);
  });

  it('parses the same facts from the output cut into chunks anywhere (a record across chunks, a NUL first in one)', () => {
    // Entries read in place (whole chunk) and from their text (1-byte chunks) alike, odd and malformed ones too.
    const odd = Buffer.from(
      'F\t2049\t10\tff\t1\t1\t1\t5\tother-type\0F\t2049\t\tf\t1\t1\t1\t5\tno-ino\0F\t2049\t11\tf\t1\t1\t1\t5\t\0' +
        'F\t123456789012345678901\t12\tf\t1\t1\t1\t5\thuge-dev\0F\t2049\t13\tf\t1\t1\t1\t-5\tnegative\0F\t2049\t14\tf\t1\t1\t1\t5\0',
      'latin1',
    );
    const oddFacts = parseReapFacts(odd);
    expect(oddFacts.entries.map((e) => [e.rel, e.type, e.dev])).toEqual([
      ['other-type', 'other', 2049],
      ['huge-dev', 'f', Number('123456789012345678901')],
    ]);
    expect(oddFacts.malformed).toBe(4);
    const out = Buffer.concat([odd, FACTS_OUTPUT()]);
    const whole = parseReapFacts(out);
    for (const size of [1, 2, 3, 7, 64]) {
      const parser = new ReapFactsParser();
      for (let at = 0; at < out.length; at += size) parser.push(out.subarray(at, at + size));
      expect([size, parser.end()]).toEqual([size, whole]);
    }
  });

  it('reads locks with hex majors and minors as st_dev numbers', () => {
    expect(parseLocks('3: POSIX  ADVISORY  READ 7 fd:00:123 0 EOF')).toEqual([{ dev: makedev(0xfd, 0), ino: 123, pid: 7, kind: 'POSIX' }]);
  });

  it('reassembles executor records split across chunks and drops a cut-off last one', () => {
    const parser = new UnlinkRecordParser();
    const a = parser.push(Buffer.from('0\x000\x00ok\x00dele'));
    const b = parser.push(Buffer.from('ted\x001\x000\x00skipped\x00symlink\x002\x000\x00ok'));
    expect(a).toEqual([]);
    expect(b).toEqual([
      { seq: 0, slot: 0, status: 'ok', code: 'deleted' },
      { seq: 1, slot: 0, status: 'skipped', code: 'symlink' },
    ]);
  });
});

describe('reap planner: an age bucket picked on a scan', () => {
  // wal/ holds 10 segments a day apart (seg 0 the oldest); the scan bucketed days 2..5 and listed seg 3 alone.
  const from = NOW_S - 8 * DAY;
  const entries = [dir('wal'), dir('other'), ...Array.from({ length: 10 }, (_, i) => file(`wal/seg-${String(i).padStart(5, '0')}.log`, 8, NOW_S - (10 - i) * DAY)), file('other/seg-00003.log', 8, NOW_S - 7 * DAY)];
  const bucket = { memberKind: 'segment' as const, dir: 'wal', from, to: from + 4 * DAY, count: 3 };
  const scan = { newestMtime: new Map<string, number | null>([['wal/seg-00003.log', NOW_S - 7 * DAY]]), buckets: new Map([['wal/[segments x]', bucket]]) };

  it('takes the partitions of its kind in its directory and age range, bar those the scan listed one by one', () => {
    const p = plan(facts(entries), { keepNewest: 2 }, { manual: ['wal/[segments x]'], scan });
    expect(p.plan.entries.map((e) => e.path)).toEqual(['wal/seg-00002.log', 'wal/seg-00004.log', 'wal/seg-00005.log']);
    expect(p.plan.entries.every((e) => e.because === 'manual')).toBe(true);
    expect(p.plan.skipped).toEqual([]);
  });

  it('leaves out a member written to since the scan: its newest mtime has left the range', () => {
    const written = entries.map((e) => (e.rel === 'wal/seg-00004.log' ? { ...e, mtime: NOW_S - 60 } : e));
    const p = plan(facts(written), { keepNewest: 0 }, { manual: ['wal/[segments x]'], scan });
    expect(p.plan.entries.map((e) => e.path)).toEqual(['wal/seg-00002.log', 'wal/seg-00005.log']);
  });

  it('still keeps the floor and says why, and names a bucket whose partitions are all gone', () => {
    const newest = { ...bucket, from: NOW_S - 2 * DAY, to: NOW_S };
    const p = plan(facts(entries), { keepNewest: 2 }, { manual: ['wal/[segments new]', 'wal/[segments gone]'], scan: { ...scan, buckets: new Map([['wal/[segments new]', newest], ['wal/[segments gone]', { ...bucket, from: 0, to: 1 }]]) } });
    expect(p.plan.entries).toEqual([]);
    expect(p.plan.skipped.map((s) => [s.path, s.code])).toEqual([
      ['wal/seg-00008.log', 'floor'],
      ['wal/seg-00009.log', 'floor'],
      ['wal/[segments gone]', 'not-a-partition'],
    ]);
  });

  it('takes a bucket named as scan --json prints it by the range its name reads back, though the scan holds it in a wider one', () => {
    // NOW_S is 2027-01-15 08:00 UTC: the segments' days are 2027-01-05 .. 2027-01-14, one month.
    expect(bucketLabel('segment', { from: NOW_S - 6 * DAY, unit: 'day' })).toBe('[segments 2027-01-09]');
    const day = plan(facts(entries), { keepNewest: 2 }, { manual: ['wal/[segments 2027-01-09]'], scan });
    expect(day.plan.entries.map((e) => e.path)).toEqual(['wal/seg-00004.log']);
    const month = plan(facts(entries), { keepNewest: 2 }, { manual: ['./wal/[segments 2027-01]/'], scan });
    // The whole month in wal/, bar seg 3 (listed one by one) and the floor; other/ is another directory.
    expect(month.plan.entries.map((e) => e.path)).toEqual(['wal/seg-00000.log', 'wal/seg-00001.log', 'wal/seg-00002.log', 'wal/seg-00004.log', 'wal/seg-00005.log', 'wal/seg-00006.log', 'wal/seg-00007.log']);
    expect(month.plan.skipped.map((s) => [s.path, s.code])).toEqual([['wal/seg-00008.log', 'floor'], ['wal/seg-00009.log', 'floor']]);
    // Its only partition of that day is listed one by one: nothing of the bucket is there.
    const listedOnly = plan(facts(entries), { keepNewest: 2 }, { manual: ['wal/[segments 2027-01-08]'], scan });
    expect(listedOnly.plan.skipped.map((s) => [s.path, s.code])).toEqual([['wal/[segments 2027-01-08]', 'not-a-partition']]);
  });

  it('takes a partition picked by path that the scan held in a bucket, and lists one picked twice once', () => {
    const p = plan(facts(entries), { keepNewest: 2 }, { manual: ['wal/seg-00004.log', 'wal/[segments x]'], scan });
    expect(p.plan.entries.map((e) => e.path)).toEqual(['wal/seg-00002.log', 'wal/seg-00004.log', 'wal/seg-00005.log']);
    expect(p.plan.skipped).toEqual([]);
    // One in no bucket and not listed is still not in the scan.
    const outside = plan(facts(entries), { keepNewest: 2 }, { manual: ['wal/seg-00000.log'], scan });
    expect(outside.plan.skipped.map((s) => [s.path, s.code])).toEqual([['wal/seg-00000.log', 'changed-since-scan']]);
  });

  it('is refused as no partition without the scan it was picked on', () => {
    const p = plan(facts(entries), { keepNewest: 0 }, { manual: ['wal/[segments x]'] });
    expect(p.plan.entries).toEqual([]);
    expect(p.plan.skipped.map((s) => s.code)).toEqual(['not-a-partition']);
  });
});
