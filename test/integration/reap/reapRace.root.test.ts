// Races against the executor: planned partition directories, or the year directory above them, swapped for
// symlinks to canaries outside the root and back, thousands of times while reaps run. The canaries hold hard
// links to the very files the plan names (same inode, size and mtime), so only the directory checks stand
// between a swap and their loss (both tests fail with those checks taken out of reap-unlink.sh).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { symlinkRace, type RaceOutcome } from '../../support/reapRace';
import { makeTempDir } from '../../support/tempDir';
import { Reaper } from '../../../src/main/services/reap/reaper';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { LocalTransport } from '../../../src/main/transport/localTransport';

let tmp: Tmpfs;
let data: { dir: string; cleanup: () => void };
let store: StateStore;
let reaper: Reaper;
const local = new LocalTransport();

describe.skipIf(!isRoot)('reap races: planned directories swapped for symlinks to canaries', () => {
  let partitionLevel: RaceOutcome;
  let yearLevel: RaceOutcome;

  beforeAll(async () => {
    tmp = mountTmpfs(64);
    data = makeTempDir('reap-race');
    store = openStateStore({ dataDir: data.dir });
    const root = join(tmp.dir, 'store');
    mkdirSync(root);
    store.roots.add('local', root);
    reaper = new Reaper({ transportFor: () => local, store, onProgress: () => {}, scanReference: () => null });
    partitionLevel = await symlinkRace({ reaper, node: 'local', root, work: tmp.dir, rounds: 10, dirs: 12, files: 8, level: 'partition' });
    const root2 = join(tmp.dir, 'store2');
    mkdirSync(root2);
    store.roots.add('local', root2);
    yearLevel = await symlinkRace({ reaper, node: 'local', root: root2, work: tmp.dir, rounds: 10, dirs: 6, files: 8, level: 'year' });
    console.log(
      `reap race: partition dirs ${partitionLevel.swaps} swaps, ${partitionLevel.removed} removed, ${partitionLevel.skippedFiles} skipped (${[...partitionLevel.codes].join(', ')}); ` +
        `year dir ${yearLevel.swaps} swaps, ${yearLevel.removed} removed, ${yearLevel.skippedFiles} skipped (${[...yearLevel.codes].join(', ')})`,
    );
  }, 240_000);

  afterAll(async () => {
    await stopAllHolders();
    store?.close();
    tmp?.unmount();
    data?.cleanup();
  });

  it('swapped the directories thousands of times while the reaps ran', () => {
    expect(partitionLevel.swaps).toBeGreaterThanOrEqual(1000);
    expect(yearLevel.swaps).toBeGreaterThanOrEqual(1000);
  });

  it('never removed anything in a canary: every hard link there survives every round', () => {
    expect(partitionLevel.canaryIntact).toBe(true);
    expect(yearLevel.canaryIntact).toBe(true);
  });

  it('removed planned files when the real directory was in place, and skipped the rest as symlinked or gone', () => {
    // Both outcomes happen: the race is real, and the executor is not simply refusing everything.
    for (const o of [partitionLevel, yearLevel]) {
      expect(o.removed).toBeGreaterThan(0);
      expect(o.skippedFiles).toBeGreaterThan(0);
      expect(o.accounted).toBe(true);
      expect([...o.codes].filter((c) => c !== 'gone' && c !== 'symlink')).toEqual([]);
    }
    expect(partitionLevel.codes.has('symlink') || yearLevel.codes.has('symlink')).toBe(true);
  });
});
