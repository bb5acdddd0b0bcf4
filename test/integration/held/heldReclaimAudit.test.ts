// The audit log in the state store, and the reclaimer's plan bookkeeping (ids only, bounded, expiring).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { MAX_AUDIT_ROWS } from '../../../src/main/store/repositories/audit';
import { HeldReclaimer } from '../../../src/main/services/held/heldReclaimer';
import type { HeldReport } from '../../../src/shared/heldModels';
import type { ScanSummary } from '../../../src/shared/models';
import type { Transport } from '../../../src/main/transport/transport';

let dir: string;
let store: StateStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spoolscope-audit-'));
});
afterEach(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function summary(partitions: number): ScanSummary {
  return {
    root: '/var/log',
    device: 1,
    allocatedBytes: 1,
    apparentBytes: 1,
    files: 1,
    dirs: 1,
    partitions: Array.from({ length: partitions }, (_, i) => ({
      id: i + 1,
      path: `logs/core/2026/${String(i).padStart(3, '0')}/a-long-partition-name-that-takes-some-room-in-the-store`,
      kind: 'day' as const,
      allocatedBytes: 1,
      apparentBytes: 1,
      files: 1,
      newestMtime: 1,
      oldestMtime: 1,
    })),
    morePartitions: { count: 0, allocatedBytes: 0 }, looseFiles: [],
    partial: false,
    errors: [],
  };
}

describe('audit log', () => {
  it('appends rows and lists them per node, newest first, with the detail as JSON', () => {
    store = openStateStore({ dataDir: dir, now: () => 5 });
    const a = store.audit.append({ node: 'local', action: 'held.reclaim', phase: 'intent', planId: 'plan-1', detail: { entries: [{ fd: 3, path: 'a\nb' }] } });
    const b = store.audit.append({ node: 'local', action: 'held.reclaim', phase: 'result', planId: 'plan-1', detail: { freedBytes: 42 }, at: 9 });
    store.audit.append({ node: 'other', action: 'held.reclaim', phase: 'intent', planId: null, detail: null });
    expect(b).toBeGreaterThan(a);
    expect(store.audit.list('local', 10)).toEqual([
      { id: b, at: 9, node: 'local', action: 'held.reclaim', phase: 'result', planId: 'plan-1', detail: { freedBytes: 42 } },
      { id: a, at: 5, node: 'local', action: 'held.reclaim', phase: 'intent', planId: 'plan-1', detail: { entries: [{ fd: 3, path: 'a\nb' }] } },
    ]);
    expect(() => store.audit.append({ node: 'local', action: 'x', phase: 'bogus' as 'intent', planId: null, detail: null })).toThrow(/CHECK constraint/);
    store.close();
    store = openStateStore({ dataDir: dir });
    expect(store.audit.list('local', 1).map((r) => r.id)).toEqual([b]);
  });

  it(`keeps the newest ${MAX_AUDIT_ROWS} rows`, () => {
    store = openStateStore({ dataDir: dir });
    let last = 0;
    for (let i = 0; i < MAX_AUDIT_ROWS + 25; i++) last = store.audit.append({ node: 'local', action: 'held.reclaim', phase: 'intent', planId: `p${i}`, detail: null });
    expect(store.stats().auditRows).toBe(MAX_AUDIT_ROWS);
    const rows = store.audit.list('local', MAX_AUDIT_ROWS);
    expect(rows[0].id).toBe(last);
    expect(rows[rows.length - 1].planId).toBe('p25');
  });

  it('the size cap drops scan history before audit rows, and audit rows only once no history is left', () => {
    const cap = 256 * 1024;
    store = openStateStore({ dataDir: dir, maxBytes: cap });
    for (let i = 0; i < 20; i++) store.audit.append({ node: 'local', action: 'held.reclaim', phase: 'intent', planId: `early-${i}`, detail: { pad: 'x'.repeat(200) } });
    for (let i = 0; i < 40; i++) store.scanSnapshots.record('local', summary(60), i);
    expect(store.stats().fileBytes).toBeLessThanOrEqual(cap);
    // History went; every audit row is still there.
    expect(store.stats().snapshots).toBeLessThan(40);
    expect(store.stats().auditRows).toBe(20);
    // Audit rows alone past the cap: the oldest go, the history's newest scan and the newest row stay.
    for (let i = 0; i < 400; i++) store.audit.append({ node: 'local', action: 'held.reclaim', phase: 'result', planId: `late-${i}`, detail: { pad: 'y'.repeat(2000) } });
    expect(store.stats().fileBytes).toBeLessThanOrEqual(cap);
    expect(store.stats().snapshots).toBe(1);
    expect(store.audit.list('local', 1)[0].planId).toBe('late-399');
    expect(store.stats().auditRows).toBeLessThan(420);
  });
});

describe('reclaim plans', () => {
  const report: HeldReport = {
    holders: [
      {
        pid: 4242,
        comm: 'flowctl-go',
        cmdline: 'flowctl-go',
        startTime: 1,
        uid: 0,
        unit: 'reactor.service',
        heldBytes: 4096,
        fileCount: 1,
        files: [{ pid: 4242, fd: 7, path: '/x (deleted)', sizeBytes: 4096, allocatedBytes: 4096, dev: 1, ino: 2, flags: 0o2001, pos: 0, writable: true, append: true, mapped: true, mapper: { pid: 4242, comm: 'flowctl-go', unit: 'reactor.service' }, mount: '/', readOnly: false, duplicate: false }],
        moreFiles: 0,
      },
    ],
    filesystems: [],
    totalHeldBytes: 4096,
    memory: [],
    memoryBytes: 0,
    moreMemory: 0,
    partial: false,
    errors: [],
    scannedAt: 0,
  };
  const transport = { nodeName: 'local' } as Transport;

  it('executes a plan once, expires it, keeps only the newest plans, and rejects unknown ids', async () => {
    store = openStateStore({ dataDir: dir });
    let now = 0;
    let scans = 0;
    const r = new HeldReclaimer({ transportFor: () => transport, scan: async () => (scans++, report), store, now: () => now, maxPlans: 3, planTtlMs: 1000 });
    const p = await r.plan('local', 4242);
    expect(scans).toBe(1); // a fresh scan per plan
    expect(p.refused).toHaveLength(1);
    // Nothing to truncate: no executor, no df; the refusal is in the result, and both audit rows are written.
    const res = await r.reclaim(p.planId);
    expect(res).toMatchObject({ truncated: [], freedBytes: 0, audited: true, auditError: null });
    expect(res.skipped[0]).toMatchObject({ code: 'mapped', unit: 'reactor.service', mapperPid: 4242 });
    expect(store.audit.list('local', 5).map((x) => x.phase)).toEqual(['result', 'intent']);
    await expect(r.reclaim(p.planId)).rejects.toThrow(/already executed: plan again/);

    const old = await r.plan('local', 4242);
    now = 1001;
    await expect(r.reclaim(old.planId)).rejects.toThrow(/expired: plan again/);

    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await r.plan('local', 4242)).planId);
    await expect(r.reclaim(ids[0])).rejects.toThrow(/no reclaim plan .*plan again/);
    await expect(r.reclaim(ids[3])).resolves.toMatchObject({ planId: ids[3] });
    await expect(r.reclaim('plan-nope')).rejects.toThrow(/no reclaim plan plan-nope/);
  });
});
