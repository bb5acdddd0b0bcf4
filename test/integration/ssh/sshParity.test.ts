// The same lab, scanned here and over SSH (a real sshd on 127.0.0.1), gives the same JSON from the CLI:
// one probe, one parser, two transports.
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, type LabInfo } from '../../lab/buildLab';
import { runCli } from '../../support/cli';
import { startHolder, type Holder } from '../../support/holders';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('ssh-parity');
const env = { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data'), SSH_AUTH_SOCK: '' };
let sshd: Sshd;
let lab: LabInfo;
let ssh: string[];

beforeAll(async () => {
  [sshd, lab] = await Promise.all([startSshd(), buildLab(join(tmp.dir, 'lab'))]);
  const kh = join(tmp.dir, 'known_hosts');
  writeFileSync(kh, sshd.knownHostsLine + '\n');
  ssh = ['--ssh', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.identityFile, '--known-hosts', kh];
});
afterAll(async () => {
  await stopAllHolders();
  await sshd?.stop();
  tmp.cleanup();
});

function json(args: string[]): unknown {
  const r = runCli([...args, '--json'], env);
  if (r.status !== 0 && r.status !== 3) throw new Error(`spoolscope ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function withoutIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutIds);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'id').map(([k, x]) => [k, withoutIds(x)]));
  return v;
}

describe('local and SSH give the same answers', () => {
  it('scan: identical JSON for the lab (partitions, totals, hostile names, errors)', () => {
    // Partition ids are handles into this job's tree, numbered in arrival order: two lanes race, so they
    // differ between any two scans (two local ones too). Everything else must match exactly.
    const local = withoutIds(json(['scan', lab.root]));
    const remote = withoutIds(json(['scan', lab.root, ...ssh]));
    expect(remote).toEqual(local);
    expect((local as { partitions: unknown[] }).partitions.length).toBeGreaterThan(5);
    for (const c of lab.expected.canaries) expect(existsSync(join(lab.root, c))).toBe(false);
    expect(existsSync('/tmp/pwned')).toBe(false);
  });

  it('df: the same filesystems, and identical entries for one nobody else writes to', () => {
    const quiet: Tmpfs | null = isRoot ? mountTmpfs(8) : null;
    try {
      type Df = { filesystems: { mount: string; fstype: string; source: string; sizeBytes: number; inodesTotal: number }[] };
      const local = json(['df']) as Df;
      const remote = json(['df', ...ssh]) as Df;
      // Other suites write to the shared disks meanwhile: used/avail of those may move between the two calls.
      // Other suites also mount and unmount test tmpfs under the temp dir: leave theirs out.
      const stable = (d: Df) =>
        d.filesystems.filter((f) => !f.mount.startsWith(tmpdir() + '/spoolscope-') || f.mount === quiet?.dir).map(({ mount, fstype, source, sizeBytes, inodesTotal }) => ({ mount, fstype, source, sizeBytes, inodesTotal }));
      expect(stable(remote)).toEqual(stable(local));
      if (quiet) {
        const pick = (d: Df) => d.filesystems.find((f) => f.mount === quiet.dir);
        expect(pick(local)).toBeDefined();
        expect(pick(remote)).toEqual(pick(local));
      }
    } finally {
      quiet?.unmount();
    }
  });

  it.runIf(isRoot)('held: the same holder, files and filesystem accounting for a process holding deleted files', async () => {
    const fs = mountTmpfs(16);
    let holder: Holder | null = null;
    try {
      holder = await startHolder({ dir: fs.dir, name: 'gazette-append-17', mode: 'append', bytes: 3 * 1024 * 1024 });
      type Held = { holders: { pid: number }[]; filesystems: { mount: string }[] };
      const local = json(['held']) as Held;
      const remote = json(['held', ...ssh]) as Held;
      const mine = (h: Held) => h.holders.find((x) => x.pid === holder!.pid);
      const onFs = (h: Held) => h.filesystems.find((f) => f.mount === fs.dir);
      expect(mine(local)).toBeDefined();
      expect(mine(remote)).toEqual(mine(local));
      expect(onFs(remote)).toEqual(onFs(local));
      expect((onFs(local) as unknown as { heldBytes: number }).heldBytes).toBeGreaterThanOrEqual(3 * 1024 * 1024);
    } finally {
      await holder?.stop();
      fs.unmount();
    }
  });
});
