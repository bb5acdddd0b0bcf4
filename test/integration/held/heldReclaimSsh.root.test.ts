// The reclaim refusals through a real sshd (the probe and the executor are the same scripts there): memory
// is listed apart and refused, a file mapped by a third process after the plan is refused naming it, and a
// mount made read-only after the plan gives read-only, not "permission?".
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeldReport, ReclaimPlan, ReclaimResult } from '../../../src/shared/heldModels';
import { startHolder } from '../../support/holders';
import { bindMount, startLateMapper, startMemfdHolder, startReadOnlyHolder } from '../../support/memoryHolders';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { startSshBackend, type SshBackend } from '../../support/sshBackend';
import { makeTempDir } from '../../support/tempDir';

const MiB = 1024 * 1024;
let tmp: ReturnType<typeof makeTempDir>;
let ssh: SshBackend;
let fs: Tmpfs;

describe.skipIf(!isRoot)('reclaim refusals over SSH', () => {
  beforeAll(async () => {
    tmp = makeTempDir('ssh-held-refusals');
    ssh = await startSshBackend(tmp.dir, 'lab');
    fs = mountTmpfs(16);
  });
  afterAll(async () => {
    await stopAllHolders();
    await ssh?.close();
    fs?.unmount();
    tmp?.cleanup();
  });

  it('lists a memfd under memory and refuses it', async () => {
    const memfd = await startMemfdHolder(MiB);
    const report = await ssh.call<HeldReport>('held.scan', { node: 'lab' });
    expect(report.memory.filter((m) => m.pid === memfd.pid).map((m) => [m.fd, m.kind])).toEqual([[memfd.fd, 'memfd']]);
    expect(report.holders.map((h) => h.pid)).not.toContain(memfd.pid);
    const plan = await ssh.call<ReclaimPlan>('held.plan', { node: 'lab', pid: memfd.pid });
    expect(plan.entries).toEqual([]);
    expect(plan.refused.map((r) => [r.fd, r.code])).toEqual([[memfd.fd, 'memory']]);
    await memfd.stop();
  });

  it('refuses a file a third process mapped after the plan, naming it; the mapper lives', async () => {
    const holder = await startHolder({ dir: fs.dir, name: 'mapped-later.log', mode: 'append', bytes: 2 * MiB });
    const plan = await ssh.call<ReclaimPlan>('held.plan', { node: 'lab', pid: holder.pid });
    expect(plan.entries.map((e) => e.fd)).toEqual(holder.fds);
    const mapper = await startLateMapper(holder.pid, holder.fds[0]);
    const result = await ssh.call<ReclaimResult>('held.reclaim', { planId: plan.planId });
    expect(result.truncated).toEqual([]);
    expect(result.skipped).toEqual([expect.objectContaining({ fd: holder.fds[0], code: 'mapped', mapperPid: mapper.pid, mapperComm: 'python3' })]);
    await new Promise((r) => setTimeout(r, 200));
    expect(mapper.exit()).toBeNull();
    expect(statSync(`/proc/${holder.pid}/fd/${holder.fds[0]}`).blocks * 512).toBe(2 * MiB);
    await mapper.stop();
    await holder.stop();
  });

  it('refuses a file on a mount made read-only after the plan with code read-only', async () => {
    const bind = bindMount(fs.dir);
    try {
      const holder = await startReadOnlyHolder(fs.dir, bind.dir, 'ro.log', MiB);
      const plan = await ssh.call<ReclaimPlan>('held.plan', { node: 'lab', pid: holder.pid });
      expect(plan.entries.map((e) => e.fd)).toEqual([holder.fd]);
      bind.readOnly();
      const result = await ssh.call<ReclaimResult>('held.reclaim', { planId: plan.planId });
      expect(result.skipped).toEqual([expect.objectContaining({ fd: holder.fd, code: 'read-only', reason: expect.stringContaining('EROFS') })]);
      await holder.stop();
    } finally {
      bind.unmount();
    }
  });
});
