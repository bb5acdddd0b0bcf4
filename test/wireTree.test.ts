import { describe, expect, it } from 'vitest';
import { ScanTree } from '../src/main/core/scanTree';
import { splitRelPath } from '../src/main/core/scanRecordParser';
import { countWireNodes, toWireTree } from '../src/main/core/wireTree';
import type { WireTreeNode } from '../src/shared/models';

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
