// The pure part of reclaim by truncation: what a plan holds, refuses and warns about, and how the
// executor's records are read back.
import { describe, expect, it } from 'vitest';
import { NOT_APPEND_WARNING, buildReclaimPlan, executorInput, parseTruncateRecords, reclaimCodeOf, skipReason, skipRefusal } from '../../../src/main/core/held/reclaimPlan';
import { ReclaimCodeSchema, type HeldFile, type HeldHolder, type HeldMemoryFile, type HeldReport } from '../../../src/shared/heldModels';

function file(pid: number, fd: number, ino: number, over: Partial<HeldFile> = {}): HeldFile {
  return {
    pid,
    fd,
    path: `/spool/gazette-append-${ino} (deleted)`,
    sizeBytes: 1_000_000,
    allocatedBytes: 1_003_520,
    dev: 2049,
    ino,
    flags: 0o102001,
    pos: 1_000_000,
    writable: true,
    append: true,
    mapped: false,
    mapper: null,
    mount: '/spool',
    readOnly: false,
    duplicate: false,
    ...over,
  };
}

/** A mapped file as the scan reports it: mapped, and the process to name. */
function mappedBy(pid: number, comm: string | null, unit: string | null): Partial<HeldFile> {
  return { mapped: true, mapper: { pid, comm, unit } };
}

function memoryFile(pid: number, fd: number, kind: HeldMemoryFile['kind'], path: string): HeldMemoryFile {
  return { ...file(pid, fd, 9000 + fd, { path, mount: null }), kind, comm: 'chromium', unit: null };
}

function holder(pid: number, files: HeldFile[], over: Partial<HeldHolder> = {}): HeldHolder {
  return { pid, comm: 'flowctl-go', cmdline: 'flowctl-go serve', startTime: 123456, uid: 0, unit: 'reactor.service', heldBytes: 0, fileCount: files.length, files, moreFiles: 0, ...over };
}

function report(holders: HeldHolder[], partial = false, memory: HeldMemoryFile[] = []): HeldReport {
  return { holders, filesystems: [], totalHeldBytes: 0, memory, memoryBytes: 0, moreMemory: 0, partial, errors: partial ? ['not root: other users\' processes are not visible'] : [], scannedAt: 1 };
}

const base = { planId: 'plan-1', node: 'local', createdAt: 1000 };

