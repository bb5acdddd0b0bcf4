import { describe, expect, it } from 'vitest';
import { listingInput, parseStoreListing, parseStoreReads, readInput } from '../../../src/main/core/dataStores/storeRecords';

const rec = (...r: string[]) => Buffer.from(r.map((x) => `${x}\0`).join(''), 'latin1');

describe('data-stores probe records', () => {
  it('reads entries whose paths hold tabs, newlines and invalid UTF-8 as raw bytes', () => {
    const path = '/srv/a\tb\nc\xff/seg-000001.log';
    const l = parseStoreListing(rec(`F\t2049\t12\tf\t100\t8\t1\t1700000000\t${path}`));
    expect(l.entries).toEqual([{ dev: 2049, ino: 12, type: 'f', size: 100, blocks: 8, nlink: 1, mtime: 1700000000, path }]);
  });

  it("reads the node's clock and its UTC offset, east positive, and counts a garbled offset as malformed", () => {
    const l = parseStoreListing(rec('N\t1765000000', 'Z\t-0330'));
    expect([l.now, l.utcOffsetSeconds, l.malformed]).toEqual([1765000000, -(3 * 3600 + 30 * 60), 0]);
    const bad = parseStoreListing(rec('Z\t$(id)'));
    expect([bad.utcOffsetSeconds, bad.malformed]).toEqual([null, 1]);
  });

  it('joins each fd with its fdinfo flags, arguments in order, locks by device and inode', () => {
    const l = parseStoreListing(
      rec(
        'S\t0\t2049\t/var/lib/mysql',
        'S\t1\t-\tnot-found',
        'O\t812\t5\t2049\t12',
        '/proc/812/fdinfo/5:pos:\t0\nflags:\t0102001\nmnt_id:\t30\n',
        '/proc/812/comm:mariadbd\n',
        '/proc/812/cmdline:/usr/sbin/mariadbd',
        '/proc/812/cmdline:--datadir=/var/lib/mysql',
        '/proc/locks:1: POSIX  ADVISORY  WRITE 812 08:01:12 0 EOF\n',
        'H\t3',
      ),
    );
    expect(l.locations).toEqual([{ dev: 2049, path: '/var/lib/mysql' }, { missing: 'not-found' }]);
    expect(l.fds).toEqual([{ pid: 812, fd: 5, dev: 2049, ino: 12, flags: 0o102001 }]);
    expect(l.comms.get(812)).toBe('mariadbd');
    expect(l.cmdlines.get(812)).toEqual(['/usr/sbin/mariadbd', '--datadir=/var/lib/mysql']);
    expect(l.locks).toEqual([{ dev: 2049, ino: 12, pid: 812, kind: 'POSIX' }]);
    expect(l.hiddenProcesses).toBe(3);
  });

  it('drops a record cut by an output limit and counts garbage as malformed', () => {
    const out = Buffer.concat([rec('F\t1\t2\tf\t3\t8\t1\t4\t/a', 'F\tx\t2\tf\t3\t8\t1\t4\t/b', 'nonsense'), Buffer.from('F\t1\t3\tf\t3\t8\t1\t4\t/cut', 'latin1')]);
    const l = parseStoreListing(out);
    expect(l.entries.map((e) => e.path)).toEqual(['/a']);
    expect(l.malformed).toBe(2);
  });

  it('reads magic as hex and text whole, unreadable files apart', () => {
    const r = parseStoreReads(rec('G\t/x/binlog.000001', ' fe 62 69 6e 00 00 00 01\n', 'T\t/x/PG_VERSION', '15\n', 'E\t/x/gone'));
    expect(r.magic.get('/x/binlog.000001')).toBe('fe62696e00000001');
    expect(r.texts.get('/x/PG_VERSION')).toBe('15\n');
    expect([...r.unreadable]).toEqual(['/x/gone']);
  });

  it('counts its inputs so a split by xargs is refused, not half-read', () => {
    expect(listingInput([{ path: '/var/log', depth: 6 }])).toEqual(['spoolscope-data-stores', '1', '/var/log', '6']);
    expect(readInput([{ path: '/a', what: 'magic' }, { path: '/b', what: 4096 }])).toEqual(['spoolscope-data-stores-read', '2', 'm', '/a', 't4096', '/b']);
  });
});
