import { describe, expect, it } from 'vitest';
import { earlierSizes, treeChanges } from '../../../src/main/core/history/treeChanges';
import type { WireTreeNode } from '../../../src/shared/models';

const node = (id: number, path: string, kind: WireTreeNode['kind'], allocatedBytes: number, partition: WireTreeNode['partition'] = null, children?: WireTreeNode[]): WireTreeNode => ({
  id, name: path.split('/').pop()!, path, kind, partition, allocatedBytes, apparentBytes: 0, files: 0, dirs: 0, newestMtime: null, oldestMtime: null, truncated: false, ...(children ? { children } : {}),
});

const tree = node(1, '', 'dir', 1000, null, [
  node(2, 'logs', 'dir', 900, null, [
    node(3, 'logs/120', 'dir', 600, 'day', [node(4, 'logs/120/inner', 'dir', 600, null), node(5, 'logs/120/x.log', 'file', 100)]),
    node(6, 'logs/121', 'dir', 300, 'day'),
  ]),
  node(7, 'active.log', 'file', 100),
  node(8, 'bad\\xffseg-000001.log', 'file', 0, 'segment'),
  node(-1, '', 'more', 5),
]);

describe('tree changes', () => {
  it("gives each tracked node its size then, 0 when it appeared, and null for what the history does not keep", () => {
    const earlier = earlierSizes({ entries: [{ path: 'logs', kind: 'dir', allocatedBytes: 500, apparentBytes: 0, files: 0 }, { path: 'logs/120', kind: 'day', allocatedBytes: 400, apparentBytes: 0, files: 0 }, { path: 'bad\xffseg-000001.log', kind: 'segment', allocatedBytes: 64, apparentBytes: 0, files: 0 }], cut: { count: 0, allocatedBytes: 0, largestBytes: 0 } }, 700);
    const byId = new Map(treeChanges(tree, earlier).map((c) => [c.id, c]));
    expect(byId.get(1)).toEqual({ id: 1, beforeBytes: 700, deltaBytes: 300 });
    expect(byId.get(2)).toEqual({ id: 2, beforeBytes: 500, deltaBytes: 400 });
    expect(byId.get(3)).toEqual({ id: 3, beforeBytes: 400, deltaBytes: 200 });
    expect(byId.get(6)).toEqual({ id: 6, beforeBytes: 0, deltaBytes: 300 });
    // A raw invalid byte in the history matches the wire's escaped display path.
    expect(byId.get(8)).toEqual({ id: 8, beforeBytes: 64, deltaBytes: -64 });
    // Inside a partition, plain files and "more": not kept, so not known.
    for (const id of [4, 5, 7]) expect(byId.get(id)).toEqual({ id, beforeBytes: null, deltaBytes: null });
    expect(byId.has(-1)).toBe(false);
  });

  it('calls nothing new against a scan cut at its limit, and knows a subtree inside a partition', () => {
    const cut = earlierSizes({ entries: [], cut: { count: 9, allocatedBytes: 9, largestBytes: 1 } }, 700);
    expect(treeChanges(tree, cut).find((c) => c.id === 6)).toEqual({ id: 6, beforeBytes: null, deltaBytes: null });
    const sub = node(4, 'logs/120/inner', 'dir', 600, null);
    expect(treeChanges(sub, earlierSizes({ entries: [], cut: { count: 0, allocatedBytes: 0, largestBytes: 0 } }, 0), true)).toEqual([{ id: 4, beforeBytes: null, deltaBytes: null }]);
  });
});
