import { describe, expect, it } from 'vitest';
import { ScanTree } from '../../../src/main/core/scan/scanTree';
import { historyEntriesOf } from '../../../src/main/core/history/historyEntries';
import { diffEntries } from '../../../src/main/core/history/scanDiff';
import { earlierSizes, treeChanges } from '../../../src/main/core/history/treeChanges';
import { toWireTree } from '../../../src/main/core/scan/wireTree';
import { splitRelPath, type ScanRecord } from '../../../src/main/core/scan/scanRecordParser';
import { bucketLabel, parseBucketLabel, parseBucketPath } from '../../../src/shared/bucketLabel';

const HOUR = 3600;
const DAY = 86_400;
// 2026-12-07 12:00 UTC: yesterday's hours are hour buckets in this scan.
const T1 = Date.UTC(2026, 11, 7, 12) / 1000;
const YESTERDAY_10H = Date.UTC(2026, 11, 6, 10) / 1000;

let ino = 1;
function rec(relPath: string, over: Partial<ScanRecord> = {}): ScanRecord {
  return { dev: 1, ino: ino++, type: 'f', size: 4096, blocks: 8, nlink: 1, mtime: T1, ...splitRelPath(relPath), ...over };
}
const seg = (i: number) => `seg-${String(i).padStart(5, '0')}.log`;

/**
 * A WAL directory of 40 segments over the day before T1 (hours 10 to 13, ten each) and 20 newer ones, with a
 * budget of 20 kept one by one: the old 40 are bucketed. `extra` adds late segments to yesterday's 10h.
 */
function scanAt(nowSec: number, extra = 0): ScanTree {
  const tree = new ScanTree({ partitionBudget: 20, nowSec });
  tree.add(rec('', { type: 'd' }));
  tree.add(rec('wal', { type: 'd' }));
  let i = 0;
  for (let h = 0; h < 4; h++) for (let k = 0; k < 10; k++) tree.add(rec(`wal/${seg(i++)}`, { mtime: YESTERDAY_10H + h * HOUR + k * 60 }));
  for (let k = 0; k < extra; k++) tree.add(rec(`wal/${seg(i++)}`, { mtime: YESTERDAY_10H + 30 * 60 + k }));
  // The newest, and larger: these are the ones kept one by one.
  for (let k = 0; k < 20; k++) tree.add(rec(`wal/${seg(1000 + k)}`, { mtime: T1 - k * 60, blocks: 16, size: 8192 }));
  return tree;
}

const bucketPaths = (tree: ScanTree) =>
  historyEntriesOf(tree)
    .entries.filter((e) => e.kind === 'bucket')
    .map((e) => e.path);

describe('history diff of age buckets', () => {
  it('reads a bucket name back into the kind and range it was made from, and refuses names it cannot have made', () => {
    for (const [unit, from] of [['hour', Date.UTC(2026, 10, 5, 13) / 1000], ['day', Date.UTC(2026, 10, 5) / 1000], ['month', Date.UTC(2024, 1, 1) / 1000], ['year', Date.UTC(2019, 0, 1) / 1000]] as const) {
      const label = bucketLabel('rotated', { from, unit });
      expect(parseBucketLabel(label)).toMatchObject({ kind: 'rotated', from, unit });
    }
    expect(parseBucketLabel('[segments 2024-02]')!.to).toBe(Date.UTC(2024, 2, 1) / 1000);
    for (const bad of ['[segments 2026-02-30]', '[segmnts 2026-11-05]', 'segments 2026-11-05', '[segments 2026-11-05 24h]', '[segments 2026-11-05]x']) expect(parseBucketLabel(bad)).toBeNull();
    expect(parseBucketPath('spool/wal/[segments 2026-11-05]')).toMatchObject({ dir: 'spool/wal', memberKind: 'segment' });
    expect(parseBucketPath('[rotated logs 2026]')).toMatchObject({ dir: '', memberKind: 'rotated', unit: 'year' });
  });

  it('shows nothing for buckets that only aged: yesterday\'s hours, then the same segments as one day', () => {
    const before = scanAt(T1);
    const after = scanAt(T1 + 2 * DAY);
    // The premise: the names really changed between the two scans.
    expect(bucketPaths(before)).toEqual(['wal/[segments 2026-12-06 10h]', 'wal/[segments 2026-12-06 11h]', 'wal/[segments 2026-12-06 12h]', 'wal/[segments 2026-12-06 13h]']);
    expect(bucketPaths(after)).toEqual(['wal/[segments 2026-12-06]']);
    const d = diffEntries(historyEntriesOf(before), historyEntriesOf(after));
    expect(d.entries).toEqual([]);
    expect(d.more).toEqual({ count: 0, deltaBytes: 0 });
  });

  it('names a bucket that really grew while it aged once, by its range now, with both sides summed', () => {
    const before = scanAt(T1);
    const after = scanAt(T1 + 2 * DAY, 3);
    const d = diffEntries(historyEntriesOf(before), historyEntriesOf(after));
    expect(d.entries.filter((e) => e.kind === 'bucket')).toEqual([{ path: 'wal/[segments 2026-12-06]', kind: 'bucket', change: 'grew', beforeBytes: 40 * 4096, afterBytes: 43 * 4096, deltaBytes: 3 * 4096 }]);
    // Its directory grew by the same: the one other entry.
    expect(d.entries.filter((e) => e.kind !== 'bucket').map((e) => [e.path, e.deltaBytes])).toEqual([['wal', 3 * 4096]]);
  });

  it('still calls a run gone when its partitions were reaped, and keeps other directories and kinds apart', () => {
    const before = historyEntriesOf(scanAt(T1));
    const after = historyEntriesOf(scanAt(T1 + 2 * DAY));
    const moved = {
      ...after,
      entries: after.entries.map((e) => (e.kind === 'bucket' ? { ...e, path: e.path.replace('wal/', 'wal2/') } : e)),
    };
    const d = diffEntries(before, moved);
    expect(d.entries.filter((e) => e.kind === 'bucket').map((e) => [e.path, e.change, e.deltaBytes])).toEqual([
      ['wal2/[segments 2026-12-06]', 'appeared', 40 * 4096],
      ['wal/[segments 2026-12-06 10h]', 'went', -10 * 4096],
      ['wal/[segments 2026-12-06 11h]', 'went', -10 * 4096],
      ['wal/[segments 2026-12-06 12h]', 'went', -10 * 4096],
      ['wal/[segments 2026-12-06 13h]', 'went', -10 * 4096],
    ]);
  });
});

describe('Changes colouring of an aged bucket tile', () => {
  it('gives a bucket tile its earlier buckets of the same range summed, not 0 as if it appeared', () => {
    const before = scanAt(T1);
    const after = scanAt(T1 + 2 * DAY, 3);
    const earlier = earlierSizes(historyEntriesOf(before), before.root.totals.allocatedBytes);
    const tree = toWireTree(after, { depth: 3, topN: 50 });
    const dayTile = tree.children!.find((c) => c.path === 'wal')!.children!.find((c) => c.kind === 'bucket')!;
    expect(dayTile.path).toBe('wal/[segments 2026-12-06]');
    const change = treeChanges(tree, earlier).find((c) => c.id === dayTile.id);
    expect(change).toEqual({ id: dayTile.id, beforeBytes: 40 * 4096, deltaBytes: 3 * 4096 });
  });
});
