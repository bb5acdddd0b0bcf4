import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireTreeNode } from '../../../src/shared/models';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { TREE_DEPTH, useScanStore } from '../../../src/renderer/src/state/scanStore';
import { fail, flush, installFakeApi, ok } from './fakeApi';
import { progress, summary, treeReply } from './scanReplies';
import { dir, file } from './wireTreeFixtures';

const api = installFakeApi();
let unsubscribe: () => void = () => undefined;

/** Starts a scan of `root` whose scan.start answers `jobId`, and answers its first progress poll as running. */
async function startRunning(root: string, jobId: string): Promise<void> {
  const started = useScanStore.getState().start(root);
  api.reply('scan.start', ok({ jobId }));
  await flush();
  api.reply('scan.progress', ok(progress(jobId, 'running')));
  await started;
}

function answerResults(tree: WireTreeNode): void {
  api.answer('scan.tree', () => treeReply(tree));
  api.answer('scan.summary', () => ok(summary()));
}

beforeEach(() => {
  vi.useFakeTimers();
  api.reset();
  useNavStore.setState({ node: 'local' });
  useScanStore.setState(useScanStore.getInitialState());
  unsubscribe = useScanStore.getState().init();
});

afterEach(() => {
  useScanStore.getState().reset();
  unsubscribe();
  vi.useRealTimers();
});

describe('scan store: a finished scan stays finished', () => {
  it.each(['done', 'cancelled', 'failed'] as const)('ignores a late running snapshot after %s, pushed or polled', async (end) => {
    answerResults(dir('', [file('a.log', 100)]));
    await startRunning('/var/log', 'j1');
    // A poll goes out while the scan still runs...
    await vi.advanceTimersByTimeAsync(1_000);
    expect(api.pending('scan.progress')).toBe(1);
    api.emit('scan.progress', progress('j1', end, 50));
    await flush();
    expect(useScanStore.getState().progress?.state).toBe(end);

    // ...and its answer, taken before the end, arrives after it; so does a pushed one (the wire, a reconnect).
    api.reply('scan.progress', ok(progress('j1', 'running', 40)));
    api.emit('scan.progress', progress('j1', 'running', 45));
    await flush();
    expect(useScanStore.getState().progress).toMatchObject({ state: end, filesSeen: 50 });
    expect(api.requests('scan.tree')).toHaveLength(1);
  });

  it('stops polling when the scan ends and fetches the results once, even if the end is reported twice', async () => {
    const tree = dir('', [file('a.log', 100)]);
    answerResults(tree);
    await startRunning('/var/log', 'j1');
    expect(api.requests('scan.progress')).toHaveLength(1);
    // Polls while running, as a safety net under pushed events.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(api.requests('scan.progress')).toHaveLength(2);
    api.reply('scan.progress', ok(progress('j1', 'running', 20)));

    api.emit('scan.progress', progress('j1', 'done', 30));
    api.emit('scan.progress', progress('j1', 'done', 30));
    await flush();
    expect(api.requests('scan.tree')).toEqual([{ jobId: 'j1', depth: TREE_DEPTH }]);
    expect(api.requests('scan.summary')).toEqual([{ jobId: 'j1' }]);
    expect(useScanStore.getState()).toMatchObject({ tree, loadingResults: false, resultsError: null });

    await vi.advanceTimersByTimeAsync(5_000);
    expect(api.requests('scan.progress')).toHaveLength(2);
  });

  it('ignores snapshots of another job', async () => {
    await startRunning('/var/log', 'j1');
    api.emit('scan.progress', progress('other', 'done'));
    await flush();
    expect(useScanStore.getState().progress).toMatchObject({ jobId: 'j1', state: 'running' });
    expect(api.requests('scan.tree')).toEqual([]);
  });
});

