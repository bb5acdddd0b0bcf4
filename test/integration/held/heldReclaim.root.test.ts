// Reclaim by truncation against the kernel: real processes holding unlinked files on a real tmpfs filled
// to 100%. Freed space is measured by statvfs, helpers must survive, and every refusal and skip is checked
// at the moment of action, not only in the plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statfsSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHolder, type Holder } from '../../support/holders';
import { fillToFull, mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { isAlive, procHeldReport, startRepointer, startTimeOf, stopAllRepointers, type Repointer } from '../../support/reclaimHelpers';
import { HeldReclaimer } from '../../../src/main/services/held/heldReclaimer';
import { NOT_APPEND_WARNING, executorInput, parseTruncateRecords } from '../../../src/main/core/held/reclaimPlan';
import { probeScripts } from '../../../src/main/probe/probeScripts';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { RESERVE_FILE } from '../../../src/main/store/db';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import type { ExecLimits, Transport } from '../../../src/main/transport/transport';
import type { ReclaimEntry, ReclaimResult } from '../../../src/shared/heldModels';

const MiB = 1024 * 1024;
const PAGE = 4096;
const PWNED = '/tmp/pwned';
const NOBODY = 65534;
// No "/" can be in a name: this one reaches /tmp/pwned through cd if it is ever run as shell text.
const HOSTILE: (string | Buffer)[] = [
  'new\nline.log',
  '$(cd;cd ..;cd tmp;touch pwned)`cd;cd ..;cd tmp;touch pwned`',
  '-rf --no-preserve-root',
  Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x2e, 0x6c, 0x6f, 0x67]),
];

let tmp: Tmpfs;
let dataDir: string;
let store: StateStore;
const local = new LocalTransport();
const h: Record<string, Holder> = {};
const hostile: Holder[] = [];
let repointer: Repointer;
/** What the audit log held when the executor was started, per plan. */
const auditAtExec = new Map<string, string[]>();
let currentPlan = '';

// Records the audit rows present at the moment the truncate executor starts: the intent must be there already.
const spy: Transport = {
  nodeName: 'local',
  exec(script: string, stdin: Buffer, limits: ExecLimits, signal?: AbortSignal) {
    if (script === probeScripts.truncateHeld) auditAtExec.set(currentPlan, store.audit.list('local', 50).filter((r) => r.planId === currentPlan).map((r) => r.phase));
    return local.exec(script, stdin, limits, signal);
  },
  close: () => local.close(),
};

function allPids(): number[] {
  return [...Object.values(h), ...hostile].map((x) => x.pid).concat(repointer ? [repointer.pid] : []);
}

function reclaimerWith(s: StateStore): HeldReclaimer {
  return new HeldReclaimer({ transportFor: () => spy, scan: async () => procHeldReport(allPids()), store: s });
}
let reclaimer: HeldReclaimer;

/** Plans for pid, fills the tmpfs to 100% again, and executes; returns the plan, the result and the used-bytes delta. */
async function planAndReclaim(pid: number, between?: () => Promise<void>, r: HeldReclaimer = reclaimer) {
  const plan = await r.plan('local', pid);
  if (between) await between();
  fillToFull(tmp.dir, `fill-${plan.planId}`);
  expect(statfsSync(tmp.dir).bavail).toBe(0);
  const before = usedBytes(tmp.dir);
  currentPlan = plan.planId;
  const result = await r.reclaim(plan.planId);
  const after = usedBytes(tmp.dir);
  // Free the fill again so the next helper step has no surprise; each case refills before acting.
  unlinkSync(join(tmp.dir, `fill-${plan.planId}`));
  return { plan, result, measured: before - after };
}

function expectFreed(result: ReclaimResult, measured: number, held: number, files: number) {
  expect(Math.abs(result.freedBytes - held)).toBeLessThanOrEqual(PAGE * files);
  expect(Math.abs(result.freedBytes - measured)).toBeLessThanOrEqual(PAGE * files);
  expect(result.filesystems.map((f) => f.mount)).toEqual([tmp.dir]);
}

