// `spoolscope plan --partition BUCKET` as an operator types it from `scan --json`, on a real tree with more
// partitions than the scan keeps one by one (50,000), so the oldest really are age buckets. On a tmpfs: fifty
// thousand files are made and dropped in moments there, where a busy disk's journal took a minute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { isRoot } from '../../support/root';
import { makeTempDir } from '../../support/tempDir';
import type { PartitionSummary, ScanSummary } from '../../../src/shared/models';
import type { ReapPlan } from '../../../src/shared/reapModels';

const KEPT = 50_000;
const DAY = 86_400;
const seg = (i: number) => `seg-${String(i).padStart(6, '0')}.log`;
const dayOf = (sec: number) => new Date(sec * 1000).toISOString().slice(0, 10);

describe.skipIf(!isRoot)('CLI: plan an age bucket picked from scan --json', () => {
  let tmpfs: Tmpfs;
  let data: { dir: string; cleanup: () => void };
  let root: string;
  let env: Record<string, string>;
  // Noon UTC 20 and 21 days ago: day buckets whatever the hour the test runs.
  const today = Math.floor(Date.now() / 1000 / DAY) * DAY;
  const old = today - 20 * DAY + 12 * 3600;
  const older = old - DAY;
  const picked: string[] = [];

  // One byte: one block allocated, so every bucket outweighs a segment and is among the 500 scan --json lists.
  const touch = (path: string, mtime?: number) => {
    writeFileSync(path, 'x');
    if (mtime !== undefined) utimesSync(path, mtime, mtime);
  };

  beforeAll(() => {
    // 50,000 one-byte files take a 4 KiB page each.
    tmpfs = mountTmpfs(320);
    data = makeTempDir('reap-bucket');
    root = join(tmpfs.dir, 'spool');
    env = { SPOOLSCOPE_DATA_DIR: data.dir };
    for (const d of ['queue', 'other']) mkdirSync(join(root, d), { recursive: true });
    // The segments all weigh the same, so the newest are kept one by one: these 49,999, written now, and one
    // of the old day that is larger (the largest are kept first), which is no part of that day's bucket.
    for (let i = 0; i < KEPT - 1; i++) touch(join(root, 'queue', seg(100_000 + i)));
    writeFileSync(join(root, 'queue', seg(500)), 'x'.repeat(5000));
    utimesSync(join(root, 'queue', seg(500)), old + 100, old + 100);
    // Past the budget: 40 of one old day (the bucket picked), 40 of the day before, and 30 of the same day
    // in another directory (a bucket of the same name there).
    for (let i = 0; i < 40; i++) {
      touch(join(root, 'queue', seg(i)), old + i);
      picked.push(`queue/${seg(i)}`);
    }
    for (let i = 0; i < 40; i++) touch(join(root, 'queue', seg(1000 + i)), older + i);
    for (let i = 0; i < 30; i++) touch(join(root, 'other', seg(i)), old + i);
  });

  afterAll(() => {
    tmpfs?.unmount();
    data?.cleanup();
  });

  let buckets: PartitionSummary[] = [];

  it('scan --json lists the old segments as age buckets of their directories, named by day', () => {
    const r = runCli(['scan', root, '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as ScanSummary;
    buckets = summary.partitions.filter((p) => p.kind === 'bucket');
    expect(summary.partitions.find((p) => p.path === `queue/${seg(500)}`)).toMatchObject({ kind: 'segment', newestMtime: old + 100 });
    expect(buckets.map((b) => [b.path, b.count]).sort()).toEqual([
      [`other/[segments ${dayOf(old)}]`, 30],
      [`queue/[segments ${dayOf(older)}]`, 40],
      [`queue/[segments ${dayOf(old)}]`, 40],
    ]);
  });

  it('plans exactly the files of the bucket whose path is passed to --partition, and removes nothing', () => {
    const path = `queue/[segments ${dayOf(old)}]`;
    expect(buckets.map((b) => b.path)).toContain(path);
    const r = runCli(['plan', root, '--add-root', '--keep-newest', '2', '--partition', path, '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout) as ReapPlan;
    expect(plan.entries.map((e) => e.path).sort()).toEqual(picked);
    expect(plan.entries.flatMap((e) => e.files.map((f) => f.path)).sort()).toEqual(picked);
    expect(plan.entries.every((e) => e.because === 'manual')).toBe(true);
    expect(plan.skipped).toEqual([]);
    expect(plan.manual).toEqual([path]);
    expect(picked.every((p) => existsSync(join(root, p)))).toBe(true);
  });

  it('refuses in one line a bucket the scan does not have, and a bare name two directories carry', () => {
    const none = runCli(['plan', root, '--partition', `queue/[segments ${dayOf(old - 5 * DAY)}]`, '--json'], env);
    expect(none.status).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toContain(`no age bucket "queue/[segments ${dayOf(old - 5 * DAY)}]" under ${root} now`);
    expect(none.stderr).toContain(`run spoolscope scan ${root} --json and copy a path from its partitions[]`);

    const bare = runCli(['plan', root, '--partition', `[segments ${dayOf(old)}]`, '--json'], env);
    expect(bare.status).toBe(1);
    expect(bare.stderr.trim().split('\n')).toHaveLength(1);
    expect(bare.stderr).toContain(`but 2 other directories hold one of that name: give its whole path as scan --json prints it, one of "other/[segments ${dayOf(old)}]", "queue/[segments ${dayOf(old)}]"`);

    const unreadable = runCli(['plan', root, '--partition', 'queue/[segments yesterday]'], env);
    expect(unreadable.status).toBe(1);
    expect(unreadable.stderr).toMatch(/is shaped like an age bucket but names none/);
  });
});
