// `spoolscope watch ROOT --for SECONDS --json`: newline-delimited samples with bytesPerSecond per
// filesystem and partition and secondsToFull per filesystem, for as long as asked; a bad root is one line.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { startAppender } from '../../support/appender';
import { stopAllHolders } from '../../support/processes';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('watch-cli');
const env = { SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data') };
afterAll(async () => {
  await stopAllHolders();
  tmp.cleanup();
});

describe('spoolscope watch', () => {
  it('prints one JSON sample per line with the rates and time to full', async () => {
    const root = join(tmp.dir, 'spool');
    mkdirSync(join(root, '2026/120'), { recursive: true });
    const appender = await startAppender(join(root, '2026/120/core.log'), 2 * 1024 * 1024, 64 * 1024 * 1024);
    const r = runCli(['watch', root, '--for', '3', '--interval', '300', '--json'], env);
    await appender.stop();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    for (const l of lines) {
      expect(l.root).toBe(root);
      expect(l.filesystems[0]).toHaveProperty('bytesPerSecond');
      expect(l.filesystems[0]).toHaveProperty('secondsToFull');
      expect(l.filesystems[0]).not.toHaveProperty('spark');
    }
    const last = lines.at(-1);
    const day = last.partitions.find((p: { path: string }) => p.path === '2026/120');
    expect(day, JSON.stringify(last.partitions)).toMatchObject({ kind: 'day' });
    expect(day.bytesPerSecond).toBeGreaterThan(1024 * 1024);
    expect(last.filesystems[0].bytesPerSecond).not.toBeNull();
  });

  it('ends with one line naming the problem for a root that does not exist', () => {
    const r = runCli(['watch', join(tmp.dir, 'missing'), '--for', '5', '--json'], env);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^spoolscope: .*missing: the root does not exist$/);
  });

  it('refuses a bad --for', () => {
    const r = runCli(['watch', tmp.dir, '--for', 'soon'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--for takes a number of seconds');
  });
});
