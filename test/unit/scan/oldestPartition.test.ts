import { describe, expect, it } from 'vitest';
import { ScanTree } from '../../../src/main/core/scan/scanTree';
import { oldestPartitionMtime, summarize } from '../../../src/main/core/scan/partitionList';
import { splitRelPath, type ScanRecord } from '../../../src/main/core/scan/scanRecordParser';

let ino = 100;
function rec(relPath: string, over: Partial<ScanRecord> = {}): ScanRecord {
  return { dev: 1, ino: ino++, type: 'f', size: 1000, blocks: 8, nlink: 1, mtime: 1_700_000_000, ...splitRelPath(relPath), ...over };
}
const dir = (relPath: string) => rec(relPath, { type: 'd', size: 0, blocks: 0 });

describe('the oldest partition of a scan', () => {
  it('is the one whose newest file is oldest, found among all partitions even when the summary lists only the largest', () => {
    const t = new ScanTree();
    t.add(dir(''));
    // The oldest day is the smallest, so a summary listing 2 partitions leaves it out.
    const days = [
      ['2026-12-01', 8, 1_764_590_000],
      ['2026-12-02', 400, 1_764_680_000],
      ['2026-12-03', 800, 1_764_770_000],
    ] as const;
    for (const [day, blocks, mtime] of days) {
      t.add(dir(day));
      t.add(rec(`${day}/a.log`, { blocks, mtime }));
      // An older file inside a later day does not make that day the oldest: a partition's age is its newest write.
      t.add(rec(`${day}/b.log`, { blocks: 8, mtime: mtime - 500_000 }));
    }
    const summary = summarize(t, '/r', { limit: 2, partial: false, errors: [] });
    expect(summary.partitions.map((p) => p.path)).toEqual(['2026-12-03', '2026-12-02']);
    expect(oldestPartitionMtime(t)).toBe(1_764_590_000);
  });

  it('is null for a tree without partitions', () => {
    const t = new ScanTree();
    t.add(dir(''));
    t.add(dir('plain'));
    t.add(rec('plain/app.log'));
    expect(oldestPartitionMtime(t)).toBeNull();
  });
});
