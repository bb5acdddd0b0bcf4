// The pure part of reclaim by truncation: what a plan holds, refuses and warns about, and how the
// executor's records are read back.
import { describe, expect, it } from 'vitest';
import { NOT_APPEND_WARNING, buildReclaimPlan, executorInput, parseTruncateRecords, skipReason } from '../../../src/main/core/held/reclaimPlan';
import type { HeldFile, HeldHolder, HeldReport } from '../../../src/shared/heldModels';

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
    mount: '/spool',
    duplicate: false,
    ...over,
  };
}

function holder(pid: number, files: HeldFile[], over: Partial<HeldHolder> = {}): HeldHolder {
  return { pid, comm: 'flowctl-go', cmdline: 'flowctl-go serve', startTime: 123456, uid: 0, unit: 'reactor.service', heldBytes: 0, fileCount: files.length, files, moreFiles: 0, ...over };
}

function report(holders: HeldHolder[], partial = false): HeldReport {
  return { holders, filesystems: [], totalHeldBytes: 0, partial, errors: partial ? ['not root: other users\' processes are not visible'] : [], scannedAt: 1 };
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

  it('refuses a mapped file naming the unit to restart, also when another process maps the inode', () => {
    const other = holder(77, [file(77, 3, 101, { mapped: true })], { comm: 'indexer', unit: 'indexer.service' });
    const r = report([holder(4242, [file(4242, 7, 100, { mapped: true }), file(4242, 8, 101)]), other]);
    const plan = buildReclaimPlan({ ...base, report: r, pid: 4242 });
    expect(plan.entries).toEqual([]);
    expect(plan.expectedFreeBytes).toBe(0);
    expect(plan.refused).toEqual([
      { pid: 4242, fd: 7, path: '/spool/gazette-append-100 (deleted)', reason: 'memory-mapped by the process: truncating could crash it; restart reactor.service', unit: 'reactor.service' },
      { pid: 4242, fd: 8, path: '/spool/gazette-append-101 (deleted)', reason: 'memory-mapped by pid 77 (indexer): truncating could crash it; restart indexer.service', unit: 'indexer.service' },
    ]);
    const noUnit = buildReclaimPlan({ ...base, report: report([holder(5, [file(5, 3, 1, { mapped: true })], { unit: null, comm: 'java' })]), pid: 5 });
    expect(noUnit.refused[0].reason).toBe('memory-mapped by the process: truncating could crash it; restart the process (pid 5, java)');
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
      { pid: 9, fd: 17, path: null, reason: 'fd 17 of pid 9 is not an open deleted file: not found, or its file is not deleted (2 of its files were past the scan\'s list limit)', unit: null },
    ]);
  });

  it('refuses a process that holds nothing, and carries a partial scan as a warning', () => {
    const plan = buildReclaimPlan({ ...base, report: report([], true), pid: 31337 });
    expect(plan.entries).toEqual([]);
    expect(plan.refused).toEqual([{ pid: 31337, fd: null, path: null, reason: 'process 31337 holds no deleted files (not found, or it has exited)', unit: null }]);
    expect(plan.warnings[0]).toMatch(/^the held-file scan was partial: not root/);
  });
});

describe('executor records', () => {
  it('writes five decimal fields per entry and reads ok and skipped records back', () => {
    const r = report([holder(42, [file(42, 3, 555, { dev: 64769 })])]);
    const plan = buildReclaimPlan({ ...base, report: r, pid: 42 });
    expect(executorInput(plan.entries).toString('latin1')).toBe('42\x003\x0064769\x00555\x00123456\x00');
    const out = Buffer.from('42\x003\x00ok\x00truncated\x002048\x0042\x004\x00skipped\x00mapped\x00-\x0042\x005\x00ski', 'latin1');
    expect(parseTruncateRecords(out)).toEqual({
      records: [
        { pid: 42, fd: 3, ok: true, code: 'truncated', allocatedBytes: 2048 * 512 },
        { pid: 42, fd: 4, ok: false, code: 'mapped', allocatedBytes: null },
      ],
      malformed: 1,
    });
  });

  it('names the unit to restart where restarting is the way out, and says "plan again" where it is not', () => {
    const e = { pid: 4242, fd: 7, comm: 'flowctl-go', unit: 'reactor.service' };
    expect(skipReason('mapped', e)).toBe('memory-mapped by the process: truncating could crash it; restart reactor.service');
    expect(skipReason('process-changed', e)).toMatch(/^process gone\/changed: .*plan again$/);
    expect(skipReason('not-same-file', e)).toMatch(/dup2'd since the plan\); plan again$/);
    expect(skipReason('open-failed', { ...e, unit: null })).toMatch(/restart the process \(pid 4242, flowctl-go\)$/);
  });
});
