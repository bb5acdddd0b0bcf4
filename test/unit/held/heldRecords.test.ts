// The held probe's record format, parsed without a node: hostile comm and names, units, devices, caps.
import { describe, expect, it } from 'vitest';
import { accountHeld, parseHeldOutput, startTimeFromStat, unitFromCgroup } from '../../../src/main/core/held/heldRecords';
import { makedev, parseMountInfoLine } from '../../../src/main/core/common/mountInfo';
import { reconcile } from '../../../src/main/core/held/heldReconcile';

const rec = (s: string | Buffer) => Buffer.concat([typeof s === 'string' ? Buffer.from(s, 'latin1') : s, Buffer.from([0])]);
const stat = (pid: number, comm: string, start: number) =>
  `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 ${start} 2990080 424 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;

function probeOutput(opts: { procs: { pid: number; fds: [number, number, number, number][] }[]; mapped?: string[]; hidden?: number[] }): Buffer {
  const parts: Buffer[] = [];
  parts.push(rec((opts.hidden ?? []).map((p) => `find: '/proc/${p}/fd/3': Permission denied\n`).join('')));
  const lines = opts.procs.flatMap((p) => p.fds.map(([fd, blocks, dev, ino]) => `F\t/proc/${p.pid}/fd/${fd}\t${blocks * 512 + 7}\t${blocks}\t${dev}\t${ino}\n`));
  parts.push(rec(lines.join('')));
  const inoOf = (pid: number, fd: number) => opts.procs.find((q) => q.pid === pid)!.fds.find((f) => f[0] === fd)![3];
  for (const p of opts.procs) {
    for (const [fd] of p.fds) {
      parts.push(rec(`L\t/proc/${p.pid}/fd/${fd}\t/spool/f${fd}\nx (deleted)`));
      parts.push(rec(`/proc/${p.pid}/fdinfo/${fd}:pos:\t0\nflags:\t0${fd % 2 ? '102001' : '100000'}\nmnt_id:\t36\nino:\t${inoOf(p.pid, fd)}\n`));
    }
    parts.push(rec(`/proc/${p.pid}/comm:we ird) (x\n`), rec(`/proc/${p.pid}/stat:${stat(p.pid, 'we ird) (x', 1000 + p.pid)}`));
    parts.push(rec(`/proc/${p.pid}/status:Name:\tx\nUid:\t1000\t1001\t1000\t1000\n`), rec(`/proc/${p.pid}/cgroup:0::/system.slice/reactor.service\n`));
    parts.push(rec(`/proc/${p.pid}/cmdline:flowctl`), rec(`/proc/${p.pid}/cmdline:--spool`), rec(`/proc/${p.pid}/cmdline:/a b`));
  }
  parts.push(rec('/proc/self/status:Uid:\t0\t0\t0\t0\n'));
  parts.push(rec('/proc/self/mountinfo:26 1 254:0 / / rw - ext4 /dev/vda rw\n36 26 0:45 / /mnt/sp\\040ool rw - tmpfs tmpfs rw\n'));
  parts.push(rec((opts.mapped ?? []).map((m) => `/proc/9/maps:7f00-7f10 rw-s 00000000 ${m} /spool/x (deleted)\n`).join('')));
  return Buffer.concat(parts);
}

describe('held records', () => {
  it('takes field 22 after the last parenthesis, whatever comm holds', () => {
    expect(startTimeFromStat(stat(7, 'a) (b) S 1 2', 4242))).toBe(4242);
  });

  it('names the innermost systemd service of a cgroup, and none for a scope or the root', () => {
    expect(unitFromCgroup('0::/system.slice/reactor.service\n')).toBe('reactor.service');
    expect(unitFromCgroup('0::/user.slice/user-1000.slice/user@1000.service/app.slice/gazette.service\n')).toBe('gazette.service');
    expect(unitFromCgroup('0::/user.slice/user-1000.slice/session-3.scope\n')).toBeNull();
    expect(unitFromCgroup('12:pids:/\n1:name=systemd:/system.slice/cron.service\n0::/\n')).toBe('cron.service');
    expect(unitFromCgroup('0::/\n')).toBeNull();
  });

  it('turns mountinfo device numbers into st_dev and undoes octal escapes', () => {
    expect(makedev(254, 0)).toBe(65024);
    expect(makedev(8, 1)).toBe(2049);
    expect(makedev(0, 300)).toBe(1048620);
    expect(makedev(259, 70000)).toBe(286327664);
    expect(parseMountInfoLine('36 26 0:45 / /mnt/sp\\040ool rw shared:1 - tmpfs tmpfs rw')).toEqual({ mountId: 36, dev: 45, mountPoint: '/mnt/sp ool', fstype: 'tmpfs' });
  });

  it('joins fds, fdinfo, process files and maps; counts a shared inode once, on the first holder', () => {
    const data = parseHeldOutput(
      probeOutput({
        procs: [
          { pid: 20, fds: [[4, 16, 45, 100], [5, 8, 45, 101]] },
          { pid: 10, fds: [[3, 8, 45, 101]] },
        ],
        mapped: ['00:2d 100'],
        hidden: [1, 1, 2],
      }),
    );
    expect(data.malformed).toBe(0);
    expect(data.probeUid).toBe(0);
    expect([...data.hiddenPids]).toEqual([1, 2]);
    const acc = accountHeld(data);
    expect(acc.vanished).toBe(0);
    const [first, second] = acc.holders;
    expect(first).toMatchObject({ pid: 20, heldBytes: 16 * 512, fileCount: 2, comm: 'we ird) (x', cmdline: 'flowctl --spool /a b', startTime: 1020, uid: 1000, unit: 'reactor.service' });
    // pid 10 comes first by pid, so inode 101 is counted on it and pid 20's fd 5 is the duplicate.
    expect(second).toMatchObject({ pid: 10, heldBytes: 8 * 512 });
    expect(first.files.find((f) => f.fd === 5)).toMatchObject({ duplicate: true, append: true, writable: true });
    expect(first.files.find((f) => f.fd === 4)).toMatchObject({ duplicate: false, append: false, writable: false, mapped: true, mount: '/mnt/sp ool', path: '/spool/f4\\nx (deleted)', sizeBytes: 16 * 512 + 7 });
    expect(acc.totalHeldBytes).toBe(24 * 512);
  });

  it('drops fds whose process vanished between passes, and reads a stream cut mid-record', () => {
    const full = probeOutput({ procs: [{ pid: 30, fds: [[3, 8, 45, 200]] }] });
    const noProc = Buffer.from(full.toString('latin1').replace(/\/proc\/30\/(stat|comm):[^\0]*\0/g, ''), 'latin1');
    expect(accountHeld(parseHeldOutput(noProc))).toMatchObject({ holders: [], vanished: 1 });
    expect(() => parseHeldOutput(full.subarray(0, full.length - 10))).not.toThrow();
    const repointed = Buffer.from(full.toString('latin1').replace('/proc/30/fdinfo/3:pos:\t0\nflags:\t0102001\nmnt_id:\t36\nino:\t200\n', '/proc/30/fdinfo/3:pos:\t0\nflags:\t0102001\nmnt_id:\t36\nino:\t999\n'), 'latin1');
    expect(accountHeld(parseHeldOutput(repointed))).toMatchObject({ holders: [], vanished: 1 });
  });

  it('caps files per holder and holders, keeping the totals whole', () => {
    const fds: [number, number, number, number][] = Array.from({ length: 30 }, (_, i) => [i + 3, i + 1, 45, 1000 + i]);
    const procs = [{ pid: 40, fds }, { pid: 41, fds: [[3, 1, 45, 5000]] as [number, number, number, number][] }];
    const acc = accountHeld(parseHeldOutput(probeOutput({ procs })), { maxFilesPerHolder: 10, maxHolders: 1, maxListedFiles: 1000 });
    expect(acc.holders).toHaveLength(1);
    expect(acc.holders[0]).toMatchObject({ pid: 40, fileCount: 30, moreFiles: 20 });
    expect(acc.holders[0].files[0].allocatedBytes).toBe(30 * 512);
    expect(acc.moreHolders).toEqual({ count: 1, heldBytes: 512 });
    expect(acc.totalHeldBytes).toBe(((30 * 31) / 2 + 1) * 512);
  });

  it('caps the files listed over all holders, largest holders first, so a report stays small on the wire', () => {
    const fds = (n: number, blocks: number) => Array.from({ length: n }, (_, i) => [i + 3, blocks, 45, 10_000 * blocks + i]) as [number, number, number, number][];
    const procs = [{ pid: 60, fds: fds(8, 2) }, { pid: 61, fds: fds(8, 1) }];
    const acc = accountHeld(parseHeldOutput(probeOutput({ procs })), { maxFilesPerHolder: 100, maxHolders: 10, maxListedFiles: 10 });
    expect(acc.holders.map((h) => [h.pid, h.files.length, h.moreFiles, h.fileCount])).toEqual([
      [60, 8, 0, 8],
      [61, 2, 6, 8],
    ]);
    expect(acc.totalHeldBytes).toBe((8 * 2 + 8 * 1) * 512);
  });

  it('reconciles per df mount: bind mounts of one device are one line, other is null without a scanned root', () => {
    const data = parseHeldOutput(probeOutput({ procs: [{ pid: 50, fds: [[3, 8, 45, 1]] }] }));
    const acc = accountHeld(data);
    const mounts = [...data.mounts, { mountId: 99, dev: 45, mountPoint: '/mnt/sp ool/bind', fstype: 'tmpfs' }];
    const df = [
      { mount: '/', sizeBytes: 1000_000, usedBytes: 500_000, availBytes: 450_000 },
      { mount: '/mnt/sp ool', sizeBytes: 100_000, usedBytes: 50_000, availBytes: 50_000 },
      { mount: '/mnt/sp ool/bind', sizeBytes: 100_000, usedBytes: 50_000, availBytes: 50_000 },
    ];
    const fs = reconcile(acc.files, new Map([[65024, 400_000]]), mounts, df);
    expect(fs).toEqual([
      { mount: '/mnt/sp ool', sizeBytes: 100_000, usedBytes: 50_000, availBytes: 50_000, heldBytes: 4096, visibleBytes: null, otherBytes: null, topHolders: [{ pid: 50, comm: 'we ird) (x', unit: 'reactor.service', heldBytes: 4096, files: 1 }] },
      { mount: '/', sizeBytes: 1000_000, usedBytes: 500_000, availBytes: 450_000, heldBytes: 0, visibleBytes: 400_000, otherBytes: 100_000, topHolders: [] },
    ]);
  });
});
