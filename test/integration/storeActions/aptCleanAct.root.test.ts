// apt-get clean as a tool action, with the real apt-get, in a private mount namespace with tmpfs over
// /var/cache/apt (and /var/lib/apt/lists): this machine's own cache and locks are never touched. While a
// process holds the cache's lock (apt's fcntl lock, as apt-get does while it downloads) the action is
// refused, naming it, and nothing is removed; once the lock is free it runs and the .deb bytes come back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { makeTempDir } from '../../support/tempDir';
import { actCli, toolAction } from '../../support/actCli';
import { startMountNamespace, type MountNamespace } from '../../support/mountNamespace';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';

const MiB = 1024 * 1024;
const SETUP = `set -e
mount -t tmpfs -o size=64m tmpfs /var/cache/apt
mkdir -p /var/cache/apt/archives/partial
mount -t tmpfs -o size=8m tmpfs /var/lib/apt/lists
mkdir -p /var/lib/apt/lists/partial
exec sleep 100000`;
const PY_LOCK = `
import fcntl, os, time
fd = os.open("/var/cache/apt/archives/lock", os.O_RDWR | os.O_CREAT, 0o640)
fcntl.lockf(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(600)
`;

let ns: MountNamespace;
let data: { dir: string; cleanup: () => void };

function usedBytes(): number {
  const [blocks, free, size] = ns.sh('stat -f -c "%b %f %S" /var/cache/apt').trim().split(' ').map(Number);
  return (blocks - free) * size;
}

describe.skipIf(!isRoot || !existsSync('/usr/bin/apt-get'))('apt-get clean as a tool action (private mount namespace)', () => {
  beforeAll(async () => {
    ns = await startMountNamespace(SETUP, 'test -d /var/cache/apt/archives/partial && test -d /var/lib/apt/lists/partial');
    data = makeTempDir('act-apt');
    for (const name of ['libfoo1_1.0-1_amd64.deb', 'bar_2.3_all.deb', "-rf 'quoted' $(x)_1_amd64.deb"]) {
      ns.sh('head -c 3145728 /dev/urandom > "/var/cache/apt/archives/$1"', name);
    }
  }, 60_000);

  afterAll(async () => {
    await stopAllHolders();
    await ns?.stop();
    data?.cleanup();
  });

  it('is refused while the cache lock is held, and frees the packages once it is not', async () => {
    const cli = actCli(data.dir, { ns });
    const locker = ns.spawn('python3', ['-c', PY_LOCK]);
    await new Promise((r) => locker.stdout!.once('data', r));

    const { action } = toolAction(cli.stores('/var/cache/apt'), 'apt-cache', /^apt-get -o Dir::Cache=\/var\/cache\/apt clean$/);
    expect(action.expectedFreeBytes).toBe(9 * MiB);
    const dry = cli.act(action.id, ['--dry-run']);
    expect(dry.status).toBe(4);
    expect(dry.result!.refused).toMatchObject({ code: 'store-active', pid: locker.pid, comm: 'python3' });
    const refused = cli.act(action.id, ['--yes']);
    expect(refused.status, refused.stderr).toBe(4);
    expect(refused.result!.refused).toMatchObject({ code: 'store-active', pid: locker.pid });
    expect(refused.result!.refused!.reason).toMatch(/\/var\/cache\/apt\/archives\/lock is locked by pid \d+ \(python3\)/);
    expect(ns.sh('ls /var/cache/apt/archives | grep -c "\\.deb$"').trim()).toBe('3');

    locker.kill('SIGKILL');
    await new Promise((r) => locker.once('exit', r));
    // The refused run used its id: a new listing gives a new one.
    expect(cli.act(action.id, ['--yes']).stderr).toMatch(/already used/);
    const { action: again } = toolAction(cli.stores('/var/cache/apt'), 'apt-cache', /clean$/);
    const before = usedBytes();
    const run = cli.act(again.id, ['--yes']);
    const after = usedBytes();
    expect(run.status, run.stderr).toBe(0);
    expect(run.result!.refused).toBeNull();
    expect(run.result!.exitCode).toBe(0);
    expect(run.result!.freedBytes).toBeGreaterThanOrEqual(9 * MiB * 0.95);
    expect(before - after).toBeGreaterThanOrEqual(9 * MiB * 0.95);
    expect(ns.sh('ls /var/cache/apt/archives | grep -c "\\.deb$" || true').trim()).toBe('0');
    console.log(`apt-get clean: refused while pid ${locker.pid} held the lock; then freed ${run.result!.freedBytes} B (tool statvfs), ${before - after} B (test statvfs) of ${again.expectedFreeBytes} B listed`);
  }, 60_000);
});
