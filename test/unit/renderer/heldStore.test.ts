import { beforeEach, describe, expect, it } from 'vitest';
import type { HeldFile, HeldHolder, HeldReport, ReclaimPlan, ReclaimResult } from '../../../src/shared/heldModels';
import { holderLabel, sortHolders, useHeldStore } from '../../../src/renderer/src/state/heldStore';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { fail, flush, installFakeApi, ok } from './fakeApi';

const api = installFakeApi();

function heldFile(pid: number, fd: number): HeldFile {
  return {
    pid,
    fd,
    path: `/spool/seg-${fd}\n$(x) (deleted)`,
    sizeBytes: 1_000,
    allocatedBytes: 4_096,
    dev: 2049,
    ino: pid * 1000 + fd,
    flags: 0o2001,
    pos: 0,
    writable: true,
    append: true,
    mapped: false,
    mapper: null,
    mount: '/',
    readOnly: false,
    duplicate: false,
  };
}

function holder(pid: number, fds: number[], heldBytes = fds.length * 4_096, unit: string | null = null): HeldHolder {
  return { pid, comm: `proc${pid}`, cmdline: `proc${pid} --run`, startTime: 100, uid: 0, unit, heldBytes, fileCount: fds.length, files: fds.map((fd) => heldFile(pid, fd)), moreFiles: 0 };
}

function report(...holders: HeldHolder[]): HeldReport {
  return { holders, filesystems: [], totalHeldBytes: holders.reduce((s, h) => s + h.heldBytes, 0), memory: [], memoryBytes: 0, moreMemory: 0, partial: false, errors: [], scannedAt: 1 };
}

function plan(planId: string, pid: number, fds: number[]): ReclaimPlan {
  return {
    planId,
    node: 'local',
    createdAt: 1,
    entries: fds.map((fd) => ({ pid, fd, comm: `proc${pid}`, unit: null, path: `/spool/${fd}`, dev: 2049, ino: fd, startTime: 100, allocatedBytes: 4_096, mount: '/', warnings: [] })),
    refused: [],
    expectedFreeBytes: fds.length * 4_096,
    warnings: [],
  };
}

function result(planId: string): ReclaimResult {
  return { planId, truncated: [], skipped: [], freedBytes: 4_096, filesystems: [], audited: true, auditError: null };
}

beforeEach(() => {
  api.reset();
  useNavStore.setState({ node: 'local' });
  useHeldStore.getState().reset();
  useHeldStore.setState({ sort: { key: 'bytes', desc: true } });
});

describe('held store: the report', () => {
  it('shows a failed scan inline, as a value, and keeps going', async () => {
    api.answer('held.scan', () => fail('held.scan is not offered by this backend', 'bad_request'));
    await useHeldStore.getState().refresh();
    expect(useHeldStore.getState()).toMatchObject({ loading: false, error: { code: 'bad_request', message: 'held.scan is not offered by this backend' }, report: null });
  });

  it('keeps what the user opened and picked where it still exists after a refresh', async () => {
    api.answer('held.scan', () => ok(report(holder(10, [3, 4, 5]), holder(20, [7]))));
    await useHeldStore.getState().refresh();
    const s = useHeldStore.getState();
    s.toggleExpanded(10);
    s.toggleExpanded(20);
    s.selectAllFiles(10, [3, 4, 5]);

    // fd 4 was closed and process 20 exited.
    api.answer('held.scan', () => ok(report(holder(10, [3, 5]))));
    await useHeldStore.getState().refresh();
    expect([...useHeldStore.getState().expanded]).toEqual([10]);
    expect(useHeldStore.getState().selection).toEqual({ pid: 10, fds: [3, 5] });

    api.answer('held.scan', () => ok(report(holder(10, [9]))));
    await useHeldStore.getState().refresh();
    expect(useHeldStore.getState().selection).toBeNull();
  });

  it('keeps only the newest refresh: an older reply that comes last is dropped', async () => {
    const older = useHeldStore.getState().refresh();
    const newer = useHeldStore.getState().refresh();
    api.replyNewest('held.scan', ok(report(holder(2, [3]))));
    await newer;
    api.reply('held.scan', ok(report(holder(1, [3]))));
    await older;
    expect(useHeldStore.getState().report!.holders.map((h) => h.pid)).toEqual([2]);
  });

  it('drops a reply about a node the view has left, and one made stale by reset()', async () => {
    const pending = useHeldStore.getState().refresh();
    useNavStore.setState({ node: 'db7' });
    api.reply('held.scan', ok(report(holder(1, [3]))));
    await pending;
    expect(useHeldStore.getState().report).toBeNull();
    expect(api.requests('held.scan')).toEqual([{ node: 'local' }]);

    const again = useHeldStore.getState().refresh();
    useHeldStore.getState().reset();
    api.reply('held.scan', ok(report(holder(1, [3]))));
    await again;
    expect(useHeldStore.getState()).toMatchObject({ report: null, loading: false });
  });
});

