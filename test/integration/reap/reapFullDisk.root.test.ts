// A disk at 100%: the store being reaped and Spoolscope's own state store on one tmpfs filled to the last
// block. Planning and reaping must need no free space, and free what they planned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { fillToFull, mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { isRoot } from '../../support/root';
import { buildDayStore } from '../../support/reapLab';
import { createBackend, type Backend } from '../../../src/main/backend';
import type { ReapPlan, ReapResult } from '../../../src/shared/reapModels';
import { Reaper } from '../../../src/main/services/reap/reaper';
import type { StateStore } from '../../../src/main/store/stateStore';
import { StoreFullError } from '../../../src/main/store/db';
import { LocalTransport } from '../../../src/main/transport/localTransport';

const MiB = 1024 * 1024;

describe.skipIf(!isRoot)('reap on a full disk', () => {
  let tmp: Tmpfs;
  let backend: Backend;
  let root: string;
  let plan: ReapPlan;
  let result: ReapResult;
  let availBefore: number;
  let usedBefore: number;

  beforeAll(async () => {
    tmp = mountTmpfs(24);
    root = join(tmp.dir, 'store');
    mkdirSync(root);
    // The state store lives on the full disk too: its audit rows compete for the same last blocks.
    backend = createBackend({ dataDir: join(tmp.dir, 'state'), frontDoor: 'cli' });
    backend.store.roots.add('local', root);
    buildDayStore(root, 8, MiB);
    fillToFull(tmp.dir);
    availBefore = statfsSync(tmp.dir).bavail;
    usedBefore = usedBytes(tmp.dir);
    const p = await backend.dispatcher.call('reap.plan', { node: 'local', root, policy: { maxBytes: 3 * MiB, maxAgeDays: null, keepNewest: 2 } }, { frontDoor: 'cli' });
    if (!p.ok) throw new Error(p.message);
    plan = p.result as ReapPlan;
    const r = await backend.dispatcher.call('reap.execute', { planId: plan.planId }, { frontDoor: 'cli' });
    if (!r.ok) throw new Error(r.message);
    result = r.result as ReapResult;
  });

  afterAll(async () => {
    await backend?.close();
    tmp?.unmount();
  });

  it('starts with no free block left', () => {
    expect(availBefore).toBe(0);
  });

  it('plans on the full disk: the five oldest days, down to the cap', () => {
    expect(plan.entries.map((e) => e.path)).toEqual(['2026/001', '2026/002', '2026/003', '2026/004', '2026/005']);
    expect(plan.expectedFreeBytes).toBe(5 * MiB);
    expect(plan.filesystem?.availBytes).toBe(0);
  });

  it('reaps on the full disk and statvfs shows what was planned freed', () => {
    expect(result.skipped).toEqual([]);
    for (const e of plan.entries) expect(existsSync(join(root, e.path))).toBe(false);
    // The state store may take a few of the freed blocks for its audit rows afterwards: measured inside
    // the reap, before that, the freed bytes are exact.
    expect(result.freedBytes).toBe(plan.expectedFreeBytes);
    expect(usedBefore - usedBytes(tmp.dir)).toBeGreaterThan(plan.expectedFreeBytes - MiB);
  });

  it('when no audit row can be written, says so and still reaps what it planned', async () => {
    const broken: StateStore = {
      ...backend.store,
      audit: {
        ...backend.store.audit,
        append: () => {
          throw new StoreFullError('cannot write the audit log: the disk holding the state store is full');
        },
      },
    };
    const reaper = new Reaper({ transportFor: () => new LocalTransport(), store: broken, onProgress: () => {}, scanReference: () => null });
    const p = await reaper.plan({ node: 'local', root, policy: { maxBytes: null, maxAgeDays: null, keepNewest: 2 }, partitions: ['2026/006'] });
    const r = await reaper.execute(p.planId);
    expect(r.audited).toBe(false);
    expect(r.auditError).toMatch(/audit log could not be written \(intent: .*disk holding the state store is full.*; result: /);
    expect(r.removedPartitions).toEqual(['2026/006']);
    expect(existsSync(join(root, '2026/006'))).toBe(false);
  });

  it('tells the operator whether the audit log could be written, and reaped either way', () => {
    if (result.audited) expect(result.auditError).toBeNull();
    else expect(result.auditError).toMatch(/audit log could not be written/);
    expect(result.removedPartitions).toHaveLength(5);
  });
});
