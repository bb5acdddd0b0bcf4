// One plan that truncates many deleted files of one process, more than one executor batch (100 entries):
// every one is truncated and measured, none left "not attempted" by an output limit that counted entries
// where the executor prints fields.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeldReclaimer } from '../../../src/main/services/held/heldReclaimer';
import { HeldScanner } from '../../../src/main/services/held/heldScanner';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { mountTmpfs, usedBytes, type Tmpfs } from '../../support/mounts';
import { stopAllHolders, superviseChild } from '../../support/processes';
import { isRoot } from '../../support/root';

const FILES = 130;
const transport = new LocalTransport();
let tmp: Tmpfs;
let dataDir: string;
let store: StateStore;
let pid: number;
let outcome: { result: Awaited<ReturnType<HeldReclaimer['reclaim']>>; freed: number };

/** One process holding FILES deleted files of 64 KiB on fds 10.., opened by python3 (the count is data). */
async function startManyHolder(dir: string): Promise<number> {
  const py = `import os, sys, time
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    p = os.path.join(d, "spool-%03d" % i)
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.write(fd, b"x" * 65536)
    os.unlink(p)
print("ready", flush=True)
time.sleep(600)
`;
  const child = spawn('python3', ['-c', py, dir, String(FILES)], { stdio: ['ignore', 'pipe', 'inherit'] });
  superviseChild(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  return child.pid!;
}

describe.skipIf(!isRoot)('a reclaim of more fds than one executor batch', () => {
  beforeAll(async () => {
    tmp = mountTmpfs(32);
    dataDir = mkdtempSync(join(tmpdir(), 'spoolscope-reclaim-many-'));
    store = openStateStore({ dataDir });
    const scanner = new HeldScanner({ transportFor: () => transport, visibleBytesByDevice: () => new Map() });
    const reclaimer = new HeldReclaimer({ transportFor: () => transport, scan: (node) => scanner.scan(node), store });
    pid = await startManyHolder(tmp.dir);
    expect(readdirSync(tmp.dir)).toEqual([]);
    const plan = await reclaimer.plan('local', pid);
    expect(plan.entries).toHaveLength(FILES);
    const before = usedBytes(tmp.dir);
    const result = await reclaimer.reclaim(plan.planId);
    outcome = { result, freed: before - usedBytes(tmp.dir) };
  });
  afterAll(async () => {
    await stopAllHolders();
    store?.close();
    tmp?.unmount();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('truncates every planned fd, across batches, with no limit warning', () => {
    const { result } = outcome;
    expect(result.skipped).toEqual([]);
    expect(result.truncated).toHaveLength(FILES);
    expect((result.warnings ?? []).filter((w) => /limit/.test(w))).toEqual([]);
  });

  it('frees what statvfs says, and every fd now holds no blocks', () => {
    expect(outcome.freed).toBeGreaterThanOrEqual(FILES * 65536);
    for (const t of outcome.result.truncated) expect(statSync(`/proc/${pid}/fd/${t.fd}`).blocks).toBe(0);
  });
});
