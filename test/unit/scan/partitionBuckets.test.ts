import { describe, expect, it } from 'vitest';
import { ScanTree } from '../../../src/main/core/scan/scanTree';
import { collectPartitions, oldestPartitionMtime, summarize } from '../../../src/main/core/scan/partitionList';
import { toWireTree } from '../../../src/main/core/scan/wireTree';
import { ageCuts, ageRangeOf, bucketLabel } from '../../../src/main/core/scan/partitionBuckets';
import { classifyFile, isDayDirectory } from '../../../src/main/core/common/partitionPatterns';
import { historyEntriesOf } from '../../../src/main/core/history/historyEntries';
import { splitRelPath, type ScanRecord } from '../../../src/main/core/scan/scanRecordParser';
import type { PartitionSummary } from '../../../src/shared/models';
import { mulberry32 } from '../../support/mulberry32';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0) / 1000; // 2026-12-07 12:00 UTC
const HOUR = 3600;
const DAY = 86_400;

let ino = 1000;
function rec(relPath: string, over: Partial<ScanRecord> = {}): ScanRecord {
  return { dev: 1, ino: ino++, type: 'f', size: 1000, blocks: 8, nlink: 1, mtime: NOW, ...splitRelPath(relPath), ...over };
}
const dir = (relPath: string) => rec(relPath, { type: 'd', size: 4096, blocks: 8 });
const seg = (i: number) => `seg-${String(i).padStart(5, '0')}.log`;

/** 20 directories of 50 segments each, sizes and ages varied: 1,000 partitions. */
function spool(budget: number): { tree: ScanTree; allocated: number; apparent: number; files: number } {
  const tree = new ScanTree({ partitionBudget: budget, nowSec: NOW });
  tree.add(dir(''));
  let allocated = 4096;
  let apparent = 4096;
  let files = 0;
  for (let d = 0; d < 20; d++) {
    tree.add(dir(`wal${d}`));
    allocated += 4096;
    apparent += 4096;
    for (let i = 0; i < 50; i++) {
      const blocks = 8 * (1 + ((d * 50 + i) % 7));
      const size = blocks * 512 - 17;
      const mtime = NOW - ((d * 50 + i) % 90) * DAY - i * 60;
      tree.add(rec(`wal${d}/${seg(i)}`, { blocks, size, mtime }));
      allocated += blocks * 512;
      apparent += size;
      files++;
    }
  }
  return { tree, allocated, apparent, files };
}

const sum = (ps: PartitionSummary[], f: (p: PartitionSummary) => number) => ps.reduce((n, p) => n + f(p), 0);

