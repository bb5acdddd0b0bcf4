// The same lab, scanned here and over SSH (a real sshd on 127.0.0.1), gives the same JSON from the CLI:
// one probe, one parser, two transports. Held files, which need a root-only holder: sshParity.root.test.ts.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, type LabInfo } from '../../lab/buildLab';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { isRoot } from '../../support/root';
import { startSshCli, type SshCli } from '../../support/sshCli';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('ssh-parity');
let cli: SshCli;
let lab: LabInfo;
let ssh: string[];
const json = (args: string[]) => cli.json(args);

beforeAll(async () => {
  [cli, lab] = await Promise.all([startSshCli(tmp.dir), buildLab(join(tmp.dir, 'lab'))]);
  ssh = cli.flags;
});
afterAll(async () => {
  await cli?.stop();
  tmp.cleanup();
});

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
      // Other suites also mount and unmount test tmpfs under the temp dir: leave theirs out. The list is worst
      // first, so a fill that moved (the safety suite's helpers use /dev/shm) may reorder it: compare by mount.
      const stable = (d: Df) =>
        d.filesystems
          .filter((f) => !f.mount.startsWith(tmpdir() + '/spoolscope-') || f.mount === quiet?.dir)
          .map(({ mount, fstype, source, sizeBytes, inodesTotal }) => ({ mount, fstype, source, sizeBytes, inodesTotal }))
          .sort((a, b) => (a.mount < b.mount ? -1 : a.mount > b.mount ? 1 : 0));
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
});