describe.skipIf(!isRoot)('reclaim held deleted files (real processes, a full tmpfs)', () => {
  beforeAll(async () => {
    rmSync(PWNED, { force: true });
    tmp = mountTmpfs(32);
    dataDir = mkdtempSync(join(tmpdir(), 'spoolscope-reclaim-data-'));
    store = openStateStore({ dataDir });
    reclaimer = reclaimerWith(store);
    const [append, plain, mmap, dup, gone, unaudited, nobody] = await Promise.all([
      startHolder({ dir: tmp.dir, name: 'append.log', mode: 'append', bytes: 6 * MiB }),
      startHolder({ dir: tmp.dir, name: 'plain.log', mode: 'plain', bytes: 5 * MiB }),
      startHolder({ dir: tmp.dir, name: 'mapped.bin', mode: 'mmap', bytes: 3 * MiB }),
      startHolder({ dir: tmp.dir, name: 'dup.log', mode: 'dup', bytes: 4 * MiB }),
      startHolder({ dir: tmp.dir, name: 'gone.log', mode: 'plain', bytes: 1 * MiB }),
      startHolder({ dir: tmp.dir, name: 'unaudited.log', mode: 'append', bytes: 2 * MiB }),
      startHolder({ dir: tmp.dir, name: 'nobody.log', mode: 'append', bytes: MiB, uid: NOBODY }),
    ]);
    Object.assign(h, { append, plain, mmap, dup, gone, unaudited, nobody });
    for (const name of HOSTILE) hostile.push(await startHolder({ dir: tmp.dir, name, mode: 'append', bytes: MiB }));
    repointer = await startRepointer(tmp.dir, MiB);
  });

  afterAll(async () => {
    await stopAllHolders();
    await stopAllRepointers();
    tmp?.unmount();
    store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await local.close();
  });

  it('fills the tmpfs to 100% with the helpers holding their unlinked files', () => {
    fillToFull(tmp.dir, 'fill-check');
    expect(statfsSync(tmp.dir).bavail).toBe(0);
    unlinkSync(join(tmp.dir, 'fill-check'));
    const report = procHeldReport(allPids());
    expect(report.holders.find((x) => x.pid === h.append.pid)?.heldBytes).toBeGreaterThanOrEqual(6 * MiB);
  });

  it('truncates an O_APPEND writer\'s file: statvfs frees its blocks, the writer keeps running, the audit brackets the act', async () => {
    const { plan, result, measured } = await planAndReclaim(h.append.pid);
    expect(plan.entries.map((e) => [e.fd, e.warnings])).toEqual([[3, []]]);
    expect(plan.expectedFreeBytes).toBeGreaterThanOrEqual(6 * MiB);
    expect(result.truncated.map((t) => t.fd)).toEqual([3]);
    expect(result.skipped).toEqual([]);
    expectFreed(result, measured, plan.expectedFreeBytes, 1);
    expect(result.audited).toBe(true);
    expect(isAlive(h.append.pid)).toBe(true);
    // The fd still points at the same (now empty) deleted inode.
    expect(statSync(`/proc/${h.append.pid}/fd/3`).blocks).toBe(0);
    expect(auditAtExec.get(plan.planId)).toEqual(['intent']);
    const rows = store.audit.list('local', 10).filter((r) => r.planId === plan.planId);
    expect(rows.map((r) => r.phase)).toEqual(['result', 'intent']);
    expect(rows[0].id).toBeGreaterThan(rows[1].id);
    expect(rows[1].detail).toMatchObject({ expectedFreeBytes: plan.expectedFreeBytes, entries: [{ pid: h.append.pid, fd: 3 }] });
    expect(rows[0].detail).toMatchObject({ freedBytes: result.freedBytes, truncated: 1 });
  });

  it('warns before truncating a writer without O_APPEND, and still frees the space', async () => {
    const { plan, result, measured } = await planAndReclaim(h.plain.pid);
    expect(plan.entries).toHaveLength(1);
    expect(plan.entries[0].warnings).toEqual([NOT_APPEND_WARNING]);
    expect(plan.warnings.join('\n')).toContain('grows back sparse');
    expect(result.truncated).toHaveLength(1);
    expectFreed(result, measured, plan.expectedFreeBytes, 1);
    expect(plan.expectedFreeBytes).toBeGreaterThanOrEqual(5 * MiB);
    expect(isAlive(h.plain.pid)).toBe(true);
  });

  it('plans one entry for an inode held on two fds, and frees it once', async () => {
    const { plan, result, measured } = await planAndReclaim(h.dup.pid);
    expect(plan.entries.map((e) => e.fd)).toEqual([3]);
    expect(plan.warnings.join('\n')).toContain('fd 4 holds the same file as fd 3');
    expect(result.truncated.map((t) => t.fd)).toEqual([3]);
    expectFreed(result, measured, 4 * MiB, 1);
    expect(isAlive(h.dup.pid)).toBe(true);
    expect(statSync(`/proc/${h.dup.pid}/fd/4`).blocks).toBe(0);
  });

  it('refuses a memory-mapped file in the plan, and the executor refuses it again at the moment of action', async () => {
    const fd = h.mmap.fds[0];
    const { plan, result, measured } = await planAndReclaim(h.mmap.pid);
    expect(plan.entries).toEqual([]);
    expect(plan.refused).toEqual([
      expect.objectContaining({ pid: h.mmap.pid, fd, code: 'mapped', mapperPid: h.mmap.pid, reason: expect.stringMatching(/^memory-mapped by the process itself: truncating would kill it with SIGBUS; restart /) }),
    ]);
    expect(result.truncated).toEqual([]);
    expect(result.skipped.map((s) => [s.fd, s.code])).toEqual([[fd, 'mapped']]);
    expect(Math.abs(measured)).toBeLessThanOrEqual(PAGE);
    expect(statSync(`/proc/${h.mmap.pid}/fd/${fd}`).blocks * 512).toBeGreaterThanOrEqual(3 * MiB);
    // A plan that did not know about the mapping (mapped after the scan) is caught by the executor itself.
    const st = statSync(`/proc/${h.mmap.pid}/fd/${fd}`);
    const entry = { pid: h.mmap.pid, fd, dev: st.dev, ino: st.ino, startTime: startTimeOf(h.mmap.pid) } as ReclaimEntry;
    const records = await runExecutor([entry]);
    expect(records).toEqual([{ pid: h.mmap.pid, fd, ok: false, code: 'mapped', allocatedBytes: null, mapper: { pid: h.mmap.pid, comm: 'python3', unit: null } }]);
    expect(statSync(`/proc/${h.mmap.pid}/fd/${fd}`).blocks * 512).toBeGreaterThanOrEqual(3 * MiB);
    expect(isAlive(h.mmap.pid)).toBe(true);
  });

  it('skips a fd re-pointed (dup2) between plan and execution, and leaves the new target alone', async () => {
    const { plan, result } = await planAndReclaim(repointer.pid, () => repointer.repoint());
    expect(plan.entries.map((e) => e.fd)).toEqual([repointer.fd]);
    expect(result.truncated).toEqual([]);
    expect(result.skipped).toEqual([expect.objectContaining({ fd: repointer.fd, code: 'changed', reason: expect.stringContaining('now points at another file') })]);
    expect(statSync(join(tmp.dir, 'other')).size).toBe(4096);
    expect(isAlive(repointer.pid)).toBe(true);
  });

  it('skips an entry whose process is gone or changed since the plan', async () => {
    const { result } = await planAndReclaim(h.gone.pid, () => h.gone.stop());
    expect(result.truncated).toEqual([]);
    expect(result.skipped).toEqual([expect.objectContaining({ pid: h.gone.pid, code: 'gone', reason: expect.stringMatching(/^process gone/) })]);
    // A live pid with another start time (pid reuse) is "changed": the executor compares field 22.
    const st = statSync(`/proc/${h.append.pid}/fd/3`);
    const records = await runExecutor([{ pid: h.append.pid, fd: 3, dev: st.dev, ino: st.ino, startTime: startTimeOf(h.append.pid) + 1 } as ReclaimEntry]);
    expect(records.map((r) => r.code)).toEqual(['process-changed']);
  });

  it('reclaims files with hostile names (newline, $(...), leading dash, invalid UTF-8) and never runs them', async () => {
    for (const holder of hostile) {
      const { plan, result, measured } = await planAndReclaim(holder.pid);
      expect(plan.entries).toHaveLength(1);
      expect(result.truncated).toHaveLength(1);
      expectFreed(result, measured, MiB, 1);
      expect(isAlive(holder.pid)).toBe(true);
    }
    expect(existsSync(PWNED)).toBe(false);
    expect(existsSync('pwned')).toBe(false);
  });

  it('still reclaims when the audit log cannot be written, and says so', async () => {
    // The state store on its own tiny tmpfs, full, its reserve already spent.
    const dataFs = mountTmpfs(1);
    const full = openStateStore({ dataDir: join(dataFs.dir, 'data') });
    try {
      rmSync(join(dataFs.dir, 'data', RESERVE_FILE), { force: true });
      fillToFull(dataFs.dir);
      const errors: string[] = [];
      const origError = console.error;
      console.error = (...args: unknown[]) => void errors.push(args.join(' '));
      let out;
      try {
        out = await planAndReclaim(h.unaudited.pid, undefined, reclaimerWith(full));
      } finally {
        console.error = origError;
      }
      expect(out.result.audited).toBe(false);
      expect(out.result.auditError).toMatch(/audit log could not be written \(intent: .*; result: /);
      expect(errors.join('\n')).toMatch(/AUDIT LOG NOT WRITTEN/);
      expect(out.result.truncated).toHaveLength(1);
      expectFreed(out.result, out.measured, 2 * MiB, 1);
      expect(isAlive(h.unaudited.pid)).toBe(true);
    } finally {
      full.close();
      dataFs.unmount();
    }
  });

  it('as a non-root user: truncates that user\'s own held file, and reports no access to another user\'s', () => {
    const records = runExecutorAs(NOBODY, [entryFor(h.plain.pid, 3), entryFor(h.nobody.pid, 3)]);
    expect(records.map((r) => [r.pid, r.ok, r.code])).toEqual([
      [h.plain.pid, false, 'no-access'],
      [h.nobody.pid, true, 'truncated'],
    ]);
    expect(records[1].allocatedBytes).toBeGreaterThanOrEqual(MiB);
    expect(statSync(`/proc/${h.nobody.pid}/fd/3`).blocks).toBe(0);
    expect(isAlive(h.nobody.pid)).toBe(true);
  });

  it('keeps an intent row before and a result row after for every executed plan', () => {
    const rows = store.audit.list('local', 100).reverse();
    const byPlan = new Map<string, string[]>();
    for (const r of rows) byPlan.set(r.planId!, [...(byPlan.get(r.planId!) ?? []), r.phase]);
    expect(byPlan.size).toBeGreaterThanOrEqual(10);
    for (const [planId, phases] of byPlan) {
      expect(phases, planId).toEqual(['intent', 'result']);
      expect(auditAtExec.get(planId) ?? ['intent'], planId).toEqual(['intent']);
    }
  });
});

function entryFor(pid: number, fd: number): ReclaimEntry {
  const st = statSync(`/proc/${pid}/fd/${fd}`);
  return { pid, fd, dev: st.dev, ino: st.ino, startTime: startTimeOf(pid) } as ReclaimEntry;
}

/** The executor as another user, the way a non-root session on a node would run it. */
function runExecutorAs(uid: number, entries: ReclaimEntry[]) {
  const r = spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '/bin/sh', '-c', probeScripts.truncateHeld, 'spoolscope-probe'], {
    input: executorInput(entries),
    env: { ...process.env, LC_ALL: 'C' },
    timeout: 30_000,
  });
  expect(r.status, r.stderr.toString()).toBe(0);
  return parseTruncateRecords(r.stdout).records;
}

async function runExecutor(entries: ReclaimEntry[]) {
  const handle = local.exec(probeScripts.truncateHeld, executorInput(entries), { maxBytes: 1 << 20, maxRecords: 1000, recordTerminator: 0, timeoutMs: 30_000, maxStderrBytes: 4096 });
  const chunks: Buffer[] = [];
  for await (const c of handle.stdout) chunks.push(c);
  await handle.outcome;
  return parseTruncateRecords(Buffer.concat(chunks)).records;
}