describe('partition budget and age buckets', () => {
  it('keeps exactly the budget of partitions one by one once read, and buckets the rest', () => {
    const { tree } = spool(100);
    const ps = collectPartitions(tree);
    expect(ps.filter((p) => p.kind !== 'bucket')).toHaveLength(100);
    expect(ps.some((p) => p.kind === 'bucket')).toBe(true);
    // Under the budget nothing is bucketed.
    expect(collectPartitions(spool(1000).tree).filter((p) => p.kind === 'bucket')).toEqual([]);
  });

  it('preserves the totals exactly: the root, the partitions with their buckets, and each directory', () => {
    const { tree, allocated, apparent, files } = spool(100);
    tree.computeTotals();
    expect(tree.root.totals.allocatedBytes).toBe(allocated);
    expect(tree.root.totals.apparentBytes).toBe(apparent);
    expect(tree.root.totals.files).toBe(files);
    const ps = collectPartitions(tree);
    expect(sum(ps, (p) => p.allocatedBytes)).toBe(allocated - 21 * 4096);
    expect(sum(ps, (p) => p.apparentBytes)).toBe(apparent - 21 * 4096);
    expect(sum(ps, (p) => (p.kind === 'bucket' ? p.count! : 1))).toBe(1000);
    expect(sum(ps, (p) => p.files)).toBe(1000);
    const unbudgeted = spool(1_000_000).tree;
    unbudgeted.computeTotals();
    for (const d of tree.root.dirs.values()) expect(d.totals).toEqual(unbudgeted.root.dirs.get(d.name)!.totals);
  });

  it('keeps the largest partitions, and of equal ones the newest; buckets hold only the rest', () => {
    const { tree } = spool(100);
    const ps = collectPartitions(tree);
    const single = ps.filter((p) => p.kind !== 'bucket');
    const smallestKept = Math.min(...single.map((p) => p.allocatedBytes));
    for (const b of ps.filter((p) => p.kind === 'bucket')) {
      // Every file in a bucket is at most as large as the smallest kept: a bucket's bytes over its count.
      expect(b.allocatedBytes / b.count!).toBeLessThanOrEqual(smallestKept);
    }
    // Equal sizes: the budget is met by the newest.
    const t = new ScanTree({ partitionBudget: 10, nowSec: NOW });
    t.add(dir(''));
    t.add(dir('wal'));
    for (let i = 0; i < 25; i++) t.add(rec(`wal/${seg(i)}`, { mtime: NOW - (25 - i) * 60 }));
    const kept = collectPartitions(t).filter((p) => p.kind !== 'bucket');
    expect(kept.map((p) => p.path).sort()).toEqual(Array.from({ length: 10 }, (_, k) => `wal/${seg(15 + k)}`));
  });

  it('buckets by calendar age: hours for yesterday and today, then days, months, years; ranges never overlap', () => {
    const cuts = ageCuts(NOW);
    expect(ageRangeOf(NOW - 5 * 60, cuts)).toMatchObject({ unit: 'hour', from: NOW - HOUR, to: NOW });
    expect(ageRangeOf(NOW - 30 * HOUR, cuts).unit).toBe('hour');
    expect(ageRangeOf(NOW - 3 * DAY, cuts)).toMatchObject({ unit: 'day', to: ageRangeOf(NOW - 3 * DAY, cuts).from + DAY });
    expect(ageRangeOf(NOW - 100 * DAY, cuts)).toMatchObject({ unit: 'month', from: Date.UTC(2026, 7, 1) / 1000, to: Date.UTC(2026, 8, 1) / 1000 });
    expect(ageRangeOf(NOW - 1000 * DAY, cuts)).toMatchObject({ unit: 'month', from: Date.UTC(2024, 2, 1) / 1000 });
    expect(ageRangeOf(NOW - 1200 * DAY, cuts)).toMatchObject({ unit: 'year', from: Date.UTC(2023, 0, 1) / 1000, to: Date.UTC(2024, 0, 1) / 1000 });
    // Walking back an hour at a time over three years, each range holds its time and starts where the
    // previous (older) one ended or later: no two ranges overlap.
    let prev = ageRangeOf(NOW + HOUR, cuts);
    for (let t = NOW; t > NOW - 3 * 365 * DAY; t -= HOUR) {
      const r = ageRangeOf(t, cuts);
      expect(t >= r.from && t < r.to).toBe(true);
      if (r.from !== prev.from) expect(r.to).toBeLessThanOrEqual(prev.from);
      prev = r;
    }
  });

  it('puts every file in the bucket of its own kind and range, files of other ranges and kinds interleaved', () => {
    // Seeded: runs of files of one hour, then a jump anywhere in three years, segments and rotated files mixed,
    // so a file often follows one of another bucket. The truth: each file's kind and ageRangeOf, grouped.
    const draw = mulberry32(17);
    const cuts = ageCuts(NOW);
    const t = new ScanTree({ partitionBudget: 1, nowSec: NOW });
    t.add(dir(''));
    t.add(dir('mix'));
    const truth = new Map<string, { count: number; allocatedBytes: number }>();
    // First, each region's edge from both sides: the last second of a range, then the first of the next.
    const edges = [cuts.hourFrom, cuts.dayFrom, cuts.monthFrom, NOW - (NOW % HOUR), NOW - (NOW % DAY) - 3 * DAY].flatMap((e) => [e - 1, e, e - 1]);
    let mtime = NOW;
    for (let i = 0; i < 3000; i++) {
      if (i < edges.length) mtime = edges[i];
      else if (draw() < 0.2) mtime = NOW - Math.floor(draw() * 3 * 365 * DAY);
      else mtime -= Math.floor(draw() * 600);
      const name = i < edges.length || draw() < 0.5 ? seg(i) : `app${i}.log.1`;
      const blocks = 8;
      t.add(rec(`mix/${name}`, { blocks, mtime }));
      const kind = classifyFile(name).partition!;
      const key = `${kind}:${ageRangeOf(mtime, cuts).from}`;
      const b = truth.get(key) ?? { count: 0, allocatedBytes: 0 };
      b.count++;
      b.allocatedBytes += blocks * 512;
      truth.set(key, b);
    }
    const got = new Map<string, { count: number; allocatedBytes: number }>();
    const partitions = collectPartitions(t).filter((p) => p.path.startsWith('mix/'));
    // The budget keeps one file apart: count it where it would have gone.
    for (const p of partitions) {
      const key = p.kind === 'bucket' ? `${p.bucket!.memberKind}:${p.bucket!.from}` : `${p.kind}:${ageRangeOf(p.newestMtime!, cuts).from}`;
      const b = got.get(key) ?? { count: 0, allocatedBytes: 0 };
      b.count += p.kind === 'bucket' ? p.count! : 1;
      b.allocatedBytes += p.allocatedBytes;
      got.set(key, b);
    }
    expect(new Map([...got].sort())).toEqual(new Map([...truth].sort()));
    expect(truth.size).toBeGreaterThan(40);
  });

  it("names a bucket by its kind and range, never a name a partition or a day directory could have", () => {
    const cuts = ageCuts(NOW);
    const labels = [NOW, NOW - 5 * DAY, NOW - 200 * DAY, NOW - 2000 * DAY].map((t) => bucketLabel('segment', ageRangeOf(t, cuts)));
    expect(labels).toEqual(['[segments 2026-12-07 12h]', '[segments 2026-12-02]', '[segments 2026-05]', '[segments 2021]']);
    for (const l of [...labels, bucketLabel('rotated', ageRangeOf(NOW, cuts))]) {
      expect(classifyFile(l).partition).toBeNull();
      expect(isDayDirectory(l, ['2026'])).toBe(false);
    }
  });

  it('lists buckets in scan.summary with count, bytes, mtimes and what they stand for, and in the wire tree as one node', () => {
    const { tree } = spool(100);
    const s = summarize(tree, '/spool', { limit: 100_000, partial: false, errors: [] });
    const b = s.partitions.find((p) => p.kind === 'bucket')!;
    expect(b.count).toBeGreaterThan(0);
    expect(b.bucket!.memberKind).toBe('segment');
    expect(b.path.startsWith(`${b.bucket!.dir}/[segments `)).toBe(true);
    expect(b.oldestMtime!).toBeGreaterThanOrEqual(b.bucket!.from);
    expect(b.newestMtime!).toBeLessThan(b.bucket!.to);
    const wire = toWireTree(tree, { depth: 3, topN: 100_000 });
    const node = wire.children!.find((c) => c.path === b.bucket!.dir)!.children!.find((c) => c.path === b.path)!;
    expect(node).toMatchObject({ kind: 'bucket', partition: 'segment', count: b.count, allocatedBytes: b.allocatedBytes, id: b.id });
  });

  it("lists the summary's largest by a size threshold: the same set as a full sort, the rest summed exactly", () => {
    const { tree } = spool(100);
    const all = summarize(tree, '/spool', { limit: 100_000, partial: false, errors: [] });
    const byPath = (a: PartitionSummary, b: PartitionSummary) => b.allocatedBytes - a.allocatedBytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    for (const limit of [0, 1, 37, 150]) {
      const s = summarize(tree, '/spool', { limit, partial: false, errors: [] });
      expect(s.partitions).toHaveLength(limit);
      // Sizes match the full list's largest (ties may pick other members of equal size).
      expect(s.partitions.map((p) => p.allocatedBytes)).toEqual([...all.partitions].sort(byPath).slice(0, limit).map((p) => p.allocatedBytes));
      expect(s.morePartitions.count).toBe(all.partitions.length - limit);
      expect(s.morePartitions.allocatedBytes + sum(s.partitions, (p) => p.allocatedBytes)).toBe(sum(all.partitions, (p) => p.allocatedBytes));
    }
  });

  it('finds the oldest partition inside a bucket, not its directory', () => {
    const t = new ScanTree({ partitionBudget: 2, nowSec: NOW });
    t.add(dir(''));
    t.add(dir('wal'));
    for (let i = 0; i < 6; i++) t.add(rec(`wal/${seg(i)}`, { mtime: NOW - (6 - i) * DAY }));
    expect(collectPartitions(t).some((p) => p.kind === 'bucket')).toBe(true);
    expect(oldestPartitionMtime(t)).toBe(NOW - 6 * DAY);
  });

  it('keeps buckets in the scan history by directory and age range, and a second scan of the same files gives the same entries', () => {
    const a = historyEntriesOf(spool(100).tree).entries.filter((e) => e.kind === 'bucket');
    const b = historyEntriesOf(spool(100).tree).entries.filter((e) => e.kind === 'bucket');
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(a.every((e) => /^wal\d+\/\[segments \d{4}(-\d{2}){0,2}( \d{2}h)?\]$/.test(e.path))).toBe(true);
  });

  it('never budgets day directories, SQLite sets or links, nor files inside a partition', () => {
    const t = new ScanTree({ partitionBudget: 1, nowSec: NOW });
    t.add(dir(''));
    t.add(dir('2026-12-01'));
    for (let i = 0; i < 5; i++) t.add(rec(`2026-12-01/${seg(i)}`));
    for (let i = 0; i < 5; i++) t.add(rec(`db${i}.sqlite`));
    for (let i = 0; i < 5; i++) t.add(rec(`l-${seg(i)}`, { type: 'l' }));
    const ps = collectPartitions(t);
    expect(ps.filter((p) => p.kind === 'bucket')).toEqual([]);
    expect(ps.filter((p) => p.kind === 'sqlite')).toHaveLength(5);
    expect(ps.filter((p) => p.kind === 'day')).toHaveLength(1);
  });
});
