// What reclaim must never truncate, against the kernel (issue 13, items 3 and 4): memory held like a
// deleted file (a memfd, an unlinked /dev/shm file), a file a third process maps after the plan was made, a
// file whose holder restarted or re-pointed its fd, and a file on a mount made read-only after the plan.
// Each is refused by the plan where the plan can see it, and by the executor at the moment of action, with
// its code; the processes involved live on.
import { statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeldReclaimer } from '../../../src/main/services/held/heldReclaimer';
import { HeldScanner } from '../../../src/main/services/held/heldScanner';
import { HeldProcReader } from '../../../src/main/localProc/heldProcReader';
import { executorInput, parseTruncateRecords } from '../../../src/main/core/held/reclaimPlan';
import { probeScripts } from '../../../src/main/probe/probeScripts';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { collectOutput } from '../../../src/main/transport/execOutput';
import type { HeldReport, ReclaimEntry } from '../../../src/shared/heldModels';
import { startHolder, type Holder } from '../../support/holders';
import { bindMount, fakeUnit, startLateMapper, startMemfdHolder, startNamespacedHolder, startReadOnlyHolder, startShmHolder, type HelperProcess } from '../../support/memoryHolders';
import { mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isAlive, startRepointer, startTimeOf } from '../../support/reclaimHelpers';
import { isRoot } from '../../support/root';

const MiB = 1024 * 1024;
const UNIT = `spoolscope-mapper-${process.pid}.service`;
const transport = new LocalTransport();
const reader = new HeldProcReader();
const scanners = {
  'probe script': new HeldScanner({ transportFor: () => transport, visibleBytesByDevice: () => new Map() }),
  'in-process reader': new HeldScanner({ transportFor: () => transport, visibleBytesByDevice: () => new Map(), inProcessProbe: () => reader }),
};
let tmp: Tmpfs;
let dataDir: string;
let store: StateStore;
let reclaimer: HeldReclaimer;
let memfd: HelperProcess;
let shm: HelperProcess;
let spool: Holder;
let nsHolder: HelperProcess & { dir: string };
const reports = {} as Record<keyof typeof scanners, HeldReport>;

function entryFor(pid: number, fd: number): ReclaimEntry {
  const st = statSync(`/proc/${pid}/fd/${fd}`);
  return { pid, fd, dev: st.dev, ino: st.ino, startTime: startTimeOf(pid) } as ReclaimEntry;
}

async function runExecutor(entries: ReclaimEntry[]) {
  const r = await collectOutput(transport.exec(probeScripts.truncateHeld, executorInput(entries), { maxBytes: 1 << 20, maxRecords: 10_000, recordTerminator: 0, timeoutMs: 30_000, maxStderrBytes: 4096 }));
  expect(r.outcome.stderr).toBe('');
  return parseTruncateRecords(r.output);
}

const blocksOf = (pid: number, fd: number) => statSync(`/proc/${pid}/fd/${fd}`).blocks;