describe('held store: the list', () => {
  it('sorts a new column largest first (pid ascending), and flips the same column', () => {
    const s = () => useHeldStore.getState();
    s().setSort('files');
    expect(s().sort).toEqual({ key: 'files', desc: true });
    s().setSort('files');
    expect(s().sort).toEqual({ key: 'files', desc: false });
    s().setSort('pid');
    expect(s().sort).toEqual({ key: 'pid', desc: false });
    s().setSort('pid');
    expect(s().sort).toEqual({ key: 'pid', desc: true });
  });

  it('sorts holders by the key, ties by pid', () => {
    const hs = [holder(30, [1], 100), holder(10, [1, 2], 500), holder(20, [1], 100)];
    expect(sortHolders(hs, { key: 'bytes', desc: true }).map((h) => h.pid)).toEqual([10, 20, 30]);
    expect(sortHolders(hs, { key: 'bytes', desc: false }).map((h) => h.pid)).toEqual([20, 30, 10]);
    expect(sortHolders(hs, { key: 'pid', desc: false }).map((h) => h.pid)).toEqual([10, 20, 30]);
    expect(sortHolders(hs, { key: 'files', desc: true }).map((h) => h.pid)).toEqual([10, 20, 30]);
  });

  it('keeps a selection within one process: picking a file of another starts over; unpicking the last clears it', () => {
    const s = () => useHeldStore.getState();
    s().toggleFile(10, 3);
    s().toggleFile(10, 4);
    expect(s().selection).toEqual({ pid: 10, fds: [3, 4] });
    s().toggleFile(20, 7);
    expect(s().selection).toEqual({ pid: 20, fds: [7] });
    s().toggleFile(20, 7);
    expect(s().selection).toBeNull();
    s().selectAllFiles(10, []);
    expect(s().selection).toBeNull();
  });

  it('opens the holder a treemap tile points at', () => {
    useHeldStore.getState().focusHolder(42);
    expect(useHeldStore.getState().focusPid).toBe(42);
    expect(useHeldStore.getState().expanded.has(42)).toBe(true);
    useHeldStore.getState().focusHolder(null);
    expect(useHeldStore.getState().focusPid).toBeNull();
  });

  it('labels a holder with its pid, name and unit', () => {
    expect(holderLabel({ pid: 4242, comm: 'flowctl-go', unit: 'reactor.service' })).toBe('4242 flowctl-go, reactor.service');
    expect(holderLabel({ pid: 7, comm: '-rf $(x)', unit: null })).toBe('7 -rf $(x)');
  });
});

