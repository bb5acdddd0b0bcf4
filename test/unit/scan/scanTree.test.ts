import { describe, expect, it } from 'vitest';
import { ScanTree } from '../../../src/main/core/scan/scanTree';
import { collectPartitions } from '../../../src/main/core/scan/partitionList';
import { splitRelPath, type ScanRecord } from '../../../src/main/core/scan/scanRecordParser';

let ino = 100;
function rec(relPath: string, over: Partial<ScanRecord> = {}): ScanRecord {
  return { dev: 1, ino: ino++, type: 'f', size: 1000, blocks: 8, nlink: 1, mtime: 1_700_000_000, ...splitRelPath(relPath), ...over };
}
const dir = (relPath: string) => rec(relPath, { type: 'd', size: 4096, blocks: 8 });

describe('scan tree', () => {
  it('counts a hard-linked inode once, wherever its links are', () => {
    const t = new ScanTree();
    t.add(dir(''));
    t.add(dir('a'));
    t.add(dir('b'));
    t.add(rec('a/x', { ino: 7, nlink: 2, size: 5000, blocks: 16 }));
    t.add(rec('b/y', { ino: 7, nlink: 2, size: 5000, blocks: 16 }));
    t.computeTotals();
    expect(t.root.totals.allocatedBytes).toBe(3 * 4096 + 16 * 512);
    expect(t.root.totals.apparentBytes).toBe(3 * 4096 + 5000);
    expect(t.root.totals.files).toBe(2);
    // same inode number on another device is another file
    t.add(rec('b/z', { dev: 2, ino: 7, nlink: 2, size: 5000, blocks: 16 }));
    t.computeTotals();
    expect(t.root.totals.allocatedBytes).toBe(3 * 4096 + 32 * 512);
  });

  it('counts a sparse file by its blocks for allocated and its size for apparent', () => {
    const t = new ScanTree();
    t.add(dir(''));
    t.add(rec('sparse.img', { size: 1 << 30, blocks: 8 }));
    t.computeTotals();
    expect(t.root.totals.allocatedBytes).toBe(4096 + 4096);
    expect(t.root.totals.apparentBytes).toBe(4096 + (1 << 30));
  });

  it('keeps file and dir counts and the newest and oldest mtime per subtree', () => {
    const t = new ScanTree();
    t.add(dir(''));
    t.add(dir('d'));
    t.add(dir('d/e'));
    t.add(rec('d/e/old', { mtime: 100 }));
    t.add(rec('d/new', { mtime: 300 }));
    t.add(rec('top', { mtime: 200 }));
    t.computeTotals();
    const d = t.root.dirs.get('d')!;
    expect(d.totals).toMatchObject({ files: 2, dirs: 2, newestMtime: 300, oldestMtime: 100 });
    expect(t.root.totals).toMatchObject({ files: 3, dirs: 2, newestMtime: 300, oldestMtime: 100 });
  });

  it('groups a SQLite file with its -wal, -shm and -journal into one unit', () => {
    const t = new ScanTree();
    t.add(dir(''));
    t.add(rec('logs.sqlite-wal', { blocks: 10 }));
    t.add(rec('logs.sqlite', { blocks: 100 }));
    t.add(rec('logs.sqlite-shm', { blocks: 1 }));
    t.computeTotals();
    expect(t.root.groups.size).toBe(1);
    const g = t.root.groups.get('logs.sqlite')!;
    expect(g.members).toEqual(['logs.sqlite-wal', 'logs.sqlite', 'logs.sqlite-shm']);
    expect(g.allocatedBytes).toBe(111 * 512);
    expect(g.files).toBe(3);
  });

  it('lists outermost partitions: a day directory, not the SQLite file inside it', () => {
    const t = new ScanTree();
    t.add(dir(''));
    for (const p of ['core', 'core/2026', 'core/2026/119', 'core/2026/120', 'wal']) t.add(dir(p));
    t.add(rec('core/2026/119/logs.sqlite'));
    t.add(rec('core/2026/120/logs.sqlite', { blocks: 1000 }));
    t.add(rec('core/2026/120/logs.sqlite-wal'));
    t.add(rec('wal/00000000000000000001.log'));
    t.add(rec('app.log.2.gz'));
    t.add(rec('app.log'));
    const parts = collectPartitions(t).sort((a, b) => a.path.localeCompare(b.path));
    expect(parts.map((p) => [p.path, p.kind, p.files])).toEqual([
      ['app.log.2.gz', 'rotated', 1],
      ['core/2026/119', 'day', 1],
      ['core/2026/120', 'day', 2],
      ['wal/00000000000000000001.log', 'segment', 1],
    ]);
  });

  it('accepts a file whose directory record never came (a stream that skipped it)', () => {
    const t = new ScanTree();
    t.add(dir(''));
    t.add(rec('x/y/z.log'));
    t.computeTotals();
    expect(t.root.dirs.get('x')!.dirs.get('y')!.totals.files).toBe(1);
  });
});
