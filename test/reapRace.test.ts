// Races against the executor: a helper swaps a planned partition directory for a symlink to a canary outside
// the root and back, thousands of times while reaps run. The canary holds hard links to the very files the
// plan names (same inode, size and mtime), so only the directory checks stand between a swap and its loss.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isRoot, mountTmpfs, stopAllHolders, type Tmpfs } from './support/heldHelpers';
import { hardLink, startSymlinkSwapper, writeFile, YEAR_START } from './support/reapLab';
import { makeTempDir } from './support/tempDir';
import { Reaper } from '../src/main/services/reaper';
import { openStateStore, type StateStore } from '../src/main/store/stateStore';
import { LocalTransport } from '../src/main/transport/localTransport';

const ROUNDS = 12;
const FILES = 40;

let tmp: Tmpfs;
let data: { dir: string; cleanup: () => void };
let store: StateStore;
const local = new LocalTransport();

function restore(dir: string): void {
  try {
    if (lstatSync(dir).isSymbolicLink()) unlinkSync(dir);
  } catch {
    // not there
  }
  if (existsSync(`${dir}.real`)) renameSync(`${dir}.real`, dir);
}

describe.skipIf(!isRoot)('reap races: a planned directory swapped for a symlink to a canary', () => {
  let root: string;
  let canary: string;
  let part: string;
  let swaps = 0;
  let removed = 0;
  let skippedSymlinkOrGone = 0;
  let canaryIntactEveryRound = true;
  let everyFileAccounted = true;
  const codes = new Set<string>();

  beforeAll(async () => {
    tmp = mountTmpfs(64);
    data = makeTempDir('reap-race');
    store = openStateStore({ dataDir: data.dir });
    root = join(tmp.dir, 'store');
    canary = join(tmp.dir, 'canary');
    part = join(root, '2026/001');
    mkdirSync(canary, { recursive: true });
    store.addRoot('local', root);
    const reaper = new Reaper({ transportFor: () => local, store, onProgress: () => {}, scanReference: () => null });
    const counter = join(data.dir, 'swaps');
    for (let round = 0; round < ROUNDS; round++) {
      rmSync(canary, { recursive: true, force: true });
      mkdirSync(canary);
      mkdirSync(part, { recursive: true });
      for (let i = 0; i < FILES; i++) {
        writeFile(join(part, `seg-${i}.log.1`), 4096, YEAR_START);
        hardLink(join(part, `seg-${i}.log.1`), join(canary, `seg-${i}.log.1`));
      }
      // Two newer days keep the floor away from the one under attack.
      for (const d of ['2026/002', '2026/003']) {
        mkdirSync(join(root, d), { recursive: true });
        writeFile(join(root, d, 'x.log'), 4096, YEAR_START + 86_400 * Number(d.slice(-1)));
      }
      const plan = await reaper.plan({ node: 'local', root, policy: { maxBytes: null, maxAgeDays: null, keepNewest: 2 }, partitions: ['2026/001'] });
      expect(plan.entries.map((e) => e.path)).toEqual(['2026/001']);
      const swapper = await startSymlinkSwapper(part, canary, counter);
      const result = await reaper.execute(plan.planId);
      await swapper.stop();
      restore(part);
      swaps += Number(readFileSync(counter, 'utf8') || '0');
      removed += result.removed.length;
      const fileSkips = result.skipped.filter((s) => s.path !== '2026/001');
      skippedSymlinkOrGone += fileSkips.filter((s) => s.code === 'symlink' || s.code === 'gone').length;
      for (const s of fileSkips) codes.add(s.code);
      if (result.removed.length + fileSkips.length !== FILES) everyFileAccounted = false;
      const left = readdirSync(canary).sort();
      if (left.length !== FILES) canaryIntactEveryRound = false;
    }
  }, 240_000);

  afterAll(async () => {
    await stopAllHolders();
    store?.close();
    tmp?.unmount();
    data?.cleanup();
  });

  it('never follows a swapped intermediate directory either: the year directory above the partition', async () => {
    const reaper = new Reaper({ transportFor: () => local, store, onProgress: () => {}, scanReference: () => null });
    const year = join(root, '2026');
    const canaryYear = join(tmp.dir, 'canary-year');
    const counter = join(data.dir, 'swaps-year');
    let yearSwaps = 0;
    for (let round = 0; round < 4; round++) {
      rmSync(canaryYear, { recursive: true, force: true });
      mkdirSync(join(canaryYear, '001'), { recursive: true });
      mkdirSync(join(year, '001'), { recursive: true });
      for (let i = 0; i < FILES; i++) {
        writeFile(join(year, '001', `seg-${i}.log.1`), 4096, YEAR_START);
        hardLink(join(year, '001', `seg-${i}.log.1`), join(canaryYear, '001', `seg-${i}.log.1`));
      }
      const plan = await reaper.plan({ node: 'local', root, policy: { maxBytes: null, maxAgeDays: null, keepNewest: 2 }, partitions: ['2026/001'] });
      expect(plan.entries.map((e) => e.path)).toEqual(['2026/001']);
      const swapper = await startSymlinkSwapper(year, canaryYear, counter);
      await reaper.execute(plan.planId);
      await swapper.stop();
      restore(year);
      yearSwaps += Number(readFileSync(counter, 'utf8') || '0');
      expect(readdirSync(join(canaryYear, '001'))).toHaveLength(FILES);
    }
    expect(yearSwaps).toBeGreaterThan(500);
  });

  it('swapped the directory thousands of times while the reaps ran', () => {
    expect(swaps).toBeGreaterThanOrEqual(2000);
  });

  it('never removed anything in the canary: every hard link there survives every round', () => {
    expect(canaryIntactEveryRound).toBe(true);
    expect(readdirSync(canary)).toHaveLength(FILES);
  });

  it('did remove planned files when the real directory was in place, and skipped the rest with a reason', () => {
    // Both outcomes happen: the race is real, and the executor is not simply refusing everything.
    expect(removed).toBeGreaterThan(0);
    expect(skippedSymlinkOrGone).toBeGreaterThan(0);
    expect(everyFileAccounted).toBe(true);
    // A swapped-in symlink, or the real directory renamed aside at that instant: nothing else.
    expect([...codes].filter((c) => c !== 'gone' && c !== 'symlink')).toEqual([]);
    expect(codes.has('symlink')).toBe(true);
    console.log(`reap race: ${swaps} swaps over ${ROUNDS} reaps of ${FILES} files: ${removed} removed, ${skippedSymlinkOrGone} skipped (${[...codes].join(', ')})`);
  });
});
