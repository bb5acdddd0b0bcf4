import { beforeEach, describe, expect, it } from 'vitest';
import type { WireTreeNode } from '../../../src/shared/models';
import { useScanStore } from '../../../src/renderer/src/state/scanStore';
import { useViewStore } from '../../../src/renderer/src/state/viewStore';
import { fail, flush, installFakeApi } from './fakeApi';
import { treeReply } from './scanReplies';
import { allNodes, dir, file, more } from './wireTreeFixtures';

const api = installFakeApi();

// logs/app/{a.log,b.log}, logs/deep/ (children not fetched yet), logs/"more"; z.log
const a = file('logs/app/a.log', 10);
const app = dir('logs/app', [a, file('logs/app/b.log', 10)]);
const deep = dir('logs/deep', [], { truncated: true, allocatedBytes: 30 });
const logs = dir('logs', [app, deep, more('logs', 5, 9)]);
const tree = dir('', [logs, file('z.log', 10)]);

/** The backend's whole tree (logs/deep loaded): scan.tree answers the subtree of the node asked for. */
function answerFromFullTree(): void {
  const fullDeep = { ...dir('logs/deep', [file('logs/deep/x.log', 30)]), id: deep.id };
  const full = { ...tree, children: [{ ...logs, children: [app, fullDeep, logs.children![2]] }, tree.children![1]] };
  api.answer('scan.tree', (r) => treeReply('nodeId' in r && r.nodeId !== undefined ? allNodes(full).find((n) => n.id === r.nodeId)! : full));
}

function showScan(t: WireTreeNode | null, jobId = 'j1'): void {
  useScanStore.setState({ jobId, tree: t });
}

beforeEach(() => {
  api.reset();
  useScanStore.setState(useScanStore.getInitialState());
  useViewStore.setState({ focusChain: [], selectedKey: null, zooming: false, notice: null, tab: 'treemap' });
  showScan(tree);
  // A new tree fetches what its first levels need on its own (treemapChains.test.ts): not these tests' subject.
  api.reset();
  useViewStore.setState({ zooming: false });
});

describe('view store', () => {
  it('goes back to the root of a new job, with nothing selected', () => {
    useViewStore.setState({ focusChain: [tree.id, logs.id], selectedKey: 'logs/app', notice: 'x' });
    showScan(null, 'j2');
    expect(useViewStore.getState()).toMatchObject({ focusChain: [], selectedKey: null, notice: null });
    showScan(tree, 'j2');
    expect(useViewStore.getState()).toMatchObject({ focusChain: [tree.id], selectedKey: null });
  });

  it('zooms into a loaded node without fetching, selecting what it is asked to', async () => {
    await useViewStore.getState().zoomTo([tree.id, logs.id, app.id], 'logs/app/a.log');
    expect(useViewStore.getState()).toMatchObject({ focusChain: [tree.id, logs.id, app.id], selectedKey: 'logs/app/a.log', zooming: false });
    expect(api.calls).toEqual([]);
  });

  it('fetches the levels a zoom needs first, showing it is busy meanwhile', async () => {
    const fetched = { ...dir('logs/deep', [file('logs/deep/x.log', 30)]), id: deep.id };
    const zoom = useViewStore.getState().zoomTo([tree.id, logs.id, deep.id]);
    expect(useViewStore.getState().zooming).toBe(true);
    expect(api.requests('scan.tree')).toEqual([{ jobId: 'j1', nodeId: deep.id, depth: 4 }]);
    api.reply('scan.tree', treeReply(fetched));
    await zoom;
    expect(useViewStore.getState()).toMatchObject({ focusChain: [tree.id, logs.id, deep.id], zooming: false });
    expect(useScanStore.getState().tree!.children![0].children![1]).toBe(fetched);
  });

  it('zooms out one level keeping the place: the node it came out of is selected', async () => {
    answerFromFullTree();
    useViewStore.setState({ focusChain: [tree.id, logs.id, app.id] });
    await useViewStore.getState().zoomOut();
    expect(useViewStore.getState()).toMatchObject({ focusChain: [tree.id, logs.id], selectedKey: 'logs/app' });
  });

  it('does not zoom out past the root', async () => {
    useViewStore.setState({ focusChain: [tree.id], selectedKey: 'z.log' });
    await useViewStore.getState().zoomOut();
    expect(useViewStore.getState()).toMatchObject({ focusChain: [tree.id], selectedKey: 'z.log' });
  });

  it('clears a notice when something is selected', () => {
    useViewStore.setState({ notice: 'folded' });
    useViewStore.getState().select('z.log');
    expect(useViewStore.getState()).toMatchObject({ selectedKey: 'z.log', notice: null });
  });

  it('reveals a partition in its directory, selected', async () => {
    await useViewStore.getState().reveal('logs/app/a.log');
    expect(useViewStore.getState()).toMatchObject({ focusChain: [tree.id, logs.id, app.id], selectedKey: 'logs/app/a.log', notice: null });
  });

  it('fetches what stands between it and a path not loaded yet', async () => {
    const day = dir('logs/deep/2026-04-30', [file('logs/deep/2026-04-30/x.log', 30)]);
    api.answer('scan.tree', () => treeReply({ ...dir('logs/deep', [day]), id: deep.id }));
    await useViewStore.getState().reveal('logs/deep/2026-04-30');
    expect(useViewStore.getState()).toMatchObject({ focusChain: [tree.id, logs.id, deep.id], selectedKey: 'logs/deep/2026-04-30' });
  });

  it('says so when the path is folded into a "more" entry, and shows the directory holding it', async () => {
    answerFromFullTree();
    await useViewStore.getState().reveal('logs/2019-01-01');
    expect(useViewStore.getState()).toMatchObject({ focusChain: [tree.id, logs.id], notice: 'logs/2019-01-01 is folded into a "more" entry at this level' });
  });

  it('stops at the loaded part when fetching the rest fails', async () => {
    api.answer('scan.tree', () => fail('job expired', 'not_found'));
    await useViewStore.getState().reveal('logs/deep/x');
    await flush();
    expect(useViewStore.getState().focusChain).toEqual([tree.id, logs.id, deep.id]);
    expect(useViewStore.getState().notice).toContain('logs/deep/x');
  });
});
