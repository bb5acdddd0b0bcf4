// Hostile names over SSH: paths with newlines, quotes, `$(...)`, leading dashes and invalid UTF-8 are
// scanned and reclaimed through a real sshd exactly as locally, and nothing in them is ever run.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import type { WireTreeNode } from '../../../src/shared/models';
import { buildLab, type LabInfo } from '../../lab/buildLab';
import { startHolder, type Holder } from '../../support/holders';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';

const PWNED = '/tmp/pwned';
const tmp = makeTempDir('ssh-hostile');
let sshd: Sshd;
let lab: LabInfo;
let backend: Backend;
const pwnedBefore = existsSync(PWNED);

beforeAll(async () => {
  [sshd, lab] = await Promise.all([startSshd(), buildLab(join(tmp.dir, 'lab'))]);
  const kh = join(tmp.dir, 'known_hosts');
  writeFileSync(kh, sshd.knownHostsLine + '\n');
  // More shapes on top of the lab's: a name that is only dashes and an option, and one with both quotes.
  const extra = join(lab.root, lab.expected.hostileDir, 'extra');
  mkdirSync(extra);
  for (const n of ['--', '-n', `it's "quoted"`, '; rm -rf ~', '|| touch /dev/null']) writeFileSync(join(extra, n.replace(/\//g, '_')), n);
  backend = createBackend({ dataDir: join(tmp.dir, 'data'), frontDoor: 'cli', ssh: { knownHostsFiles: [kh], trustFile: kh }, secretBox: null });
  await backend.nodes.add({ name: 'lab', host: '127.0.0.1', port: sshd.port, user: 'root', identityFile: sshd.identityFile });
});
afterAll(async () => {
  await stopAllHolders();
  await backend?.close();
  await sshd?.stop();
  tmp.cleanup();
});

async function call<M extends Parameters<Backend['dispatcher']['call']>[0]>(method: M, req: Parameters<Backend['dispatcher']['call']>[1]) {
  const r = await backend.dispatcher.call(method, req as never, { frontDoor: 'cli' });
  if (!r.ok) throw new Error(`${method}: ${r.message}`);
  return r.result as never;
}

async function scanTree(node: string, root: string): Promise<WireTreeNode> {
  const { jobId } = (await call('scan.start', { node, root })) as { jobId: string };
  await backend.scanSettled(jobId);
  const { tree } = (await call('scan.tree', { jobId, depth: 8, topN: 200 })) as { tree: WireTreeNode };
  return tree;
}

/** Node ids are per-job handles (arrival order); names, sizes and shape are the content. */
function content(n: WireTreeNode): unknown {
  const { id: _id, children, ...rest } = n as WireTreeNode & { id?: number; children?: WireTreeNode[] };
  return { ...rest, children: children?.map(content).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) };
}

describe('hostile names over SSH', () => {
  it('scans the hostile directory to the same tree, name for name, as the local scan; nothing is executed', async () => {
    const root = join(lab.root, lab.expected.hostileDir);
    expect(isAbsolute(root)).toBe(true);
    const [local, remote] = [await scanTree('local', root), await scanTree('lab', root)];
    expect(content(remote)).toEqual(content(local));
    const names = JSON.stringify(content(remote));
    // Names arrive intact: a newline, the `$(` text and a leading dash are in there as names.
    expect(names).toContain('$(touch ');
    expect(names).toContain('\\n');
    expect(names).toContain('"-n"');
    for (const c of lab.expected.canaries) expect(existsSync(join(lab.root, c))).toBe(false);
    if (!pwnedBefore) expect(existsSync(PWNED)).toBe(false);
  });

  it.runIf(isRoot)('reclaims deleted files with hostile names held by a real process, through SSH, and the holder lives on', async () => {
    const fs: Tmpfs = mountTmpfs(24);
    const holders: Holder[] = [];
    try {
      const names: (string | Buffer)[] = ['new\nline.log', '$(cd;cd ..;cd tmp;touch pwned)`touch pwned`', '-rf --no-preserve-root', Buffer.from([0x62, 0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x2e, 0x6c, 0x6f, 0x67])];
      for (const name of names) holders.push(await startHolder({ dir: fs.dir, name, mode: 'append', bytes: 2 * 1024 * 1024 }));
      for (const h of holders) {
        const plan = (await call('held.plan', { node: 'lab', pid: h.pid })) as { planId: string; entries: { fd: number }[]; expectedFreeBytes: number };
        expect(plan.entries.map((e) => e.fd)).toEqual(h.fds);
        const result = (await call('held.reclaim', { planId: plan.planId })) as { truncated: { fd: number }[]; freedBytes: number; skipped: unknown[] };
        expect(result.skipped).toEqual([]);
        expect(result.truncated.map((t) => t.fd)).toEqual(h.fds);
        expect(result.freedBytes).toBeGreaterThanOrEqual(2 * 1024 * 1024 - 64 * 1024);
        process.kill(h.pid, 0); // still alive: truncation, not a restart
      }
      const audit = backend.store.listAudit('lab', 100);
      expect(audit.filter((a) => a.phase === 'result')).toHaveLength(holders.length);
      if (!pwnedBefore) expect(existsSync(PWNED)).toBe(false);
      expect(existsSync(join(fs.dir, 'pwned'))).toBe(false);
    } finally {
      for (const h of holders) await h.stop();
      fs.unmount();
    }
  });
});
