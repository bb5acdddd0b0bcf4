// Reclaiming deleted files with hostile names (newlines, `$(...)`, leading dashes, invalid UTF-8) held by a
// real process on a tmpfs, through a real sshd: the holder lives on and nothing in the names is ever run.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHolder, type Holder } from '../../support/holders';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { startSshBackend, type SshBackend } from '../../support/sshBackend';
import { makeTempDir } from '../../support/tempDir';

const PWNED = '/tmp/pwned';
let tmp: ReturnType<typeof makeTempDir>;
let ssh: SshBackend;
const pwnedBefore = existsSync(PWNED);

describe.skipIf(!isRoot)('hostile names over SSH, held by a process', () => {
  beforeAll(async () => {
    tmp = makeTempDir('ssh-hostile-reclaim');
    ssh = await startSshBackend(tmp.dir, 'lab');
  });
  afterAll(async () => {
    await stopAllHolders();
    await ssh?.close();
    tmp?.cleanup();
  });

  it('reclaims deleted files with hostile names held by a real process, through SSH, and the holder lives on', async () => {
    const fs: Tmpfs = mountTmpfs(24);
    const holders: Holder[] = [];
    try {
      const names: (string | Buffer)[] = ['new\nline.log', '$(cd;cd ..;cd tmp;touch pwned)`touch pwned`', '-rf --no-preserve-root', Buffer.from([0x62, 0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x2e, 0x6c, 0x6f, 0x67])];
      for (const name of names) holders.push(await startHolder({ dir: fs.dir, name, mode: 'append', bytes: 2 * 1024 * 1024 }));
      for (const h of holders) {
        const plan = await ssh.call<{ planId: string; entries: { fd: number }[]; expectedFreeBytes: number }>('held.plan', { node: 'lab', pid: h.pid });
        expect(plan.entries.map((e) => e.fd)).toEqual(h.fds);
        const result = await ssh.call<{ truncated: { fd: number }[]; freedBytes: number; skipped: unknown[] }>('held.reclaim', { planId: plan.planId });
        expect(result.skipped).toEqual([]);
        expect(result.truncated.map((t) => t.fd)).toEqual(h.fds);
        expect(result.freedBytes).toBeGreaterThanOrEqual(2 * 1024 * 1024 - 64 * 1024);
        process.kill(h.pid, 0); // still alive: truncation, not a restart
      }
      const audit = ssh.backend.store.audit.list('lab', 100);
      expect(audit.filter((a) => a.phase === 'result')).toHaveLength(holders.length);
      if (!pwnedBefore) expect(existsSync(PWNED)).toBe(false);
      expect(existsSync(join(fs.dir, 'pwned'))).toBe(false);
    } finally {
      for (const h of holders) await h.stop();
      fs.unmount();
    }
  });
});