describe('scan store: jobs', () => {
  it('starts a scan of the root on the node the view shows', async () => {
    useNavStore.setState({ node: 'db7' });
    await startRunning('/srv/spool', 'j1');
    expect(api.requests('scan.start')).toEqual([{ node: 'db7', root: '/srv/spool' }]);
    expect(useScanStore.getState()).toMatchObject({ root: '/srv/spool', jobId: 'j1', progress: { state: 'running' } });
  });

  it('shows a start error inline', async () => {
    api.answer('scan.start', () => fail('not a configured root'));
    await useScanStore.getState().start('/nope');
    expect(useScanStore.getState()).toMatchObject({ root: '/nope', jobId: null, startError: 'not a configured root' });
  });

  it('cancels the running scan and forgets its results when another root is started', async () => {
    await startRunning('/var/log', 'j1');
    void useScanStore.getState().start('/srv/spool');
    expect(api.requests('scan.cancel')).toEqual([{ jobId: 'j1' }]);
    expect(useScanStore.getState()).toMatchObject({ root: '/srv/spool', jobId: null, progress: null, tree: null });
  });

  it('a newer start wins: the job of a slower, older start is cancelled when its reply comes', async () => {
    const older = useScanStore.getState().start('/var/log');
    const newer = useScanStore.getState().start('/srv/spool');
    api.reply('scan.start', ok({ jobId: 'j-new' }), (r) => r.root === '/srv/spool');
    await flush();
    api.reply('scan.progress', ok(progress('j-new', 'running')));
    await newer;
    api.reply('scan.start', ok({ jobId: 'j-old' }));
    await older;
    expect(useScanStore.getState()).toMatchObject({ root: '/srv/spool', jobId: 'j-new' });
    expect(api.requests('scan.cancel')).toEqual([{ jobId: 'j-old' }]);
  });

  it('reset() cancels the running scan, and a start still waiting for its reply is cancelled when it comes', async () => {
    await startRunning('/var/log', 'j1');
    useScanStore.getState().reset();
    expect(api.requests('scan.cancel')).toEqual([{ jobId: 'j1' }]);
    expect(useScanStore.getState()).toMatchObject({ root: null, jobId: null, progress: null });

    const inFlight = useScanStore.getState().start('/srv/spool');
    useScanStore.getState().reset();
    api.reply('scan.start', ok({ jobId: 'j2' }));
    await inFlight;
    expect(api.requests('scan.cancel')).toEqual([{ jobId: 'j1' }, { jobId: 'j2' }]);
    expect(useScanStore.getState().jobId).toBeNull();
  });

  it('drops results that arrive for a job no longer on screen', async () => {
    await startRunning('/var/log', 'j1');
    api.emit('scan.progress', progress('j1', 'done'));
    await flush();
    useScanStore.getState().reset();
    api.reply('scan.tree', treeReply(dir('', [file('a', 1)])));
    api.reply('scan.summary', ok(summary()));
    await flush();
    expect(useScanStore.getState()).toMatchObject({ tree: null, summary: null, loadingResults: false });
  });

  it('cancel() asks the backend and then shows the state it reports', async () => {
    answerResults(dir('', [file('a', 1)]));
    await startRunning('/var/log', 'j1');
    api.answer('scan.cancel', () => ok({ cancelled: true }));
    api.answer('scan.progress', () => ok(progress('j1', 'cancelled')));
    await useScanStore.getState().cancel();
    expect(api.requests('scan.cancel')).toEqual([{ jobId: 'j1' }]);
    expect(useScanStore.getState().progress?.state).toBe('cancelled');
  });

  it('dates ages from the newest write under the root, never from the future', async () => {
    vi.setSystemTime(new Date('2026-05-01T00:00:00Z'));
    const now = Date.now() / 1000;
    answerResults(dir('', [file('a', 1)], { newestMtime: now - 86_400 }));
    await startRunning('/var/log', 'j1');
    api.emit('scan.progress', progress('j1', 'done'));
    await flush();
    expect(useScanStore.getState().ageRefSec).toBe(now - 86_400);

    answerResults(dir('', [file('a', 1)], { newestMtime: now + 3_600 }));
    await startRunning('/var/log', 'j2');
    api.emit('scan.progress', progress('j2', 'done'));
    await flush();
    expect(useScanStore.getState().ageRefSec).toBe(now);
  });

  it('shows a results error inline and no tree', async () => {
    api.answer('scan.tree', () => fail('job expired', 'not_found'));
    api.answer('scan.summary', () => ok(summary()));
    await startRunning('/var/log', 'j1');
    api.emit('scan.progress', progress('j1', 'done'));
    await flush();
    expect(useScanStore.getState()).toMatchObject({ tree: null, resultsError: 'job expired', loadingResults: false });
  });
});

describe('scan store: deeper levels', () => {
  const stub = dir('logs', [], { truncated: true, allocatedBytes: 500 });
  const root = dir('', [stub, file('z', 5)]);

  async function finished(): Promise<void> {
    answerResults(root);
    await startRunning('/var/log', 'j1');
    api.emit('scan.progress', progress('j1', 'done'));
    await flush();
    api.reset();
  }

  it('fetches the levels below a node by id and grafts them into the tree', async () => {
    await finished();
    const fetched = { ...dir('logs', [file('logs/a.log', 500)]), id: stub.id };
    api.answer('scan.tree', () => treeReply(fetched));
    expect(await useScanStore.getState().expand([root.id, stub.id])).toBe(true);
    expect(api.requests('scan.tree')).toEqual([{ jobId: 'j1', nodeId: stub.id, depth: TREE_DEPTH }]);
    expect(useScanStore.getState().tree!.children![0]).toBe(fetched);
  });

  it('refuses a chain that does not resolve, and reports a failed fetch', async () => {
    await finished();
    expect(await useScanStore.getState().expand([root.id, 424_242])).toBe(false);
    expect(api.calls).toEqual([]);
    api.answer('scan.tree', () => fail('gone', 'not_found'));
    expect(await useScanStore.getState().expand([root.id, stub.id])).toBe(false);
    expect(useScanStore.getState().resultsError).toBe('gone');
  });

  it('drops a fetched level when the job changed meanwhile', async () => {
    await finished();
    const pending = useScanStore.getState().expand([root.id, stub.id]);
    useScanStore.getState().reset();
    api.reply('scan.tree', treeReply(dir('logs', [])));
    expect(await pending).toBe(false);
    expect(useScanStore.getState().tree).toBeNull();
  });
});