describe('buildReclaimPlan', () => {
  it('plans every deleted file of the process, one entry per inode, and sums allocated bytes', () => {
    const r = report([holder(4242, [file(4242, 7, 100), file(4242, 8, 101), file(4242, 9, 100, { writable: false, append: false, flags: 0 })])]);
    const plan = buildReclaimPlan({ ...base, report: r, pid: 4242 });
    expect(plan.entries.map((e) => [e.fd, e.ino, e.unit, e.startTime, e.warnings])).toEqual([
      [7, 100, 'reactor.service', 123456, []],
      [8, 101, 'reactor.service', 123456, []],
    ]);
    expect(plan.expectedFreeBytes).toBe(2 * 1_003_520);
    expect(plan.refused).toEqual([]);
    expect(plan.warnings).toEqual(['fd 9 holds the same file as fd 7: truncating fd 7 frees both']);
    expect(plan).toMatchObject({ planId: 'plan-1', node: 'local', createdAt: 1000 });
  });

  it('refuses a mapped file (code mapped) naming the process that maps it and its unit, not the holder, when that is another process', () => {
    // Inode 101 is mapped by pid 77, which the scan names on pid 77's own fd of it; inode 102 by pid 88, which
    // holds no deleted file at all (only the scan's mapper field names it).
    const other = holder(77, [file(77, 3, 101, mappedBy(77, 'indexer', 'indexer.service'))], { comm: 'indexer', unit: 'indexer.service' });
    const r = report([holder(4242, [file(4242, 7, 100, mappedBy(4242, 'flowctl-go', 'reactor.service')), file(4242, 8, 101), file(4242, 9, 102, mappedBy(88, 'py', null))]), other]);
    const plan = buildReclaimPlan({ ...base, report: r, pid: 4242 });
    expect(plan.entries).toEqual([]);
    expect(plan.expectedFreeBytes).toBe(0);
    expect(plan.refused).toEqual([
      {
        pid: 4242, fd: 7, path: '/spool/gazette-append-100 (deleted)', code: 'mapped',
        reason: 'memory-mapped by the process itself: truncating would kill it with SIGBUS; restart reactor.service',
        unit: 'reactor.service', mapperPid: 4242, mapperComm: 'flowctl-go', mapperUnit: 'reactor.service',
      },
      {
        pid: 4242, fd: 8, path: '/spool/gazette-append-101 (deleted)', code: 'mapped',
        reason: 'memory-mapped by pid 77 (indexer): truncating would kill it with SIGBUS; restart indexer.service',
        unit: 'indexer.service', mapperPid: 77, mapperComm: 'indexer', mapperUnit: 'indexer.service',
      },
      {
        pid: 4242, fd: 9, path: '/spool/gazette-append-102 (deleted)', code: 'mapped',
        reason: 'memory-mapped by pid 88 (py): truncating would kill it with SIGBUS; restart the process (pid 88, py)',
        unit: null, mapperPid: 88, mapperComm: 'py', mapperUnit: null,
      },
    ]);
  });

  it('refuses a file on a read-only mount (code read-only), naming EROFS', () => {
    const plan = buildReclaimPlan({ ...base, report: report([holder(6, [file(6, 3, 1, { readOnly: true, mount: '/mnt/ro' }), file(6, 4, 2)])]), pid: 6 });
    expect(plan.entries.map((e) => e.fd)).toEqual([4]);
    expect(plan.refused).toEqual([{ pid: 6, fd: 3, path: '/spool/gazette-append-1 (deleted)', code: 'read-only', reason: 'the filesystem of fd 3 (/mnt/ro) is mounted read-only: truncating would fail with EROFS', unit: null }]);
    expect(plan.refused[0].reason).not.toMatch(/permission/);
  });

  it('refuses memory (code memory): a whole process, selected fds, and a process that holds only memory', () => {
    const memfd = memoryFile(7, 20, 'memfd', '/memfd:shared-memory-region (deleted)');
    const shm = memoryFile(7, 21, 'dev-shm', '/dev/shm/.org.chromium.x (deleted)');
    const r = report([holder(7, [file(7, 3, 1)])], false, [memfd, shm]);
    const whole = buildReclaimPlan({ ...base, report: r, pid: 7 });
    expect(whole.entries.map((e) => e.fd)).toEqual([3]);
    expect(whole.refused.map((x) => [x.fd, x.code])).toEqual([[20, 'memory'], [21, 'memory']]);
    expect(whole.refused[0].reason).toBe('memory, not disk: a memfd; never truncated (it frees no disk space)');
    expect(whole.refused[1].reason).toMatch(/^memory, not disk: a file on \/dev\/shm;/);
    const picked = buildReclaimPlan({ ...base, report: r, pid: 7, fds: [21] });
    expect(picked.entries).toEqual([]);
    expect(picked.refused.map((x) => [x.fd, x.code])).toEqual([[21, 'memory']]);
    const onlyMemory = buildReclaimPlan({ ...base, report: report([], false, [memoryFile(8, 5, 'unmounted', '/x (deleted)')]), pid: 8 });
    expect(onlyMemory.refused.map((x) => [x.fd, x.code])).toEqual([[5, 'memory']]);
    expect(onlyMemory.expectedFreeBytes).toBe(0);
  });

  it('warns before truncating a writer without O_APPEND, per entry and for the plan', () => {
    const r = report([holder(9, [file(9, 3, 1, { append: false, flags: 0o100001 }), file(9, 4, 2)])]);
    const plan = buildReclaimPlan({ ...base, report: r, pid: 9 });
    expect(plan.entries.map((e) => e.warnings)).toEqual([[NOT_APPEND_WARNING], []]);
    expect(plan.warnings).toEqual([`1 file not opened with O_APPEND: ${NOT_APPEND_WARNING}`]);
    expect(NOT_APPEND_WARNING).toBe('the writer keeps its offset: the file grows back sparse; space is still freed');
  });

  it('plans only the selected fds and refuses ones that are not held deleted files', () => {
    const r = report([holder(9, [file(9, 3, 1), file(9, 4, 2), file(9, 5, 3)], { moreFiles: 2 })]);
    const plan = buildReclaimPlan({ ...base, report: r, pid: 9, fds: [4, 4, 17] });
    expect(plan.entries.map((e) => e.fd)).toEqual([4]);
    expect(plan.refused).toEqual([
      { pid: 9, fd: 17, path: null, code: 'not-held', reason: 'fd 17 of pid 9 is not an open deleted file: not found, or its file is not deleted (2 of its files were past the scan\'s list limit)', unit: null },
    ]);
  });

  it('refuses a process that holds nothing, and carries a partial scan as a warning', () => {
    const plan = buildReclaimPlan({ ...base, report: report([], true), pid: 31337 });
    expect(plan.entries).toEqual([]);
    expect(plan.refused).toEqual([{ pid: 31337, fd: null, path: null, code: 'not-held', reason: 'process 31337 holds no deleted files on disk (or it was not found, or it has exited)', unit: null }]);
    expect(plan.warnings[0]).toMatch(/^the held-file scan was partial: not root/);
  });
});

