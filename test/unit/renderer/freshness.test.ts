// @vitest-environment happy-dom
// Views that never go stale, with fake timers: the filesystem list is re-read every 5 s for this machine
// and 15 s for an SSH node only while the page is visible, at once when a root is added or the page shows
// again, with one request in flight; hidden usage is read again when opened with figures over a minute
// old; a reclaim refreshes what it changed; a scan remembers when it ended.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HeldReport, ReclaimPlan } from '../../../src/shared/heldModels';
import type { Filesystem, Root } from '../../../src/shared/models';
import { LOCAL_FILESYSTEMS_MS, pollFilesystems, SSH_FILESYSTEMS_MS } from '../../../src/renderer/src/state/filesystemPolling';
import { HELD_MAX_AGE_MS, useHeldStore } from '../../../src/renderer/src/state/heldStore';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { useNodeStore } from '../../../src/renderer/src/state/nodeStore';
import { useScanStore } from '../../../src/renderer/src/state/scanStore';
import { flush, installFakeApi, ok } from './fakeApi';
import { progress, summary, treeReply } from './scanReplies';
import { dir } from './wireTreeFixtures';

const api = installFakeApi();

function fs(mount: string): Filesystem {
  return { mount, source: 'tmpfs', fstype: 'tmpfs', sizeBytes: 100, usedBytes: 50, availBytes: 50, inodesTotal: 10, inodesUsed: 1, inodesAvail: 9, fillRatio: 0.5, level: 'ok' };
}

const listing = (...mounts: string[]) => ok({ filesystems: mounts.map(fs), rootMounts: [], partial: false, errors: [] });

function heldReport(): HeldReport {
  return { holders: [], filesystems: [], totalHeldBytes: 0, memory: [], memoryBytes: 0, moreMemory: 0, partial: false, errors: [], scannedAt: 1 };
}

let visibility: DocumentVisibilityState = 'visible';
function setVisibility(v: DocumentVisibilityState): void {
  visibility = v;
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Advances the fake clock and lets the store's promise chains run. */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await flush();
}

let stop: (() => void) | null = null;

beforeEach(() => {
  vi.useFakeTimers();
  api.reset();
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  visibility = 'visible';
  useNavStore.setState({ screen: 'node', node: 'local' });
  useNodeStore.getState().reset();
  useHeldStore.getState().reset();
});

afterEach(() => {
  stop?.();
  stop = null;
  vi.useRealTimers();
});

describe('the filesystem list', () => {
  it('is re-read every 5 s for this machine, and a filesystem mounted meanwhile appears', async () => {
    let mounts = ['/'];
    api.answer('node.filesystems', () => listing(...mounts));
    stop = pollFilesystems();
    await advance(LOCAL_FILESYSTEMS_MS - 1);
    expect(api.requests('node.filesystems')).toHaveLength(0);
    await advance(1);
    expect(api.requests('node.filesystems')).toEqual([{ node: 'local' }]);
    mounts = ['/', '/mnt/new'];
    await advance(LOCAL_FILESYSTEMS_MS);
    expect(api.requests('node.filesystems')).toHaveLength(2);
    expect(useNodeStore.getState().filesystems.map((f) => f.mount)).toEqual(['/', '/mnt/new']);
  });

  it('is re-read every 15 s for an SSH node', async () => {
    useNavStore.setState({ node: 'db7' });
    api.answer('node.filesystems', () => listing('/'));
    stop = pollFilesystems();
    await advance(SSH_FILESYSTEMS_MS - 1);
    expect(api.requests('node.filesystems')).toHaveLength(0);
    await advance(1);
    expect(api.requests('node.filesystems')).toEqual([{ node: 'db7' }]);
    await advance(SSH_FILESYSTEMS_MS);
    expect(api.requests('node.filesystems')).toHaveLength(2);
  });

  it('stops while the page is hidden, and reads at once when it shows again', async () => {
    api.answer('node.filesystems', () => listing('/'));
    stop = pollFilesystems();
    await advance(LOCAL_FILESYSTEMS_MS);
    expect(api.requests('node.filesystems')).toHaveLength(1);
    setVisibility('hidden');
    await advance(LOCAL_FILESYSTEMS_MS * 10);
    expect(api.requests('node.filesystems')).toHaveLength(1);
    setVisibility('visible');
    await flush();
    expect(api.requests('node.filesystems')).toHaveLength(2);
    await advance(LOCAL_FILESYSTEMS_MS);
    expect(api.requests('node.filesystems')).toHaveLength(3);
  });

  it('schedules nothing after a read answered while the page is hidden', async () => {
    stop = pollFilesystems();
    await advance(LOCAL_FILESYSTEMS_MS);
    setVisibility('hidden');
    api.reply('node.filesystems', listing('/'));
    await advance(LOCAL_FILESYSTEMS_MS * 10);
    expect(api.requests('node.filesystems')).toHaveLength(1);
  });

  it('keeps one request in flight: a slow node never piles them up, and the next waits a whole interval', async () => {
    stop = pollFilesystems();
    await advance(LOCAL_FILESYSTEMS_MS);
    expect(api.pending('node.filesystems')).toBe(1);
    // The node takes a minute to answer: no tick sends another meanwhile, nor does the page showing again.
    await advance(60_000);
    setVisibility('hidden');
    setVisibility('visible');
    await flush();
    expect(api.requests('node.filesystems')).toHaveLength(1);
    api.reply('node.filesystems', listing('/'));
    await advance(LOCAL_FILESYSTEMS_MS - 1);
    expect(api.requests('node.filesystems')).toHaveLength(1);
    await advance(1);
    expect(api.requests('node.filesystems')).toHaveLength(2);
  });

  it('stops when the node view closes', async () => {
    api.answer('node.filesystems', () => listing('/'));
    stop = pollFilesystems();
    stop();
    setVisibility('hidden');
    setVisibility('visible');
    await advance(LOCAL_FILESYSTEMS_MS * 3);
    expect(api.requests('node.filesystems')).toHaveLength(0);
  });

  it('is re-read at once when a root is added, with the mount df names for it', async () => {
    const root: Root = { path: '/srv/bind/logs', addedAt: 1, isDefault: false };
    api.answer('roots.add', () => ok({ roots: [root] }));
    api.answer('node.filesystems', () => ok({ filesystems: [fs('/'), fs('/srv/bind')], rootMounts: [{ root: root.path, mount: '/srv/bind' }], partial: false, errors: [] }));
    stop = pollFilesystems();
    expect(await useNodeStore.getState().addRoot(root.path)).toBeNull();
    await flush();
    expect(api.requests('node.filesystems')).toHaveLength(1);
    expect(useNodeStore.getState().rootMounts).toEqual({ '/srv/bind/logs': '/srv/bind' });
  });

  it('reads once more after a read in flight when a root is added meanwhile (its answer predates the root)', async () => {
    api.answer('roots.add', () => ok({ roots: [{ path: '/data', addedAt: 1, isDefault: false }] }));
    const tick = useNodeStore.getState().refreshFilesystems();
    await useNodeStore.getState().addRoot('/data');
    expect(api.pending('node.filesystems')).toBe(1);
    api.reply('node.filesystems', listing('/'));
    await flush();
    expect(api.pending('node.filesystems')).toBe(1);
    api.reply('node.filesystems', ok({ filesystems: [fs('/'), fs('/data')], rootMounts: [{ root: '/data', mount: '/data' }], partial: false, errors: [] }));
    await tick;
    expect(useNodeStore.getState().rootMounts).toEqual({ '/data': '/data' });
    expect(api.requests('node.filesystems')).toHaveLength(2);
  });
});

