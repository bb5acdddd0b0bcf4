import { beforeEach, describe, expect, it } from 'vitest';
import type { HeldReport } from '../../../src/shared/heldModels';
import { DEFAULT_KEEP_NEWEST, type ReapPlan, type ReapPolicy, type ReapProgress, type ReapResult } from '../../../src/shared/reapModels';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { useNodeStore } from '../../../src/renderer/src/state/nodeStore';
import { plannedPaths, useReapStore, type ReapStage } from '../../../src/renderer/src/state/reapStore';
import { useScanStore } from '../../../src/renderer/src/state/scanStore';
import { fail, flush, installFakeApi, ok } from './fakeApi';

const api = installFakeApi();
const ROOT = '/srv/logs';
const SAVED: ReapPolicy = { maxBytes: 10_000_000, maxAgeDays: 7, keepNewest: 3 };

function plan(planId: string, paths: string[]): ReapPlan {
  return {
    planId,
    node: 'local',
    root: ROOT,
    physicalRoot: ROOT,
    createdAt: 1,
    policy: SAVED,
    manual: null,
    entries: paths.map((path) => ({ path, kind: 'day', newestMtime: 1, allocatedBytes: 100, expectedFreeBytes: 100, because: 'age', files: [], moreFiles: 0 })),
    skipped: [],
    expectedFreeBytes: paths.length * 100,
    rootAllocatedBytes: 1_000,
    partitions: 9,
    filesystem: null,
    warnings: [],
  };
}

function result(planId: string): ReapResult {
  return { planId, removed: [], removedPartitions: [], skipped: [], freedBytes: 100, expectedFreeBytes: 100, filesystems: [], audited: true, auditError: null, warnings: [] };
}

function progress(planId: string, unitsDone: number): ReapProgress {
  return { planId, state: 'running', unitsDone, unitsTotal: 2, removedFiles: unitsDone, skippedFiles: 0 };
}

const flow = () => useReapStore.getState().flow;
const noFilesystems = { filesystems: [], rootMounts: [], partial: false, errors: [] };

function noHeld(): HeldReport {
  return { holders: [], filesystems: [], totalHeldBytes: 0, memory: [], memoryBytes: 0, moreMemory: 0, partial: false, errors: [], scannedAt: 1 };
}

beforeEach(() => {
  api.reset();
  useNavStore.setState({ node: 'local' });
  useScanStore.setState({ ...useScanStore.getInitialState(), root: ROOT, jobId: 'scan-1' });
  useReapStore.setState({ root: null, picked: [], saveAsPolicy: false, flow: { stage: 'closed' } });
  api.answer('reap.policy.get', () => ok(SAVED));
});

describe('reap store: planning', () => {
  it('outlines on the treemap only what a plan on screen (or being carried out) removes', () => {
    const p = plan('p1', ['2026/118', '2026/119']);
    const stages: ReapStage[] = [{ stage: 'closed' }, { stage: 'planning' }, { stage: 'plan-error', message: 'x' }, { stage: 'done', plan: p, result: result('p1') }];
    for (const s of stages) expect(plannedPaths(s)).toBeNull();
    expect([...plannedPaths({ stage: 'plan', plan: p })!]).toEqual(['2026/118', '2026/119']);
    expect([...plannedPaths({ stage: 'reaping', plan: p, progress: null })!]).toEqual(['2026/118', '2026/119']);
  });

  it('opens on the root\'s saved policy and plans with it, changing nothing on the node', async () => {
    const opening = useReapStore.getState().open(ROOT);
    expect(flow()).toEqual({ stage: 'planning' });
    await flush();
    expect(api.requests('reap.plan')).toEqual([{ node: 'local', root: ROOT, policy: SAVED }]);
    api.reply('reap.plan', ok(plan('p1', ['2026/118'])));
    await opening;
    expect(flow()).toMatchObject({ stage: 'plan', plan: { planId: 'p1' } });
    expect(useReapStore.getState().policy).toEqual(SAVED);
    expect(api.requests('reap.execute')).toEqual([]);
  });

  it('falls back to the default policy when the saved one cannot be read', async () => {
    api.answer('reap.policy.get', () => fail('no such root', 'not_found'));
    api.answer('reap.plan', () => ok(plan('p1', [])));
    await useReapStore.getState().open(ROOT);
    expect(useReapStore.getState().policy).toEqual({ maxBytes: null, maxAgeDays: null, keepNewest: DEFAULT_KEEP_NEWEST });
  });

  it('plans picked partitions against the scan they were picked on', async () => {
    api.answer('reap.plan', () => ok(plan('p1', ['2026/118'])));
    await useReapStore.getState().open(ROOT, ['2026/118', '-rf $(x)']);
    expect(api.requests('reap.plan')).toEqual([{ node: 'local', root: ROOT, policy: SAVED, partitions: ['2026/118', '-rf $(x)'], scanJobId: 'scan-1' }]);
  });

  it('saves the policy before planning when asked, and says so when it could not', async () => {
    api.answer('reap.plan', () => ok(plan('p1', [])));
    await useReapStore.getState().open(ROOT);
    useReapStore.getState().setPolicy({ maxAgeDays: 3 });
    useReapStore.getState().setSaveAsPolicy(true);
    api.answer('reap.policy.set', () => ok({ ...SAVED, maxAgeDays: 3 }));
    await useReapStore.getState().replan();
    expect(api.requests('reap.policy.set')).toEqual([{ node: 'local', root: ROOT, policy: { ...SAVED, maxAgeDays: 3 } }]);

    api.calls = [];
    api.answer('reap.policy.set', () => fail('state store is read-only'));
    await useReapStore.getState().replan();
    expect(flow()).toEqual({ stage: 'plan-error', message: 'the policy was not saved: state store is read-only' });
    expect(api.requests('reap.plan')).toEqual([]);
  });

  it('never saves picked partitions as the root\'s policy', async () => {
    api.answer('reap.plan', () => ok(plan('p1', ['2026/118'])));
    await useReapStore.getState().open(ROOT, ['2026/118']);
    useReapStore.getState().setSaveAsPolicy(true);
    await useReapStore.getState().replan();
    expect(api.requests('reap.policy.set')).toEqual([]);
  });

  it('shows only the newest plan: an older answer and one after close are dropped', async () => {
    api.answer('reap.plan', () => ok(plan('p0', [])));
    await useReapStore.getState().open(ROOT);
    api.reset();
    const older = useReapStore.getState().replan();
    const newer = useReapStore.getState().replan();
    api.replyNewest('reap.plan', ok(plan('new', ['2026/119'])));
    await newer;
    api.reply('reap.plan', ok(plan('old', ['2026/100'])));
    await older;
    expect(flow()).toMatchObject({ stage: 'plan', plan: { planId: 'new' } });

    const late = useReapStore.getState().replan();
    useReapStore.getState().close();
    api.reply('reap.plan', ok(plan('late', ['2026/100'])));
    await late;
    expect(flow()).toEqual({ stage: 'closed' });
  });
});

