// Unlinking core dumps as a tool action, on a tmpfs laid out as systemd-coredump's directory: only the files
// the listing found, each with its listed inode and size. A core swapped after the listing (same name, a new
// inode: what a new crash of the same process writes) stays, as does one a process has open; the rest go and
// their bytes come back by statvfs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { actCli, toolAction } from '../../support/actCli';
import { mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { stopAllHolders, superviseChild } from '../../support/processes';
import { isRoot } from '../../support/root';
import { makeTempDir } from '../../support/tempDir';
import { displayName } from '../../../src/main/core/common/displayName';

const MiB = 1024 * 1024;
// systemd-coredump's names; one with a newline and a leading dash after the prefix, as hostile input.
const GONE = 'core.spoold.0.5b1e.1201.1733540000000000.zst';
const SWAPPED = 'core.spoold.0.5b1e.1202.1733540100000000.zst';
const OPEN = 'core.indexer.0.5b1e.77.1733540200000000.zst';
const HOSTILE = 'core.-rf\n$(touch x).1.zst';

let tmp: Tmpfs;
let data: { dir: string; cleanup: () => void };

describe.skipIf(!isRoot)('unlinking core dumps as a tool action (tmpfs)', () => {
  beforeAll(() => {
    tmp = mountTmpfs(64);
    data = makeTempDir('act-coredump');
  });

  afterAll(async () => {
    await stopAllHolders();
    tmp?.unmount();
    data?.cleanup();
  });

  it('removes the listed cores by their identity, never one swapped in since or one held open', async () => {
    const dir = join(tmp.dir, 'var', 'lib', 'systemd', 'coredump');
    mkdirSync(dir, { recursive: true });
    for (const [name, size] of [[GONE, 3 * MiB], [SWAPPED, 2 * MiB], [OPEN, 1 * MiB], [HOSTILE, 1 * MiB]] as const) writeFileSync(join(dir, name), randomBytes(size));
    const cli = actCli(data.dir);
    const { action } = toolAction(cli.stores(join(tmp.dir, 'var', 'lib', 'systemd')), 'coredump', /^unlink the 4 core files listed/);
    expect(action.expectedFreeBytes).toBe(7 * MiB);

    // After the listing: a new crash replaces one core (same name, same size, another inode) and a debugger
    // opens another.
    const replacement = randomBytes(2 * MiB);
    writeFileSync(join(dir, `${SWAPPED}.new`), replacement);
    renameSync(join(dir, `${SWAPPED}.new`), join(dir, SWAPPED));
    const reader = spawn('sh', ['-c', 'exec 3<"$1"; echo ready; exec sleep 600', 'gdb', join(dir, OPEN)], { stdio: ['ignore', 'pipe', 'inherit'] });
    superviseChild(reader);
    await new Promise((r) => reader.stdout!.once('data', r));

    const before = usedBytes(tmp.dir);
    const run = cli.act(action.id, ['--yes']);
    const after = usedBytes(tmp.dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.result!.removed.sort()).toEqual([join(dir, GONE), displayName(join(dir, HOSTILE))].sort());
    expect(run.result!.skipped.map((s) => [s.path, s.code]).sort()).toEqual([
      [join(dir, OPEN), 'in-use'],
      [join(dir, SWAPPED), 'changed'],
    ]);
    expect(existsSync(join(dir, GONE))).toBe(false);
    expect(existsSync(join(dir, HOSTILE))).toBe(false);
    expect(readFileSync(join(dir, SWAPPED)).equals(replacement)).toBe(true);
    expect(statSync(join(dir, OPEN)).size).toBe(1 * MiB);
    expect(run.result!.freedBytes).toBeGreaterThanOrEqual(4 * MiB * 0.95);
    expect(run.result!.freedBytes).toBeLessThan(5 * MiB);
    expect(before - after).toBe(run.result!.freedBytes);
    console.log(`coredump: listed ${action.expectedFreeBytes} B; after a swap and an open, freed ${run.result!.freedBytes} B (tool statvfs), ${before - after} B (test statvfs)`);
  }, 60_000);
});