describe('executor records', () => {
  const E = (...f: string[]) => ['E', ...f].map((x) => `${x}\0`).join('');

  it('writes five decimal fields per entry and reads entry records and notes back', () => {
    const r = report([holder(42, [file(42, 3, 555, { dev: 64769 })])]);
    const plan = buildReclaimPlan({ ...base, report: r, pid: 42 });
    expect(executorInput(plan.entries).toString('latin1')).toBe('42\x003\x0064769\x00555\x00123456\x00');
    const out = Buffer.from(
      E('42', '3', 'ok', 'truncated', '2048', '', '', '') +
        E('42', '4', 'skipped', 'mapped', '-', '77', 'py\xff\n', '1:name=systemd:/indexer.service\n0::/\n') +
        'W\0maps-unreadable\x0012\x001 2 3\0' +
        E('42', '5', 'skipped', 'memory', '-', '', '', '') +
        'E\x0042\x006\0ski',
      'latin1',
    );
    expect(parseTruncateRecords(out)).toEqual({
      records: [
        { pid: 42, fd: 3, ok: true, code: 'truncated', allocatedBytes: 2048 * 512, mapper: null },
        { pid: 42, fd: 4, ok: false, code: 'mapped', allocatedBytes: null, mapper: { pid: 77, comm: 'py\\xff', unit: 'indexer.service' } },
        { pid: 42, fd: 5, ok: false, code: 'memory', allocatedBytes: null, mapper: null },
      ],
      notes: [{ what: 'maps-unreadable', count: 12, detail: '1 2 3' }],
      malformed: 1,
    });
  });

  it('skips fields out of step to the next record instead of misreading them', () => {
    const out = Buffer.from(`junk\0more\0${E('1', '3', 'ok', 'truncated', '8', '', '', '')}`, 'latin1');
    expect(parseTruncateRecords(out)).toMatchObject({ records: [{ pid: 1, fd: 3, ok: true }], malformed: 1 });
  });

  it('gives every executor skip one refusal code', () => {
    const codes = ['bad-input', 'process-gone', 'process-changed', 'no-access', 'fd-gone', 'not-regular', 'not-same-file', 'not-deleted', 'memory', 'mount-unknown', 'read-only', 'mapped', 'maps-unreadable', 'open-failed', 'truncate-failed'];
    expect(Object.fromEntries(codes.map((c) => [c, reclaimCodeOf(c)]))).toEqual({
      'bad-input': 'failed',
      'process-gone': 'gone',
      'process-changed': 'changed',
      'no-access': 'no-access',
      'fd-gone': 'gone',
      'not-regular': 'changed',
      'not-same-file': 'changed',
      'not-deleted': 'changed',
      memory: 'memory',
      'mount-unknown': 'memory',
      'read-only': 'read-only',
      mapped: 'mapped',
      'maps-unreadable': 'no-access',
      'open-failed': 'failed',
      'truncate-failed': 'failed',
    });
    for (const c of codes) expect(ReclaimCodeSchema.safeParse(reclaimCodeOf(c)).success).toBe(true);
  });

  it('names the unit to restart where restarting is the way out, "plan again" where it is not, and EROFS for a read-only mount', () => {
    const e = { pid: 4242, fd: 7, comm: 'flowctl-go', unit: 'reactor.service', path: '/spool/x (deleted)', mount: '/spool' };
    expect(skipRefusal({ code: 'mapped', mapper: { pid: 77, comm: 'indexer', unit: 'indexer.service' } }, e)).toEqual({
      pid: 4242, fd: 7, path: '/spool/x (deleted)', code: 'mapped',
      reason: 'memory-mapped by pid 77 (indexer): truncating would kill it with SIGBUS; restart indexer.service',
      unit: 'indexer.service', mapperPid: 77, mapperComm: 'indexer', mapperUnit: 'indexer.service',
    });
    expect(skipRefusal({ code: 'read-only', mapper: null }, e)).toMatchObject({ code: 'read-only', reason: 'the filesystem of fd 7 (/spool) is mounted read-only: truncating would fail with EROFS', unit: null });
    expect(skipRefusal({ code: 'open-failed', mapper: null }, e)).toMatchObject({ code: 'failed', unit: 'reactor.service' });
    expect(skipRefusal({ code: 'process-gone', mapper: null }, e)).toMatchObject({ code: 'gone', unit: null });
    expect(skipReason('process-changed', e)).toMatch(/^process changed: .*plan again$/);
    expect(skipReason('not-same-file', e)).toMatch(/dup2'd since the plan\); plan again$/);
    expect(skipReason('open-failed', { ...e, unit: null })).toMatch(/restart the process \(pid 4242, flowctl-go\)$/);
    expect(skipReason('open-failed', e)).not.toMatch(/permission\?/);
  });
});