describe('held store: reclaim', () => {
  beforeEach(async () => {
    api.answer('held.scan', () => ok(report(holder(10, [3, 4], 8_192, 'reactor.service'))));
    api.answer('node.filesystems', () => ok({ filesystems: [], rootMounts: [], partial: false, errors: [] }));
    await useHeldStore.getState().refresh();
    api.calls = [];
  });

  it('asks for a plan first and shows it; nothing is reclaimed without it', async () => {
    const asking = useHeldStore.getState().plan(10, [3]);
    expect(useHeldStore.getState().reclaim).toEqual({ stage: 'planning', pid: 10, fds: [3], label: '1 selected file of 10 proc10, reactor.service' });
    api.reply('held.plan', ok(plan('p1', 10, [3])));
    await asking;
    expect(api.requests('held.plan')).toEqual([{ node: 'local', pid: 10, fds: [3] }]);
    expect(useHeldStore.getState().reclaim).toMatchObject({ stage: 'plan', plan: { planId: 'p1' } });
    expect(api.requests('held.reclaim')).toEqual([]);
  });

  it('plans a whole process without fds, and shows a planning error', async () => {
    api.answer('held.plan', () => fail('process 10 is gone', 'not_found'));
    await useHeldStore.getState().plan(10, null);
    expect(api.requests('held.plan')).toEqual([{ node: 'local', pid: 10 }]);
    expect(useHeldStore.getState().reclaim).toMatchObject({ stage: 'plan-error', label: 'every deleted file held by 10 proc10, reactor.service', message: 'process 10 is gone' });
  });

  it('drops a plan that arrives after the dialog was closed or another process was asked for', async () => {
    const first = useHeldStore.getState().plan(10, [3]);
    useHeldStore.getState().closeReclaim();
    api.reply('held.plan', ok(plan('p1', 10, [3])));
    await first;
    expect(useHeldStore.getState().reclaim).toEqual({ stage: 'closed' });

    const forTen = useHeldStore.getState().plan(10, null);
    const forTwenty = useHeldStore.getState().plan(20, null);
    api.reply('held.plan', ok(plan('p10', 10, [3, 4])));
    await forTen;
    expect(useHeldStore.getState().reclaim).toMatchObject({ stage: 'planning', pid: 20 });
    api.reply('held.plan', ok(plan('p20', 20, [1])));
    await forTwenty;
    expect(useHeldStore.getState().reclaim).toMatchObject({ stage: 'plan', plan: { planId: 'p20' } });
  });

  it('confirms the plan on screen by its id, shows the result, clears the selection, and refreshes what it changed', async () => {
    useHeldStore.getState().selectAllFiles(10, [3]);
    api.answer('held.plan', () => ok(plan('p1', 10, [3])));
    await useHeldStore.getState().plan(10, [3]);
    api.calls = [];
    const confirming = useHeldStore.getState().confirm();
    expect(useHeldStore.getState().reclaim.stage).toBe('reclaiming');
    // Not while it runs.
    useHeldStore.getState().closeReclaim();
    expect(useHeldStore.getState().reclaim.stage).toBe('reclaiming');
    api.reply('held.reclaim', ok(result('p1')));
    await confirming;
    expect(api.requests('held.reclaim')).toEqual([{ planId: 'p1' }]);
    expect(useHeldStore.getState()).toMatchObject({ reclaim: { stage: 'done', result: { freedBytes: 4_096 } }, selection: null });
    expect(api.requests('held.scan')).toHaveLength(1);
    expect(api.requests('node.filesystems')).toHaveLength(1);
  });

  it('shows a failed reclaim and still refreshes', async () => {
    api.answer('held.plan', () => ok(plan('p1', 10, [3])));
    await useHeldStore.getState().plan(10, [3]);
    api.calls = [];
    api.answer('held.reclaim', () => fail('plan expired', 'not_found'));
    await useHeldStore.getState().confirm();
    expect(useHeldStore.getState().reclaim).toMatchObject({ stage: 'reclaim-error', message: 'plan expired' });
    expect(api.requests('held.scan')).toHaveLength(1);
  });

  it('does nothing on confirm without a plan on screen, or with an empty one', async () => {
    await useHeldStore.getState().confirm();
    api.answer('held.plan', () => ok(plan('p0', 10, [])));
    await useHeldStore.getState().plan(10, [3]);
    await useHeldStore.getState().confirm();
    await flush();
    expect(api.requests('held.reclaim')).toEqual([]);
  });
});