describe.skipIf(!isRoot)('reclaim refusals on real processes and mounts', () => {
  beforeAll(async () => {
    tmp = mountTmpfs(32);
    dataDir = mkdtempSync(join(tmpdir(), 'spoolscope-refusals-data-'));
    store = openStateStore({ dataDir });
    reclaimer = new HeldReclaimer({ transportFor: () => transport, scan: (node) => scanners['probe script'].scan(node), store });
    memfd = await startMemfdHolder(2 * MiB);
    shm = await startShmHolder(`spoolscope-refusals-${process.pid}`, MiB);
    spool = await startHolder({ dir: tmp.dir, name: 'spool.log', mode: 'append', bytes: 3 * MiB });
    nsHolder = await startNamespacedHolder(MiB);
    for (const way of Object.keys(scanners) as (keyof typeof scanners)[]) reports[way] = await scanners[way].scan('local');
  });

  afterAll(async () => {
    await reader.close();
    await stopAllHolders();
    await nsHolder?.stop();
    tmp?.unmount();
    store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await transport.close();
  });

  describe.each(Object.keys(scanners) as (keyof typeof scanners)[])('the held report, read by the %s', (way) => {
    it('lists a memfd and an unlinked /dev/shm file under memory, with their holder, and not as held disk', () => {
      const r = reports[way];
      const mine = r.memory.filter((m) => m.pid === memfd.pid || m.pid === shm.pid);
      expect(mine.map((m) => [m.pid, m.fd, m.kind, m.comm, m.allocatedBytes])).toEqual([
        [memfd.pid, memfd.fd, 'memfd', 'python3', 2 * MiB],
        [shm.pid, shm.fd, 'dev-shm', 'python3', MiB],
      ]);
      expect(r.holders.map((h) => h.pid)).not.toContain(memfd.pid);
      expect(r.holders.map((h) => h.pid)).not.toContain(shm.pid);
      expect(r.memoryBytes).toBeGreaterThanOrEqual(3 * MiB);
      // Held disk is only what holders hold on disk; /dev/shm's line (if df lists it) holds none of ours.
      expect(r.totalHeldBytes).toBe(r.holders.reduce((n, h) => n + h.heldBytes, 0));
      const shmLine = r.filesystems.find((f) => f.mount === '/dev/shm');
      if (shmLine) expect(shmLine.topHolders.map((h) => h.pid)).not.toContain(shm.pid);
    });

    it('keeps a deleted file on another tmpfs as held disk, and one on a tmpfs mounted only in its holder\'s namespace too', () => {
      const r = reports[way];
      expect(r.holders.find((h) => h.pid === spool.pid)?.heldBytes).toBe(3 * MiB);
      expect(r.filesystems.find((f) => f.mount === tmp.dir)?.heldBytes).toBe(3 * MiB);
      // Not in the probe's mount table, but in its holder's: disk.
      const ns = r.holders.find((h) => h.pid === nsHolder.pid);
      expect(ns?.files.map((f) => [f.fd, f.allocatedBytes, f.mount])).toEqual([[nsHolder.fd, MiB, null]]);
      expect(r.memory.map((m) => m.pid)).not.toContain(nsHolder.pid);
    });
  });

  it('refuses memory in the plan (code memory), and the executor refuses it again when handed it directly', async () => {
    for (const p of [memfd, shm]) {
      const plan = await reclaimer.plan('local', p.pid);
      expect(plan.entries).toEqual([]);
      expect(plan.refused).toEqual([expect.objectContaining({ pid: p.pid, fd: p.fd, code: 'memory', reason: expect.stringMatching(/^memory, not disk: /) })]);
    }
    const { records } = await runExecutor([entryFor(memfd.pid, memfd.fd), entryFor(shm.pid, shm.fd)]);
    expect(records.map((r) => [r.pid, r.fd, r.ok, r.code])).toEqual([
      [memfd.pid, memfd.fd, false, 'memory'],
      [shm.pid, shm.fd, false, 'memory'],
    ]);
    expect(blocksOf(memfd.pid, memfd.fd) * 512).toBe(2 * MiB);
    expect(blocksOf(shm.pid, shm.fd) * 512).toBe(MiB);
    expect(isAlive(memfd.pid) && isAlive(shm.pid)).toBe(true);
  });

  it('truncates the namespaced holder\'s file (disk, by its own mount table)', async () => {
    const plan = await reclaimer.plan('local', nsHolder.pid);
    expect(plan.entries.map((e) => e.fd)).toEqual([nsHolder.fd]);
    const result = await reclaimer.reclaim(plan.planId);
    expect(result.truncated.map((t) => t.fd)).toEqual([nsHolder.fd]);
    expect(blocksOf(nsHolder.pid, nsHolder.fd)).toBe(0);
    expect(isAlive(nsHolder.pid)).toBe(true);
  });

  it('refuses a file a third process mapped after the plan, naming that process and its unit; the mapper lives (no SIGBUS)', async () => {
    const holder = await startHolder({ dir: tmp.dir, name: 'late-mapped.log', mode: 'append', bytes: 2 * MiB });
    const fd = holder.fds[0];
    const plan = await reclaimer.plan('local', holder.pid);
    expect(plan.entries.map((e) => e.fd)).toEqual([fd]);
    const unit = fakeUnit(UNIT);
    const mapper = await startLateMapper(holder.pid, fd);
    try {
      unit.add(mapper.pid);
      const before = usedBytes(tmp.dir);
      const result = await reclaimer.reclaim(plan.planId);
      expect(result.truncated).toEqual([]);
      expect(result.skipped).toEqual([
        {
          pid: holder.pid, fd, path: expect.stringContaining('late-mapped.log'), code: 'mapped',
          reason: `memory-mapped by pid ${mapper.pid} (python3): truncating would kill it with SIGBUS; restart ${UNIT}`,
          unit: UNIT, mapperPid: mapper.pid, mapperComm: 'python3', mapperUnit: UNIT,
        },
      ]);
      expect(usedBytes(tmp.dir)).toBe(before);
      expect(blocksOf(holder.pid, fd) * 512).toBe(2 * MiB);
      // The mapper reads every page every 20 ms: had the file been truncated, it would be dead of SIGBUS by now.
      await new Promise((r) => setTimeout(r, 300));
      expect(mapper.exit()).toBeNull();
      expect(isAlive(holder.pid)).toBe(true);

      // Planned now, the scan sees the mapping and the plan names the same process.
      const again = await reclaimer.plan('local', holder.pid);
      expect(again.entries).toEqual([]);
      expect(again.refused).toEqual([expect.objectContaining({ code: 'mapped', mapperPid: mapper.pid, mapperComm: 'python3', mapperUnit: UNIT, unit: UNIT })]);
    } finally {
      await mapper.stop();
      await holder.stop();
      unit.remove();
    }
  });

  it('skips with code gone when the holder restarted since the plan, and changed when its fd now points elsewhere', async () => {
    const holder = await startHolder({ dir: tmp.dir, name: 'restarts.log', mode: 'append', bytes: MiB });
    const plan = await reclaimer.plan('local', holder.pid);
    expect(plan.entries).toHaveLength(1);
    await holder.stop();
    // The service comes back as a new process holding a new file of the same name: the plan names the old one.
    const restarted = await startHolder({ dir: tmp.dir, name: 'restarts.log', mode: 'append', bytes: MiB });
    const result = await reclaimer.reclaim(plan.planId);
    expect(result.skipped.map((s) => [s.pid, s.code])).toEqual([[holder.pid, 'gone']]);
    expect(blocksOf(restarted.pid, restarted.fds[0]) * 512).toBe(MiB);

    const repointer = await startRepointer(tmp.dir, MiB);
    const plan2 = await reclaimer.plan('local', repointer.pid);
    await repointer.repoint();
    const result2 = await reclaimer.reclaim(plan2.planId);
    expect(result2.skipped.map((s) => [s.fd, s.code])).toEqual([[repointer.fd, 'changed']]);
    expect(statSync(join(tmp.dir, 'other')).size).toBe(4096);
    // And a pid whose start time differs (pid reuse) is changed, at the executor.
    const { records } = await runExecutor([{ ...entryFor(restarted.pid, restarted.fds[0]), startTime: startTimeOf(restarted.pid) + 1 }]);
    expect(records.map((r) => r.code)).toEqual(['process-changed']);
    await restarted.stop();
    await repointer.stop();
  });

  it('refuses a file on a mount made read-only after the plan with code read-only (EROFS), and plans refuse it from then on', async () => {
    const bind = bindMount(tmp.dir);
    let holder: HelperProcess | null = null;
    try {
      holder = await startReadOnlyHolder(tmp.dir, bind.dir, 'ro.log', MiB);
      const plan = await reclaimer.plan('local', holder.pid);
      expect(plan.entries.map((e) => e.fd)).toEqual([holder.fd]);
      // Its only open file on the bind mount is read-only, so the bind mount may be made read-only.
      bind.readOnly();
      const result = await reclaimer.reclaim(plan.planId);
      expect(result.truncated).toEqual([]);
      expect(result.skipped).toEqual([expect.objectContaining({ fd: holder.fd, code: 'read-only', reason: expect.stringContaining('mounted read-only: truncating would fail with EROFS') })]);
      expect(result.skipped[0].reason).not.toMatch(/permission/);
      expect(blocksOf(holder.pid, holder.fd) * 512).toBe(MiB);

      const again = await reclaimer.plan('local', holder.pid);
      expect(again.entries).toEqual([]);
      expect(again.refused).toEqual([expect.objectContaining({ fd: holder.fd, code: 'read-only', reason: expect.stringContaining('EROFS') })]);
      const { records } = await runExecutor([entryFor(holder.pid, holder.fd)]);
      expect(records.map((r) => r.code)).toEqual(['read-only']);
      expect(isAlive(holder.pid)).toBe(true);
    } finally {
      await holder?.stop();
      bind.unmount();
    }
  });

  it('sweeps the maps once per batch: a batch of many entries refuses the one mapped entry among them and truncates the rest', async () => {
    const holders = await Promise.all(Array.from({ length: 6 }, (_, i) => startHolder({ dir: tmp.dir, name: `batch-${i}.log`, mode: 'append', bytes: 256 * 1024 })));
    const mapper = await startLateMapper(holders[3].pid, holders[3].fds[0]);
    try {
      const { records, notes } = await runExecutor(holders.map((h) => entryFor(h.pid, h.fds[0])));
      expect(records.map((r) => [r.pid, r.code])).toEqual(holders.map((h, i) => [h.pid, i === 3 ? 'mapped' : 'truncated']));
      expect(records[3].mapper?.pid).toBe(mapper.pid);
      // Only processes this root cannot read (a sandbox's pid 1) may be noted; never one of ours.
      for (const n of notes) expect(n.detail.split(' ')).not.toContain(String(mapper.pid));
      await new Promise((r) => setTimeout(r, 200));
      expect(mapper.exit()).toBeNull();
    } finally {
      await mapper.stop();
      await Promise.all(holders.map((h) => h.stop()));
    }
  });
});