describe('reap store: carrying a plan out', () => {
  beforeEach(async () => {
    api.answer('reap.plan', () => ok(plan('p1', ['2026/118', '2026/119'])));
    api.answer('node.filesystems', () => ok(noFilesystems));
    api.answer('held.scan', () => ok(noHeld()));
    await useReapStore.getState().open(ROOT);
    api.calls = [];
  });

  it('executes the plan on screen by its id, showing its own progress, then the result', async () => {
    const confirming = useReapStore.getState().confirm();
    expect(flow()).toMatchObject({ stage: 'reaping', progress: null });
    expect(api.requests('reap.execute')).toEqual([{ planId: 'p1' }]);
    api.emit('reap.progress', progress('someone-else', 2));
    expect(flow()).toMatchObject({ stage: 'reaping', progress: null });
    api.emit('reap.progress', progress('p1', 1));
    expect(flow()).toMatchObject({ stage: 'reaping', progress: { unitsDone: 1 } });
    // Not closable while it runs.
    useReapStore.getState().close();
    expect(flow().stage).toBe('reaping');

    api.reply('reap.execute', ok(result('p1')));
    await confirming;
    expect(flow()).toMatchObject({ stage: 'done', result: { freedBytes: 100 } });
    expect(api.listenerCount('reap.progress')).toBe(0);
  });

  it('refreshes the filesystems, hidden usage and the scan of the root on screen afterwards, also after a failure', async () => {
    api.answer('reap.execute', () => fail('plan expired', 'not_found'));
    await useReapStore.getState().confirm();
    expect(flow()).toMatchObject({ stage: 'reap-error', message: 'plan expired' });
    expect(api.requests('node.filesystems')).toEqual([{ node: 'local' }]);
    expect(api.requests('held.scan')).toEqual([{ node: 'local' }]);
    expect(api.requests('scan.start')).toEqual([{ node: 'local', root: ROOT }]);
  });

  it('reads the filesystems once more when a read was already on its way as the reap ended', async () => {
    api.reset();
    api.answer('reap.execute', () => ok(result('p1')));
    api.answer('held.scan', () => ok(noHeld()));
    // A tick of the filesystem poll, sent before the reap ended: its answer may predate the reap.
    const tick = useNodeStore.getState().refreshFilesystems();
    const confirming = useReapStore.getState().confirm();
    await flush();
    // Joined, never a second request in flight...
    expect(api.pending('node.filesystems')).toBe(1);
    api.reply('node.filesystems', ok(noFilesystems));
    await flush();
    // ...and sent again once the old one is answered.
    expect(api.pending('node.filesystems')).toBe(1);
    api.reply('node.filesystems', ok(noFilesystems));
    await Promise.all([tick, confirming]);
    expect(api.requests('node.filesystems')).toHaveLength(2);
  });

  it('does not rescan when another root is on screen', async () => {
    useScanStore.setState({ root: '/var/log' });
    api.answer('reap.execute', () => ok(result('p1')));
    await useReapStore.getState().confirm();
    expect(api.requests('scan.start')).toEqual([]);
  });

  it('confirms nothing without a plan on screen, or with an empty plan', async () => {
    useReapStore.getState().close();
    await useReapStore.getState().confirm();
    useReapStore.setState({ flow: { stage: 'plan', plan: plan('empty', []) } });
    await useReapStore.getState().confirm();
    expect(api.requests('reap.execute')).toEqual([]);
  });
});
