// The figures `spoolscope watch --json` prints, against the truth, on a real 128 MiB tmpfs: a real process
// writing 512 KiB/s (its rate measured from its own file's size over time, not assumed), and 40 MiB
// deleted 20 s after it starts. The filesystem's rate must be within 20% of the writer's from 10 s after
// it starts, within 25% from 12 s after the deletion (and never negative after it), and the last time to
// full within 30% of statvfs's available bytes over the writer's rate. These are accuracy assertions about
// the figures, not about how fast the code runs.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppender } from '../../support/appender';
import { appRoot, cliPath } from '../../support/cli';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { stopAllHolders, superviseChild } from '../../support/processes';
import { isRoot } from '../../support/root';
import { makeTempDir } from '../../support/tempDir';
import { until } from '../../support/until';

const KiB = 1024;
const MiB = 1024 * KiB;
const RATE = 512 * KiB;
const DELETE_AFTER_S = 20;
const RUN_S = 50;

const tmp = makeTempDir('watch-cli-accuracy');
let fs: Tmpfs | null = null;

interface Line {
  /** The sample's time (ms), as the CLI prints it. */
  at: number;
  bytesPerSecond: number | null;
  secondsToFull: number | null;
  trend: string;
  /** statvfs available bytes of the tmpfs when the line arrived. */
  statvfsAvail: number;
}

/** Least-squares slope (bytes/s) of (ms, bytes) points. */
function slope(points: readonly [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
  }
  return (sxy / sxx) * 1000;
}

function availBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

beforeAll(() => {
  if (!isRoot) return;
  fs = mountTmpfs(128);
});

afterAll(async () => {
  await stopAllHolders();
  fs?.unmount();
  tmp.cleanup();
});

describe.runIf(isRoot)('spoolscope watch --json against a real writer on a 128 MiB tmpfs', () => {
  it('reports the writer\'s rate after a step and after a 40 MiB deletion, and a time to full that matches statvfs', { timeout: 150_000 }, async () => {
    const root = fs!.dir;
    mkdirSync(join(root, 'logs'));
    // What the deletion removes, written before the watch starts.
    writeFileSync(join(root, 'logs', 'old.log'), Buffer.alloc(40 * MiB, 'o'));

    const lines: Line[] = [];
    const cli = spawn(process.execPath, [cliPath, 'watch', root, '--interval', '1000', '--json'], {
      env: { ...process.env, SPOOLSCOPE_DATA_DIR: join(tmp.dir, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stopCli = superviseChild(cli);
    let stderr = '';
    let pending = '';
    cli.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    cli.stdout!.on('data', (c: Buffer) => {
      pending += c.toString();
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        const sample = JSON.parse(pending.slice(0, nl)) as { at: number; filesystems: { bytesPerSecond: number | null; secondsToFull: number | null; trend: string }[] };
        pending = pending.slice(nl + 1);
        const f = sample.filesystems[0];
        lines.push({ at: sample.at, bytesPerSecond: f.bytesPerSecond, secondsToFull: f.secondsToFull, trend: f.trend, statvfsAvail: availBytes(root) });
      }
    });
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));

    // A few samples of the idle filesystem first: the writer starting is a step from 0.
    await until('the watch to print 3 samples', () => lines.length >= 3, 30_000, 50);
    const path = join(root, 'logs', 'app.log');
    const writer = await startAppender(path, RATE, 64 * MiB);
    const writerStart = Date.now();
    // The truth: the writer's own file, sized every 200 ms.
    const sizes: [number, number][] = [];
    const sizer = setInterval(() => {
      try {
        sizes.push([Date.now(), statSync(path).size]);
      } catch {
        // not created yet
      }
    }, 200);
    await new Promise((r) => setTimeout(r, DELETE_AFTER_S * 1000));
    rmSync(join(root, 'logs', 'old.log'));
    const deletedAt = Date.now();
    await new Promise((r) => setTimeout(r, (RUN_S - DELETE_AFTER_S) * 1000));
    clearInterval(sizer);
    cli.kill('SIGINT');
    expect(await exited).toBe(0);
    await stopCli();
    await writer.stop();
    expect(stderr).toBe('');

    const truth = slope(sizes);
    // The writer is paced at 512 KiB/s; its own measured rate is the truth the watch is judged by.
    expect(Math.abs(truth - RATE) / RATE).toBeLessThan(0.05);

    const err = (l: Line) => Math.abs((l.bytesPerSecond ?? Number.NaN) - truth) / truth;
    const afterStep = lines.filter((l) => l.at >= writerStart + 10_000 && l.at < deletedAt);
    const afterDeletion = lines.filter((l) => l.at >= deletedAt);
    const settled = afterDeletion.filter((l) => l.at >= deletedAt + 12_000);
    expect(afterStep.length).toBeGreaterThanOrEqual(8);
    expect(settled.length).toBeGreaterThanOrEqual(15);
    const stepErr = Math.max(...afterStep.map(err));
    const deletionErr = Math.max(...settled.map(err));
    // Not negative after the deletion, and a time to full again well before 20 s.
    for (const l of afterDeletion) expect(l.bytesPerSecond ?? 0).toBeGreaterThanOrEqual(0);
    const firstForecast = afterDeletion.find((l) => l.secondsToFull !== null);
    expect(firstForecast, JSON.stringify(afterDeletion.slice(0, 5))).toBeDefined();
    const last = lines.at(-1)!;
    const expectedTtf = last.statvfsAvail / truth;
    const ttfErr = Math.abs((last.secondsToFull ?? Number.NaN) - expectedTtf) / expectedTtf;

    const figures = {
      writerBytesPerSecond: Math.round(truth),
      worstRateErrorFrom10sAfterStart: stepErr,
      worstRateErrorFrom12sAfterDeletion: deletionErr,
      timeToFullAfterDeletionMs: firstForecast!.at - deletedAt,
      finalSecondsToFull: last.secondsToFull,
      expectedSecondsToFull: expectedTtf,
      finalTimeToFullError: ttfErr,
      samples: lines.length,
      // Each sample: seconds after the writer started, rate (bytes/s), time to full (s).
      series: lines.map((l) => [Math.round((l.at - writerStart) / 100) / 10, l.bytesPerSecond === null ? null : Math.round(l.bytesPerSecond), l.secondsToFull === null ? null : Math.round(l.secondsToFull)]),
    };
    mkdirSync(join(appRoot, 'test-results'), { recursive: true });
    writeFileSync(join(appRoot, 'test-results', 'watch-cli-accuracy.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.info(`watch --json against the writer: ${JSON.stringify({ ...figures, series: undefined })}`);

    for (const l of afterStep) expect(err(l), `at +${((l.at - writerStart) / 1000).toFixed(1)} s: ${l.bytesPerSecond}`).toBeLessThan(0.2);
    for (const l of settled) expect(err(l), `at +${((l.at - deletedAt) / 1000).toFixed(1)} s after the deletion: ${l.bytesPerSecond}`).toBeLessThan(0.25);
    expect(firstForecast!.at - deletedAt).toBeLessThan(20_000);
    expect(last.trend).toBe('filling');
    expect(ttfErr).toBeLessThan(0.3);
  });
});
