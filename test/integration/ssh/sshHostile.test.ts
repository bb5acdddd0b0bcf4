// Hostile names over SSH: paths with newlines, quotes, `$(...)`, leading dashes and invalid UTF-8 are
// scanned through a real sshd exactly as locally, and nothing in them is ever run. Reclaiming held files
// with such names: sshHostile.root.test.ts.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireTreeNode } from '../../../src/shared/models';
import { buildLab, type LabInfo } from '../../lab/buildLab';
import { startSshBackend, type SshBackend } from '../../support/sshBackend';
import { makeTempDir } from '../../support/tempDir';

const PWNED = '/tmp/pwned';
const tmp = makeTempDir('ssh-hostile');
let ssh: SshBackend;
let lab: LabInfo;
const pwnedBefore = existsSync(PWNED);

beforeAll(async () => {
  [ssh, lab] = await Promise.all([startSshBackend(tmp.dir, 'lab'), buildLab(join(tmp.dir, 'lab'))]);
  // More shapes on top of the lab's: a name that is only dashes and an option, and one with both quotes.
  const extra = join(lab.root, lab.expected.hostileDir, 'extra');
  mkdirSync(extra);
  for (const n of ['--', '-n', `it's "quoted"`, '; rm -rf ~', '|| touch /dev/null']) writeFileSync(join(extra, n.replace(/\//g, '_')), n);
});
afterAll(async () => {
  await ssh?.close();
  tmp.cleanup();
});

async function scanTree(node: string, root: string): Promise<WireTreeNode> {
  const { jobId } = await ssh.call<{ jobId: string }>('scan.start', { node, root });
  await ssh.backend.scanSettled(jobId);
  const { tree } = await ssh.call<{ tree: WireTreeNode }>('scan.tree', { jobId, depth: 8, topN: 200 });
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
});
