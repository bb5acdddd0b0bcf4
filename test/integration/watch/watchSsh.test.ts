// The same live watch over SSH (a real sshd on 127.0.0.1): the sample probe runs on the node through the
// SSH transport and gives the same samples as the local watch of the same root: the filesystem, its rate
// within 10% of a helper's known rate, the growing partition (noticed by inotifywait on the node when it
// has inotify-tools, else found by the probe's periodic look) and the writer process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchSnapshot } from '../../../src/shared/watchModels';
import { runCli } from '../../support/cli';
import { startAppender, type Appender } from '../../support/appender';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { startSshd, type Sshd } from '../../support/sshd';
import { makeTempDir } from '../../support/tempDir';

const MiB = 1024 * 1024;
const RATE = 2 * MiB;
const tmp = makeTempDir('watch-ssh');
const env = { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data'), SSH_AUTH_SOCK: '' };
let root: string;
// A tmpfs of its own: the shared disk's used bytes move with every other suite's writes.
let fs: Tmpfs | null = null;
let sshd: Sshd;
let ssh: string[];
let appender: Appender;

beforeAll(async () => {
  sshd = await startSshd();
  const kh = join(tmp.dir, 'known_hosts');
  writeFileSync(kh, sshd.knownHostsLine + '\n');
  ssh = ['--ssh', `root@127.0.0.1:${sshd.port}`, '--identity', sshd.identityFile, '--known-hosts', kh];
  fs = isRoot ? mountTmpfs(128) : null;
  root = join(fs?.dir ?? tmp.dir, 'spool');
  mkdirSync(join(root, '2026/121'), { recursive: true });
  appender = await startAppender(join(root, '2026/121/core.log'), RATE, 96 * MiB);
});
afterAll(async () => {
  await stopAllHolders();
  await sshd?.stop();
  fs?.unmount();
  tmp.cleanup();
});

// Each exec over SSH opens a session on the node (about 1.5 s with this test sshd): the remote watch gets
// fewer samples in the same time, so it runs longer.
function watch(seconds: number, extra: string[]): WatchSnapshot[] {
  const r = runCli(['watch', root, '--for', String(seconds), '--interval', '400', '--json', ...extra], env);
  if (r.status !== 0 || r.stdout.trim() === '') throw new Error(`watch exited ${r.status} with ${r.stdout.length} bytes of output: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as WatchSnapshot);
}

describe('watch over SSH', () => {
  it('gives the same samples as the local watch of the same root', () => {
    const remote = watch(12, ssh);
    const local = watch(4, []);
    for (const [samples, where] of [[remote, 'remote'], [local, 'local']] as const) {
      expect(samples.length, where).toBeGreaterThanOrEqual(4);
      const last = samples.at(-1)!;
      const fs = last.filesystems[0];
      expect(Math.abs(fs.bytesPerSecond! - RATE) / RATE, `${where} rate ${fs.bytesPerSecond}`).toBeLessThan(0.1);
      const day = last.partitions.find((p) => p.path === '2026/121');
      expect(day, `${where}: ${JSON.stringify(last.partitions)}`).toMatchObject({ kind: 'day' });
      expect(Math.abs(day!.bytesPerSecond! - RATE) / RATE, `${where} partition rate`).toBeLessThan(0.1);
      expect(samples.some((s) => s.writers.some((w) => w.pid === appender.pid)), where).toBe(true);
    }
    expect(remote[0].node).toBe(`root@127.0.0.1:${sshd.port}`);
    const hasInotifywait = spawnSync('sh', ['-c', 'command -v inotifywait']).status === 0;
    expect(remote.at(-1)!.mode).toBe(hasInotifywait ? 'inotify' : 'periodic');
    expect(local.at(-1)!.mode).toBe('inotify');
    const pick = (s: WatchSnapshot) => ({ mount: s.filesystems[0].mount, fstype: s.filesystems[0].fstype, sizeBytes: s.filesystems[0].sizeBytes });
    expect(pick(remote.at(-1)!)).toEqual(pick(local.at(-1)!));
  });
});
