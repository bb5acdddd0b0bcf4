// spoolscope diff on real files: two scans of a root between which a day partition grew and another was
// removed; the JSON the issue specifies, its order, the exit codes, --from/--since and --rescan.
import { mkdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/tempDir';
import { runCli } from '../../support/cli';

const tmp = makeTempDir('diff-cli');
const root = join(tmp.dir, 'spool');
const env = { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data') };
const KiB = 1024;
const allocated = (path: string) => Number(execFileSync('du', ['-sk', '--one-file-system', path]).toString().split('\t')[0]) * KiB;

function fill(path: string, bytes: number): void {
  // Random bytes: a compressing file system must not make the sizes meaningless.
  writeFileSync(path, Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 7919) % 251)));
}

let firstScanAt = 0;
let day120Bytes = 0;
let day121Before = 0;

beforeAll(() => {
  for (const d of ['120', '121']) mkdirSync(join(root, 'logs/2026', d), { recursive: true });
  fill(join(root, 'logs/2026/120/app.log'), 256 * KiB);
  fill(join(root, 'logs/2026/121/app.log'), 64 * KiB);
  day120Bytes = allocated(join(root, 'logs/2026/120'));
  day121Before = allocated(join(root, 'logs/2026/121'));
  const first = runCli(['scan', root, '--json'], env);
  expect(first.status).toBe(0);
  firstScanAt = Date.now();
  // Between the scans: day 121 grows by 2 MiB, day 120 is reaped.
  appendFileSync(join(root, 'logs/2026/121/app.log'), Buffer.alloc(2048 * KiB, 7));
  rmSync(join(root, 'logs/2026/120'), { recursive: true });
}, 60_000);
afterAll(() => tmp.cleanup());

describe('spoolscope diff', () => {
  it('exits 4 with the reason when the root has only one stored scan', () => {
    const r = runCli(['diff', root, '--json'], env);
    expect(r.status).toBe(4);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ root, from: null, entries: [] });
    expect(out.to.scannedAt).toBeGreaterThan(0);
    expect(r.stderr).toContain('no earlier stored scan');
  });

  it('names the grown and the removed partition between two scans, largest change first', () => {
    expect(runCli(['scan', root, '--json'], env).status).toBe(0);
    const r = runCli(['diff', root, '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.root).toBe(root);
    expect(d.from.scannedAt).toBeLessThanOrEqual(firstScanAt);
    expect(d.to.scannedAt).toBeGreaterThan(d.from.scannedAt);
    const day121After = allocated(join(root, 'logs/2026/121'));
    const byPath = new Map(d.entries.map((e: { path: string }) => [e.path, e]));
    expect(byPath.get('logs/2026/121')).toEqual({ path: 'logs/2026/121', kind: 'day', change: 'grew', beforeBytes: day121Before, afterBytes: day121After, deltaBytes: day121After - day121Before });
    expect(byPath.get('logs/2026/120')).toEqual({ path: 'logs/2026/120', kind: 'day', change: 'went', beforeBytes: day120Bytes, afterBytes: 0, deltaBytes: -day120Bytes });
    // The directories above carry both changes: their totals moved by the sum.
    expect(byPath.get('logs/2026')).toMatchObject({ kind: 'dir', change: 'grew', deltaBytes: day121After - day121Before - day120Bytes });
    expect(d.deltaBytes).toBe(d.to.allocatedBytes - d.from.allocatedBytes);
    const sizes = d.entries.map((e: { deltaBytes: number }) => Math.abs(e.deltaBytes));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(d.more).toEqual({ count: 0, deltaBytes: 0 });
  });

  it('prints a readable table, and exit 4 for --from before the first scan', () => {
    const r = runCli(['diff', root], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/CHANGE\s+DELTA\s+BEFORE\s+AFTER\s+KIND\s+PATH/);
    expect(r.stdout).toMatch(/went\s+-\d+ KiB.*logs\/2026\/120/);
    const early = runCli(['diff', root, '--from', new Date(firstScanAt - 3_600_000).toISOString(), '--json'], env);
    expect(early.status).toBe(4);
    expect(runCli(['diff', root, '--from', String(firstScanAt), '--json'], env).status).toBe(0);
    expect(runCli(['diff', root, '--since', '1h', '--json'], env).status).toBe(4);
  });

  it('compares a fresh scan with --rescan, and refuses bad flags with exit 1', () => {
    appendFileSync(join(root, 'logs/2026/121/app.log'), Buffer.alloc(512 * KiB, 9));
    const r = runCli(['diff', root, '--rescan', '--json'], env);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.entries.find((e: { path: string }) => e.path === 'logs/2026/121')).toMatchObject({ change: 'grew' });
    expect(d.entries.find((e: { path: string }) => e.path === 'logs/2026/121').deltaBytes).toBeGreaterThanOrEqual(512 * KiB);
    expect(d.entries.some((e: { path: string }) => e.path === 'logs/2026/120')).toBe(false);
    const bad = runCli(['diff', root, '--since', 'yesterday'], env);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^spoolscope: --since takes a duration/);
    expect(runCli(['diff', root, '--since', '1h', '--from', '0'], env).status).toBe(1);
  });
});
