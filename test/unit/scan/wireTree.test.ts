import { describe, expect, it } from 'vitest';
import { ScanTree } from '../../../src/main/core/scan/scanTree';
import { splitRelPath } from '../../../src/main/core/scan/scanRecordParser';
import { countWireNodes, toWireTree } from '../../../src/main/core/scan/wireTree';
import type { WireTreeNode } from '../../../src/shared/models';

function bigTree(dirs: number, filesPerDir: number): ScanTree {
  const t = new ScanTree();
  let ino = 1;
  t.add({ dev: 1, ino: ino++, type: 'd', size: 4096, blocks: 8, nlink: 2, mtime: 1, dirPath: '', name: '' });
  for (let d = 0; d < dirs; d++) {
    t.add({ dev: 1, ino: ino++, type: 'd', size: 4096, blocks: 8, nlink: 2, mtime: 1, ...splitRelPath(`d${d}`) });
    for (let f = 0; f < filesPerDir; f++) {
      t.add({ dev: 1, ino: ino++, type: 'f', size: f + d, blocks: f + d, nlink: 1, mtime: 1, ...splitRelPath(`d${d}/f${f}`) });
    }
  }
  return t;
}

function sumChildren(n: WireTreeNode): number {
  return (n.children ?? []).reduce((s, c) => s + c.allocatedBytes, 0);
}

describe('wire tree aggregation', () => {
  it('keeps a 100,000-file root small: at most topN children per directory plus one "more" entry', () => {
    const t = bigTree(100, 1000);
    const wire = toWireTree(t, { depth: 3, topN: 20 });
    expect(wire.children!.length).toBe(21);
    const more = wire.children!.at(-1)!;
    expect(more.kind).toBe('more');
    expect(more.moreCount).toBe(80);
    expect(countWireNodes(wire)).toBeLessThanOrEqual(1 + 21 + 20 * 21);
    expect(JSON.stringify(wire).length).toBeLessThan(200_000);
  });

  it('keeps the bytes: children plus "more" add up to the parent minus its own blocks', () => {
    const t = bigTree(30, 50);
    const wire = toWireTree(t, { depth: 2, topN: 7 });
    expect(sumChildren(wire)).toBe(wire.allocatedBytes - 4096);
    for (const c of wire.children!.filter((c) => c.kind === 'dir')) expect(sumChildren(c)).toBe(c.allocatedBytes - 4096);
  });

  it('shows the largest children first', () => {
    const wire = toWireTree(bigTree(10, 10), { depth: 1, topN: 5 });
    const sizes = wire.children!.filter((c) => c.kind !== 'more').map((c) => c.allocatedBytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('marks directories cut by the depth limit as truncated, and can expand them by id', () => {
    const t = bigTree(3, 3);
    const wire = toWireTree(t, { depth: 1, topN: 10 });
    const d = wire.children!.find((c) => c.kind === 'dir')!;
    expect(d.truncated).toBe(true);
    expect(d.children).toBeUndefined();
    const deeper = toWireTree(t, { depth: 1, topN: 10 }, t.dirById(d.id)!);
    expect(deeper.children!.length).toBe(3);
    expect(deeper.path).toBe(d.path);
  });
});

describe('per-directory memory bound', () => {
  it('keeps fewer than PLAIN_FOLD_AT (1.5x MAX_PLAIN_FILES_KEPT) plain files per directory, summing the rest without losing bytes', async () => {
    const { MAX_PLAIN_FILES_KEPT, PLAIN_FOLD_AT } = await import('../../../src/main/core/scan/scanTree');
    const t = bigTree(1, 5000);
    const d = t.root.dirs.get('d0')!;
    expect(d.groups.size).toBeLessThan(PLAIN_FOLD_AT);
    expect(PLAIN_FOLD_AT).toBeLessThan(2 * MAX_PLAIN_FILES_KEPT);
    t.computeTotals();
    const expected = (4999 * 5000) / 2; // blocks f+d for f in 0..4999, d = 0
    expect(d.totals.allocatedBytes - 4096).toBe(expected * 512);
    expect(d.totals.files).toBe(5000);
    const wire = toWireTree(t, { depth: 2, topN: 50 });
    const dw = wire.children![0];
    expect(dw.children!.length).toBe(51);
    expect(dw.children![0].name).toBe('f4999');
    expect(dw.children!.at(-1)!.moreCount).toBe(4950);
    expect(sumChildren(dw)).toBe(dw.allocatedBytes - 4096);
  });

  it('never folds partition files: every segment stays listed', async () => {
    const { collectPartitions } = await import('../../../src/main/core/scan/partitionList');
    const t = new ScanTree();
    t.add({ dev: 1, ino: 1, type: 'd', size: 4096, blocks: 8, nlink: 2, mtime: 1, dirPath: '', name: '' });
    for (let i = 0; i < 1000; i++) {
      t.add({ dev: 1, ino: 10 + i, type: 'f', size: 1, blocks: 1, nlink: 1, mtime: 1, dirPath: '', name: `seg-${String(i).padStart(6, '0')}.log` });
    }
    expect(collectPartitions(t)).toHaveLength(1000);
  });
});

describe('folding inside partitions', () => {
  it('folds segment-like files inside a day directory (the day is the unit), not in a spool dir', async () => {
    const { collectPartitions } = await import('../../../src/main/core/scan/partitionList');
    const { MAX_PLAIN_FILES_KEPT } = await import('../../../src/main/core/scan/scanTree');
    const t = new ScanTree();
    const d = (dirPath: string, name: string) => t.add({ dev: 1, ino: 0, type: 'd', size: 4096, blocks: 8, nlink: 2, mtime: 1, dirPath, name });
    d('', '');
    d('', '2026');
    d('2026', '120');
    d('', 'spool');
    let ino = 100;
    for (let i = 0; i < 1000; i++) {
      const name = `chunk-${String(i).padStart(6, '0')}.log`;
      t.add({ dev: 1, ino: ino++, type: 'f', size: i, blocks: 1, nlink: 1, mtime: 1, dirPath: '2026/120', name });
      t.add({ dev: 1, ino: ino++, type: 'f', size: i, blocks: 1, nlink: 1, mtime: 1, dirPath: 'spool', name });
    }
    const day = t.dirById(t.root.dirs.get('2026')!.dirs.get('120')!.id)!;
    expect(day.groups.size).toBeLessThan(2 * MAX_PLAIN_FILES_KEPT);
    expect(t.root.dirs.get('spool')!.groups.size).toBe(1000);
    t.computeTotals();
    expect(day.totals.files).toBe(1000);
    const parts = collectPartitions(t);
    expect(parts.filter((p) => p.kind === 'day')).toHaveLength(1);
    expect(parts.filter((p) => p.kind === 'segment')).toHaveLength(1000);
  });
});
