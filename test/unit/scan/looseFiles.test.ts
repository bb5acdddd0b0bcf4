import { describe, expect, it } from 'vitest';
import { ScanTree } from '../../../src/main/core/scan/scanTree';
import { looseFiles } from '../../../src/main/core/scan/looseFiles';
import { summarize } from '../../../src/main/core/scan/partitionList';
import { toWireTree } from '../../../src/main/core/scan/wireTree';
import { splitRelPath, type ScanRecord } from '../../../src/main/core/scan/scanRecordParser';

let ino = 100;
function rec(relPath: string, over: Partial<ScanRecord> = {}): ScanRecord {
  return { dev: 1, ino: ino++, type: 'f', size: 1000, blocks: 8, nlink: 1, mtime: 1_700_000_000, ...splitRelPath(relPath), ...over };
}
const dir = (relPath: string) => rec(relPath, { type: 'd', size: 0, blocks: 0 });
const KiB = 1024;

describe('loose files: large files that are no partition, and links named like one', () => {
  it('lists an active log beside its rotated partitions, but no file inside a partition', () => {
    const t = new ScanTree();
    t.add(dir(''));
    t.add(dir('app'));
    t.add(rec('app/app.log', { blocks: 400 }));
    t.add(rec('app/app.log.1.gz', { blocks: 100 }));
    t.add(dir('store'));
    t.add(dir('store/2026-05-01'));
    t.add(rec('store/2026-05-01/big.bin', { blocks: 4000 }));
    const loose = looseFiles(t);
    expect(loose.map((f) => [f.path, f.kind])).toEqual([['app/app.log', 'file']]);
    expect(loose[0].allocatedBytes).toBe(400 * 512);
    const summary = summarize(t, '/r', { limit: 10, partial: false, errors: [] });
    expect(summary.looseFiles).toEqual(loose);
    expect(summary.partitions.map((p) => p.path).sort()).toEqual(['app/app.log.1.gz', 'store/2026-05-01']);
  });

  it('keeps the N largest, plus every file of at least the share of the root, and no more', () => {
    const t = new ScanTree();
    t.add(dir(''));
    // 300 small files of 1 KiB..300 KiB, then 3 files each over 1% of the root.
    for (let i = 1; i <= 300; i++) t.add(rec(`small-${i}.txt`, { blocks: (i * KiB) / 512 }));
    for (let i = 1; i <= 3; i++) t.add(rec(`huge-${i}.txt`, { blocks: (10_000 * KiB) / 512 }));
    const loose = looseFiles(t, { largest: 5, minShare: 0.01, links: 50 });
    expect(loose.map((f) => f.path)).toEqual(['huge-1.txt', 'huge-2.txt', 'huge-3.txt', 'small-300.txt', 'small-299.txt']);
    // Five over the share with a top of 3: all five still show.
    const share = looseFiles(t, { largest: 1, minShare: 0.01, links: 50 });
    expect(share.map((f) => f.path)).toEqual(['huge-1.txt', 'huge-2.txt', 'huge-3.txt']);
  });

  it('shows a symlink named like a segment as a link, never as a partition', () => {
    const t = new ScanTree();
    t.add(dir(''));
    t.add(dir('wal'));
    t.add(rec('wal/segment-000041.log', { blocks: 2048 }));
    t.add(rec('wal/segment-000042.log', { type: 'l', size: 22, blocks: 0 }));
    t.add(rec('wal/current', { type: 'l', size: 22, blocks: 0 }));
    const summary = summarize(t, '/r', { limit: 10, partial: false, errors: [] });
    expect(summary.partitions.map((p) => p.path)).toEqual(['wal/segment-000041.log']);
    // "current" is not named like a partition: nothing would have mistaken it for one.
    expect(summary.looseFiles.filter((f) => f.kind === 'link').map((f) => f.path)).toEqual(['wal/segment-000042.log']);
    const wal = toWireTree(t, { depth: 3, topN: 10 }).children!.find((c) => c.name === 'wal')!;
    const link = wal.children!.find((c) => c.name === 'segment-000042.log')!;
    expect(link).toMatchObject({ link: true, partition: null });
    expect(wal.children!.find((c) => c.name === 'segment-000041.log')!.link).toBeUndefined();
  });

  it('names a file with invalid UTF-8 or a newline as the tree does', () => {
    const t = new ScanTree();
    t.add(dir(''));
    t.add(rec('bad\xff\nname.log', { blocks: 100 }));
    const shown = toWireTree(t, { depth: 1, topN: 10 }).children![0].path;
    expect(looseFiles(t)[0].path).toBe(shown);
    expect(shown).toContain('\\xff');
  });
});
