// Memory offered as disk: which held deleted files are memory (memfd, SysV and anonymous shared memory,
// /dev/shm, a mount id missing from the holder's own mount table), kept out of held bytes; the mount table
// each holder sees (one per namespace); the process named for a mapping; read-only mounts.
import { describe, expect, it } from 'vitest';
import { accountHeld, memoryKindOf, mountTableOf, parseHeldOutput } from '../../../src/main/core/held/heldRecords';
import { parseMountStateLine } from '../../../src/main/core/common/mountInfo';
import { reconcile } from '../../../src/main/core/held/heldReconcile';

const rec = (s: string) => Buffer.from(`${s}\0`, 'latin1');
const stat = (pid: number, start: number) => `${pid} (p) S 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 ${start} 2990080 424 1 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;

/** The host's table: / on ext4, a spool tmpfs, /dev/shm, a bind of the spool remounted read-only. */
const HOST_TABLE = [
  '26 1 254:0 / / rw - ext4 /dev/vda rw',
  '36 26 0:45 / /spool rw,relatime - tmpfs tmpfs rw',
  '37 26 0:46 / /dev/shm rw,nosuid,nodev - tmpfs tmpfs rw',
  '38 26 0:45 / /spool-ro ro,relatime - tmpfs tmpfs rw',
].join('\n');
/** A container's table: its own root on another tmpfs, none of the host's mount ids. */
const CONTAINER_TABLE = ['500 400 0:77 / / rw - tmpfs tmpfs rw', '501 500 0:78 / /dev/shm rw - tmpfs shm rw'].join('\n');

interface Fd {
  pid: number;
  fd: number;
  dev: number;
  ino: number;
  blocks: number;
  target: string;
  mntId: number;
}

function output(fds: Fd[], extra: { ns?: string; tables?: [number, string][]; maps?: string[]; procs?: [number, string, string][] } = {}): Buffer {
  const parts: Buffer[] = [rec('')];
  parts.push(rec(fds.map((f) => `F\t/proc/${f.pid}/fd/${f.fd}\t${f.blocks * 512}\t${f.blocks}\t${f.dev}\t${f.ino}\n`).join('')));
  if (extra.ns) parts.push(rec(extra.ns));
  for (const f of fds) {
    parts.push(rec(`L\t/proc/${f.pid}/fd/${f.fd}\t${f.target}`));
    parts.push(rec(`/proc/${f.pid}/fdinfo/${f.fd}:pos:\t0\nflags:\t02100002\nmnt_id:\t${f.mntId}\nino:\t${f.ino}\n`));
  }
  for (const pid of new Set(fds.map((f) => f.pid))) {
    parts.push(rec(`/proc/${pid}/comm:holder${pid}\n`), rec(`/proc/${pid}/stat:${stat(pid, 100 + pid)}`), rec(`/proc/${pid}/status:Uid:\t0\t0\t0\t0\n`));
    parts.push(rec(`/proc/${pid}/cgroup:0::/system.slice/h${pid}.service\n`), rec(`/proc/${pid}/cmdline:h${pid}`));
  }
  for (const [pid, table] of extra.tables ?? []) parts.push(rec(`/proc/${pid}/mountinfo:${table}\n`));
  for (const [pid, comm, cgroup] of extra.procs ?? []) parts.push(rec(`/proc/${pid}/comm:${comm}\n`), rec(`/proc/${pid}/cgroup:${cgroup}`));
  parts.push(rec('/proc/self/status:Uid:\t0\t0\t0\t0\n'), rec(`/proc/self/mountinfo:${HOST_TABLE}\n`));
  parts.push(rec((extra.maps ?? []).join('')));
  return Buffer.concat(parts);
}

const HOST_NS = 'N\t/proc/10/ns/mnt\tmnt:[4026531840]\nN\t/proc/10/root\t/\nN\t/proc/11/ns/mnt\tmnt:[4026531840]\nN\t/proc/11/root\t/\nN\t/proc/12/ns/mnt\tmnt:[4026532000]\nN\t/proc/12/root\t/\n';

describe('memory among held files', () => {
  // pid 10 and 11 share the host's namespace (its table printed once, for pid 10); pid 12 is in a container.
  const fds: Fd[] = [
    { pid: 10, fd: 3, dev: 45, ino: 1, blocks: 8, target: '/spool/app.log (deleted)', mntId: 36 },
    { pid: 10, fd: 4, dev: 1, ino: 2, blocks: 16, target: '/memfd:shared-memory-region (deleted)', mntId: 0 },
    { pid: 10, fd: 5, dev: 46, ino: 3, blocks: 4, target: '/dev/shm/.org.chromium.Chromium.x (deleted)', mntId: 37 },
    { pid: 11, fd: 3, dev: 1, ino: 2, blocks: 16, target: '/memfd:shared-memory-region (deleted)', mntId: 0 },
    { pid: 11, fd: 4, dev: 1, ino: 4, blocks: 2, target: '/SYSV00000000 (deleted)', mntId: 0 },
    { pid: 11, fd: 5, dev: 9, ino: 5, blocks: 2, target: '/weird (deleted)', mntId: 999 },
    { pid: 12, fd: 3, dev: 77, ino: 6, blocks: 32, target: '/var/log/c.log (deleted)', mntId: 500 },
    { pid: 12, fd: 4, dev: 78, ino: 7, blocks: 1, target: '/dev/shm/sem.x (deleted)', mntId: 501 },
  ];
  const data = parseHeldOutput(output(fds, { ns: HOST_NS, tables: [[10, HOST_TABLE], [12, CONTAINER_TABLE]] }));
  const acc = accountHeld(data);

  it('reads each holder\'s mount table: one per namespace whose root is "/", nothing malformed', () => {
    expect(data.malformed).toBe(0);
    expect(mountTableOf(data, 11)).toBe(mountTableOf(data, 10));
    expect(mountTableOf(data, 12)?.map((m) => m.mountId)).toEqual([500, 501]);
    expect(mountTableOf(data, 99)).toBeNull();
  });

  it('lists memfd, SysV, /dev/shm and unmounted files as memory, with their holder, and a container\'s own mount as disk', () => {
    expect(acc.memory.map((m) => [m.pid, m.fd, m.kind, m.duplicate, m.comm, m.unit])).toEqual([
      [10, 4, 'memfd', false, 'holder10', 'h10.service'],
      [11, 3, 'memfd', true, 'holder11', 'h11.service'],
      [10, 5, 'dev-shm', false, 'holder10', 'h10.service'],
      [11, 4, 'sysv', false, 'holder11', 'h11.service'],
      [11, 5, 'unmounted', false, 'holder11', 'h11.service'],
      [12, 4, 'dev-shm', false, 'holder12', 'h12.service'],
    ]);
    // The container's log is on a mount the probe's table lacks, but its holder's table has: disk.
    expect(acc.holders.map((h) => [h.pid, h.files.map((f) => f.fd)])).toEqual([
      [12, [3]],
      [10, [3]],
    ]);
  });

  it('keeps memory out of held bytes and the filesystem lines, counting a shared memfd once', () => {
    expect(acc.totalHeldBytes).toBe((8 + 32) * 512);
    expect(acc.memoryBytes).toBe((16 + 4 + 2 + 2 + 1) * 512);
    expect(acc.moreMemory).toBe(0);
    expect(acc.files.map((f) => `${f.pid}/${f.fd}`)).toEqual(['10/3', '12/3']);
    const lines = reconcile(acc.files, new Map(), data.mounts, [
      { mount: '/spool', sizeBytes: 1 << 20, usedBytes: 1 << 19, availBytes: 1 << 19 },
      { mount: '/dev/shm', sizeBytes: 1 << 20, usedBytes: 1 << 16, availBytes: (1 << 20) - (1 << 16) },
    ]);
    expect(lines.find((l) => l.mount === '/dev/shm')).toBeUndefined();
    expect(lines.find((l) => l.mount === '/spool')?.heldBytes).toBe(8 * 512);
  });

  it('caps the memory list, largest first, and counts the rest', () => {
    const capped = accountHeld(data, { maxFilesPerHolder: 10, maxHolders: 10, maxListedFiles: 100, maxListedMemory: 2 });
    expect(capped.memory.map((m) => m.allocatedBytes)).toEqual([16 * 512, 16 * 512]);
    expect(capped.moreMemory).toBe(4);
    expect(capped.memoryBytes).toBe(acc.memoryBytes);
  });

  it('without the holder\'s table (it could not be read) a missing mount proves nothing, but targets and /dev/shm still do', () => {
    const bare = accountHeld(parseHeldOutput(output(fds)));
    expect(bare.memory.map((m) => [m.pid, m.fd, m.kind])).toEqual([
      [10, 4, 'memfd'],
      [11, 3, 'memfd'],
      [10, 5, 'dev-shm'],
      [11, 4, 'sysv'],
    ]);
  });

  it('judges by target and mount alone', () => {
    const shm = parseMountStateLine('37 26 0:46 / /dev/shm rw - tmpfs tmpfs rw')!;
    const spool = parseMountStateLine('36 26 0:45 / /spool rw - tmpfs tmpfs rw')!;
    expect(memoryKindOf('/dev/zero (deleted)', 0, undefined, true)).toBe('anonymous');
    expect(memoryKindOf('/[aio] (deleted)', 0, undefined, true)).toBe('anonymous');
    expect(memoryKindOf('/SYSV0000002a (deleted)', 0, undefined, false)).toBe('sysv');
    expect(memoryKindOf('/spool/SYSV0000002a (deleted)', 36, spool, true)).toBeNull();
    expect(memoryKindOf('/x (deleted)', 37, shm, true)).toBe('dev-shm');
    expect(memoryKindOf('/x (deleted)', null, undefined, true)).toBeNull();
    expect(memoryKindOf('/spool/a (deleted)', 36, spool, true)).toBeNull();
  });
});

describe('mapped and read-only held files', () => {
  const fds: Fd[] = [
    { pid: 20, fd: 3, dev: 45, ino: 1, blocks: 8, target: '/spool/a (deleted)', mntId: 36 },
    { pid: 20, fd: 4, dev: 45, ino: 2, blocks: 8, target: '/spool-ro/b (deleted)', mntId: 38 },
    { pid: 21, fd: 3, dev: 45, ino: 3, blocks: 8, target: '/spool/c (deleted)', mntId: 36 },
  ];
  const maps = (pid: number, ino: number) => `/proc/${pid}/maps:7f00-7f10 r--s 00000000 00:2d ${ino}   /spool/x (deleted)\n`;
  const ns = 'N\t/proc/20/ns/mnt\tmnt:[1]\nN\t/proc/20/root\t/\nN\t/proc/21/ns/mnt\tmnt:[1]\nN\t/proc/21/root\t/\n';
  const data = parseHeldOutput(
    output(fds, { ns, tables: [[20, HOST_TABLE]], maps: [maps(20, 1), maps(30, 1), maps(21, 3)], procs: [[30, 'indexer', '1:name=systemd:/indexer.service\n0::/\n']] }),
  );
  const acc = accountHeld(data);
  const f = (pid: number, fd: number) => acc.holders.find((h) => h.pid === pid)!.files.find((x) => x.fd === fd)!;

  it('names another process that maps the file before the holder, with its comm and unit', () => {
    expect(data.malformed).toBe(0);
    expect(f(20, 3)).toMatchObject({ mapped: true, mapper: { pid: 30, comm: 'indexer', unit: 'indexer.service' } });
    expect(f(21, 3)).toMatchObject({ mapped: true, mapper: { pid: 21, comm: 'holder21', unit: 'h21.service' } });
    expect(f(20, 4)).toMatchObject({ mapped: false, mapper: null });
  });

  it('marks a file held through a read-only mount (the bind mount\'s own options)', () => {
    expect(f(20, 4).readOnly).toBe(true);
    expect(f(20, 3).readOnly).toBe(false);
    expect(parseMountStateLine('40 26 0:45 / /a rw - ext4 /dev/vdb ro,errors=remount-ro')?.readOnly).toBe(true);
    expect(parseMountStateLine('40 26 0:45 / /a rw - ext4 /dev/vdb rw,errors=remount-ro')?.readOnly).toBe(false);
  });
});
