// spoolscope export --ssh: the figures of a root read over a real sshd on 127.0.0.1 (this machine as the node)
// equal the figures read here, and the textfile is written on this machine; the sources analysis is kept per
// node, so the SSH node's is not the local one's.
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { startSshCli, type SshCli } from '../../support/sshCli';
import { makeTempDir } from '../../support/tempDir';

interface ExportJson {
  file: string;
  node: string;
  roots: { root: string; bytes: number; partitions: number; oldestPartitionAgeSeconds: number | null; sources: { name: string; baselineRatio: number | null }[] | null }[];
  partial: boolean;
}

const DAY_MS = 86_400_000;
const tmp = makeTempDir('export-ssh');
const root = join(tmp.dir, 'spool');
const local = join(tmp.dir, 'textfile-local');
const remote = join(tmp.dir, 'textfile-ssh');
let cli: SshCli;

beforeAll(async () => {
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  for (let ago = 8; ago >= 2; ago--) {
    const start = today - ago * DAY_MS;
    const dir = join(root, new Date(start).toISOString().slice(0, 10));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'api.log'), 'a'.repeat(ago === 2 ? 50_000 : 25_000));
    const noon = (start + DAY_MS / 2) / 1000;
    utimesSync(join(dir, 'api.log'), noon, noon);
  }
  mkdirSync(local);
  mkdirSync(remote);
  cli = await startSshCli(tmp.dir);
}, 60_000);

afterAll(async () => {
  await cli?.stop();
  tmp.cleanup();
});

describe('spoolscope export over SSH', () => {
  it("writes the node's figures, equal to this machine's of the same root, into the local DIR", () => {
    const env = { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data'), SSH_AUTH_SOCK: '', TZ: 'UTC' };
    const here = runCli(['export', '--textfile', local, root, '--json'], env);
    expect([0, 3]).toContain(here.status);
    const mine = JSON.parse(here.stdout) as ExportJson;
    const theirs = cli.json(['export', '--textfile', remote, root, ...cli.flags]) as ExportJson;
    expect(theirs.node).toBe(`root@127.0.0.1:${cli.sshd.port}`);
    expect(theirs.file).toBe(join(remote, 'spoolscope.prom'));
    const strip = (r: ExportJson['roots'][number]) => ({ ...r, oldestPartitionAgeSeconds: null });
    expect(theirs.roots.map(strip)).toEqual(mine.roots.map(strip));
    expect(Math.abs(theirs.roots[0].oldestPartitionAgeSeconds! - mine.roots[0].oldestPartitionAgeSeconds!)).toBeLessThan(60);
    expect(theirs.roots[0].sources).toEqual([{ name: 'api', baselineRatio: expect.closeTo(2, 6) as number }]);
    expect(readFileSync(join(remote, 'spoolscope.prom'), 'utf8')).toContain(`spoolscope_root_partitions{root="${root}"} 7\n`);

    // One analysis per node in the data dir's cache.
    const cache = JSON.parse(readFileSync(join(tmp.dir, 'data', 'export-sources-cache.json'), 'utf8')) as { entries: { node: string; root: string }[] };
    expect(cache.entries.map((e) => e.node).sort()).toEqual(['local', theirs.node].sort());
  });
});
