// Single-directory chains (hero/var/logs/core) are one band, one level: the layout draws the band with its
// joined name and the partitions inside it at once, the tile's id chain passes through every directory
// (so zooming in lands at its end), the view fetches what the depth limit left out of the first levels
// when a tree arrives, and zooming out skips the levels that would show one band alone.
import { beforeEach, describe, expect, it } from 'vitest';
import { useScanStore } from '../../../src/renderer/src/state/scanStore';
import { useViewStore } from '../../../src/renderer/src/state/viewStore';
import { layoutTreemap } from '../../../src/renderer/src/treemap/layout';
import { chainLabel, collapsedChain, truncatedWithin } from '../../../src/renderer/src/treemap/tree';
import { flush, installFakeApi } from './fakeApi';
import { treeReply } from './scanReplies';
import { dir, file, partition } from './wireTreeFixtures';

const api = installFakeApi();

function days(base: string): ReturnType<typeof partition>[] {
  return [120, 119, 118, 117].map((d) => partition(`${base}/2026/${d}`, 'day', [file(`${base}/2026/${d}/logs.sqlite`, d === 120 ? 58_000_000 : 2_300_000)]));
}

/** The incident's shape: hero/var/logs/core/2026/<days>, and a small sibling at the root. */
function incidentTree() {
  const year = dir('hero/var/logs/core/2026', days('hero/var/logs/core'));
  const core = dir('hero/var/logs/core', [year, file('hero/var/logs/core/LOCK', 0)]);
  const logs = dir('hero/var/logs', [core]);
  const v = dir('hero/var', [logs]);
  const hero = dir('hero', [v]);
  const root = dir('', [hero, file('README', 4_000_000)]);
  return { root, hero, v, logs, core, year };
}

describe('collapsed chains', () => {
  it('runs down single-directory parents, ignoring empty entries, and stops at a fork, a partition, a link or an unloaded level', () => {
    const { hero, v, logs, core, year } = incidentTree();
    // core holds 2026 and a zero-byte LOCK: one entry with bytes, so the chain goes on to 2026.
    expect(collapsedChain(hero)).toEqual([hero, v, logs, core, year]);
    expect(chainLabel(collapsedChain(hero))).toBe('hero/var/logs/core/2026');
    expect(collapsedChain(year)).toEqual([year]);
    const onlyPartition = dir('a', [partition('a/2026-01-01', 'day', [file('a/2026-01-01/x', 5)])]);
    expect(collapsedChain(onlyPartition)).toEqual([onlyPartition]);
    const linked = dir('b', [dir('b/l', [file('b/l/x', 5)], { link: true })]);
    expect(collapsedChain(linked)).toEqual([linked]);
    const unloaded = dir('c', [dir('c/d', [], { truncated: true, allocatedBytes: 9 })]);
    expect(collapsedChain(unloaded)).toHaveLength(2);
    expect(collapsedChain(dir('e', [], { truncated: true, allocatedBytes: 9 }))).toHaveLength(1);
  });

  it('draws the chain as one band at the first level with the day partitions inside it, the runaway day largest', () => {
    const { root, hero, v, logs, core, year } = incidentTree();
    const tiles = layoutTreemap(root, [root.id], 1000, 700, 8);
    const band = tiles.find((t) => t.label === 'hero/var/logs/core/2026');
    expect(band).toMatchObject({ depth: 1, leaf: false, key: 'hero/var/logs/core/2026' });
    expect(band!.chain).toEqual([root.id, hero.id, v.id, logs.id, core.id, year.id]);
    const inside = tiles.filter((t) => t.parentKey === band!.key);
    expect(inside.map((t) => t.node.partition)).toEqual(['day', 'day', 'day', 'day']);
    expect(inside[0].label).toBe('120');
    // No tile for the directories the band passes through.
    expect(tiles.some((t) => ['hero', 'hero/var', 'hero/var/logs', 'hero/var/logs/core'].includes(t.key))).toBe(false);
  });

  it('lists the unloaded directories the first drawn levels need, counting a chain as one level', () => {
    const stub = dir('hero/var/logs/core', [], { truncated: true, allocatedBytes: 60_000_000 });
    const logs = dir('hero/var/logs', [stub]);
    const v = dir('hero/var', [logs]);
    const hero = dir('hero', [v]);
    const root = dir('', [hero, file('README', 1)]);
    expect(truncatedWithin(root, [root.id], 3)).toEqual([[root.id, hero.id, v.id, logs.id, stub.id]]);
    expect(truncatedWithin(root, [root.id], 3, 0)).toEqual([]);
    const { root: loaded } = incidentTree();
    expect(truncatedWithin(loaded, [loaded.id], 3)).toEqual([]);
  });
});

describe('the view and chains', () => {
  beforeEach(() => {
    api.reset();
    useScanStore.setState({ ...useScanStore.getInitialState(), jobId: 'j1', tree: null });
    useViewStore.setState({ focusChain: [], selectedKey: null, zooming: false, notice: null, tab: 'treemap' });
  });

  it('fetches the rest of a chain the depth limit cut when a tree arrives, so its partitions are drawn without a click', async () => {
    const full = incidentTree();
    const stub = { ...full.core, children: undefined, truncated: true };
    const cut = { ...full.root, children: [{ ...full.hero, children: [{ ...full.v, children: [{ ...full.logs, children: [stub] }] }] }, full.root.children![1]] };
    api.answer('scan.tree', () => treeReply(full.core));
    useScanStore.setState({ tree: cut });
    await flush();
    expect(api.requests('scan.tree')).toEqual([{ jobId: 'j1', nodeId: full.core.id, depth: 4 }]);
    const tiles = layoutTreemap(useScanStore.getState().tree!, [full.root.id], 1000, 700, 8);
    expect(tiles.find((t) => t.key === 'hero/var/logs/core/2026/120')).toMatchObject({ leaf: true, depth: 2 });
    expect(useViewStore.getState()).toMatchObject({ focusChain: [full.root.id], zooming: false });
  });

  it('lets a zoom made while the first levels are fetched stand, and keeps its selection', async () => {
    const full = incidentTree();
    const stub = { ...full.core, children: undefined, truncated: true };
    const other = dir('other', [file('other/a.log', 5_000_000), file('other/b.log', 4_000_000)]);
    const cut = { ...full.root, children: [{ ...full.hero, children: [{ ...full.v, children: [{ ...full.logs, children: [stub] }] }] }, other] };
    useScanStore.setState({ tree: cut });
    await flush();
    expect(api.pending('scan.tree')).toBe(1);
    await useViewStore.getState().zoomTo([cut.id, other.id], 'other/b.log');
    api.reply('scan.tree', treeReply(full.core));
    await flush();
    expect(useViewStore.getState()).toMatchObject({ focusChain: [cut.id, other.id], selectedKey: 'other/b.log', zooming: false });
    // The fetched levels were grafted all the same.
    expect(useScanStore.getState().tree!.children![0].children![0].children![0].children![0]).toBe(full.core);
  });

  it('zooms out past the directories a chain passes through, back to where the band is drawn, the band selected', async () => {
    const { root, hero, v, logs, core, year } = incidentTree();
    useScanStore.setState({ tree: root });
    await flush();
    useViewStore.setState({ focusChain: [root.id, hero.id, v.id, logs.id, core.id, year.id] });
    await useViewStore.getState().zoomOut();
    expect(useViewStore.getState()).toMatchObject({ focusChain: [root.id], selectedKey: 'hero/var/logs/core/2026' });
  });
});
