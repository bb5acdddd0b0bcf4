import { describe, expect, it } from 'vitest';
import { chainToPath, graft, isZoomable, needsDeeperLevels, nodeKey, parentPath, resolveChain } from '../../../src/renderer/src/treemap/tree';
import { dir, file, more, partition } from './wireTreeFixtures';

describe('wire tree helpers', () => {
  it('keys a "more" entry apart from the directory whose path it shares', () => {
    const d = dir('spool', [file('spool/a', 10)]);
    const m = more('spool', 5, 3);
    expect(nodeKey(d)).toBe('spool');
    expect(nodeKey(m)).not.toBe(nodeKey(d));
    expect(nodeKey(file('spool/more', 1))).not.toBe(nodeKey(m));
  });

  it('zooms only into real directories with something inside (loaded or still to fetch)', () => {
    expect(isZoomable(dir('a', [file('a/x', 1)]))).toBe(true);
    expect(isZoomable(dir('a', [], { truncated: true }))).toBe(true);
    expect(isZoomable(dir('a', []))).toBe(false);
    expect(isZoomable(file('a.log', 10))).toBe(false);
    expect(isZoomable(more('a', 10, 2))).toBe(false);
    expect(isZoomable({ ...dir('a', [file('a/x', 1)]), id: -4 })).toBe(false);
  });

  it('resolves an id chain from the root, stopping at the first id it cannot find', () => {
    const c = file('a/b/c', 1);
    const b = dir('a/b', [c]);
    const a = dir('a', [b]);
    const root = dir('', [a, file('z', 1)]);
    expect(resolveChain(root, [root.id, a.id, b.id, c.id])).toEqual([root, a, b, c]);
    expect(resolveChain(root, [root.id, a.id, 99_999, c.id])).toEqual([root, a]);
    expect(resolveChain(root, [root.id])).toEqual([root]);
  });

  it('never resolves through a "more" entry, even one carrying the id asked for', () => {
    const real = dir('a/real', [file('a/real/x', 1)]);
    const folded = { ...more('a', 100, 4), id: real.id };
    const a = dir('a', [folded, real]);
    const root = dir('', [a]);
    expect(resolveChain(root, [root.id, a.id, real.id]).at(-1)).toBe(real);
  });

  it('grafts a fetched subtree in place, copying only the nodes along the chain', () => {
    const stub = dir('a/b', [], { truncated: true, allocatedBytes: 50 });
    const sibling = dir('a/s', [file('a/s/f', 3)]);
    const a = dir('a', [stub, sibling]);
    const other = file('z', 7);
    const root = dir('', [a, other]);
    const before = structuredClone(root);
    const fetched = dir('a/b', [file('a/b/1.log', 30), file('a/b/2.log', 20)]);
    fetched.id = stub.id;

    const next = graft(root, [root.id, a.id, stub.id], fetched);
    expect(resolveChain(next, [root.id, a.id, stub.id]).at(-1)).toBe(fetched);
    // Immutable: the old tree is untouched, untouched branches are shared, the path to the graft is new.
    expect(root).toEqual(before);
    expect(next).not.toBe(root);
    expect(next.children![0]).not.toBe(a);
    expect(next.children![1]).toBe(other);
    expect(next.children![0].children![1]).toBe(sibling);
    expect(graft(root, [root.id], fetched)).toBe(fetched);
  });

  it('does not graft onto a "more" entry that shares the target id', () => {
    const target = dir('a/t', [], { truncated: true });
    const folded = { ...more('a', 9, 2), id: target.id };
    const a = dir('a', [folded, target]);
    const root = dir('', [a]);
    const fetched = { ...dir('a/t', [file('a/t/x', 1)]), id: target.id };
    const next = graft(root, [root.id, a.id, target.id], fetched);
    expect(next.children![0].children![0]).toBe(folded);
    expect(next.children![0].children![1]).toBe(fetched);
  });

  it('says whether drawing a node needs levels not fetched yet, not looking inside partitions', () => {
    const truncatedDeep = dir('a', [dir('a/b', [dir('a/b/c', [], { truncated: true })])]);
    expect(needsDeeperLevels(truncatedDeep, 3)).toBe(true);
    expect(needsDeeperLevels(truncatedDeep, 2)).toBe(false);
    expect(needsDeeperLevels(dir('a', [], { truncated: true }), 1)).toBe(true);
    expect(needsDeeperLevels(file('a.log', 1), 5)).toBe(false);
    // A partition is drawn as one tile: what is inside it can wait until it is zoomed into.
    const day = partition('a/2026-04-30', 'day', [], { truncated: true });
    expect(needsDeeperLevels(dir('a', [day]), 5)).toBe(false);
  });

  it('finds the id chain to a display path, however hostile its names', () => {
    const names = ['line\\nbreak', `q'uo"te`, '$(rm -rf ~)', '-rf', 'sp ace', 'bad\\xff', '..'];
    const paths = names.map((_, i) => names.slice(0, i + 1).join('/'));
    const deepest = paths[paths.length - 1];
    // Built inside out: each name a directory holding the next, the last holding end.log.
    let child = file(`${deepest}/end.log`, 5);
    const built = [child];
    for (const p of [...paths].reverse()) {
      child = dir(p, [child]);
      built.unshift(child);
    }
    const root = dir('', [child]);
    const r = chainToPath(root, `${deepest}/end.log`);
    expect(r.found).toBe(true);
    expect(r.chain).toEqual([root.id, ...built.map((n) => n.id)]);
    expect(chainToPath(root, '')).toEqual({ chain: [root.id], found: true, blockedAt: null });
  });

  it('stops at a directory whose children are not loaded yet, and reports a path folded into "more"', () => {
    const pending = dir('logs/2026', [], { truncated: true });
    const logs = dir('logs', [pending, more('logs', 10, 40)]);
    const root = dir('', [logs]);
    expect(chainToPath(root, 'logs/2026/120/x.log')).toEqual({ chain: [root.id, logs.id, pending.id], found: false, blockedAt: pending });
    // Not among the loaded children and nothing left to fetch: folded into the "more" entry.
    expect(chainToPath(root, 'logs/2019')).toEqual({ chain: [root.id, logs.id], found: false, blockedAt: null });
  });

  it('gives the parent display path', () => {
    expect(parentPath('a/b/c.log')).toBe('a/b');
    expect(parentPath('c.log')).toBe('');
    expect(parentPath('')).toBe('');
    expect(parentPath('a/-rf')).toBe('a');
  });
});