describe('hidden usage', () => {
  it('is read again when opened with figures over a minute old, not sooner', async () => {
    api.answer('held.scan', () => ok(heldReport()));
    // Opened before anything was read: read.
    await useHeldStore.getState().refreshIfStale();
    expect(api.requests('held.scan')).toHaveLength(1);
    await advance(HELD_MAX_AGE_MS);
    await useHeldStore.getState().refreshIfStale();
    expect(api.requests('held.scan')).toHaveLength(1);
    await advance(1);
    await useHeldStore.getState().refreshIfStale();
    expect(api.requests('held.scan')).toHaveLength(2);
  });

  it('is not asked twice while a read is on its way', async () => {
    const first = useHeldStore.getState().refreshIfStale();
    void useHeldStore.getState().refreshIfStale();
    expect(api.requests('held.scan')).toHaveLength(1);
    api.reply('held.scan', ok(heldReport()));
    await first;
  });

  it('after a reclaim, reads itself and the filesystems again, once more after a filesystem read in flight', async () => {
    const plan: ReclaimPlan = { planId: 'p1', node: 'local', createdAt: 1, entries: [{ pid: 10, fd: 3, comm: 'w', unit: null, path: '/spool/x', dev: 1, ino: 2, startTime: 3, allocatedBytes: 4096, mount: '/', warnings: [] }], refused: [], expectedFreeBytes: 4096, warnings: [] };
    useHeldStore.setState({ reclaim: { stage: 'plan', plan, label: 'x' } });
    api.answer('held.reclaim', () => ok({ planId: 'p1', truncated: [], skipped: [], freedBytes: 4096, filesystems: [], audited: true, auditError: null }));
    api.answer('held.scan', () => ok(heldReport()));
    const tick = useNodeStore.getState().refreshFilesystems();
    const confirming = useHeldStore.getState().confirm();
    await flush();
    expect(api.requests('held.scan')).toHaveLength(1);
    api.reply('node.filesystems', listing('/'));
    await flush();
    expect(api.pending('node.filesystems')).toBe(1);
    api.reply('node.filesystems', listing('/'));
    await Promise.all([tick, confirming]);
    expect(api.requests('node.filesystems')).toHaveLength(2);
  });
});

describe('scan age', () => {
  it('remembers when the job was seen to end, and forgets it with the job', async () => {
    const off = useScanStore.getState().init();
    api.answer('scan.start', () => ok({ jobId: 'j1' }));
    api.answer('scan.progress', () => ok(progress('j1', 'running')));
    api.answer('scan.tree', () => treeReply(dir('', [])));
    api.answer('scan.summary', () => ok(summary()));
    vi.setSystemTime(1_000_000);
    await useScanStore.getState().start('/var/log');
    expect(useScanStore.getState().finishedAt).toBeNull();
    vi.setSystemTime(1_005_000);
    api.emit('scan.progress', progress('j1', 'done'));
    expect(useScanStore.getState().finishedAt).toBe(1_005_000);
    // A repeated end does not move it.
    vi.setSystemTime(1_009_000);
    api.emit('scan.progress', progress('j1', 'done'));
    expect(useScanStore.getState().finishedAt).toBe(1_005_000);
    useScanStore.getState().reset();
    expect(useScanStore.getState().finishedAt).toBeNull();
    off();
  });
});
