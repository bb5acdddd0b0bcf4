// npm run bench (after the scan and held benches): the live watch of a root of 10,000 files under a steady
// change load, in the real serve main process. Reports the main process's CPU per 1,000 changes/s and its
// RSS at the end, beside `inotifywait -m -r` (inotify-tools) watching the same tree under the same load as
// the yardstick, both measured in the same run. Not a test: it prints a table and writes
// bench/.cache/watch-last-run.json.
//
//   tsx bench/watch-bench.ts [--minutes N] [--files N] [--rate CHANGES_PER_SECOND] [--interval MS]
//
// CPU is utime + stime from /proc/PID/stat over the loaded period (and over an idle period before it);
// RSS from /proc/PID/status, sampled every 5 s (end and max reported).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rssOf, startFlood, type Flood } from '../test/support/changeFlood';
import { startWarmApp, type WarmApp } from './support/warmApp';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(benchDir, '..');
const cacheDir = path.join(benchDir, '.cache');
const serveEntry = path.join(repo, 'out/main/serve.js');
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    files: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '1000' },
    interval: { type: 'string', default: '3000' },
  },
});
const minutes = Number(values.minutes);
const files = Number(values.files);
const rate = Number(values.rate);
const intervalMs = Number(values.interval);

function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;

async function main(): Promise<void> {
  if (!fs.existsSync(serveEntry)) throw new Error('out/main/serve.js is missing: run `npx electron-vite build` (npm run bench does)');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spoolscope-watch-bench-'));
  const root = path.join(tmp, 'spool');
  const children: ChildProcess[] = [];
  let app: WarmApp | null = null;
  let flood: Flood | null = null;
  try {
    for (let d = 0; d < 100; d++) fs.mkdirSync(path.join(root, `d${String(d).padStart(3, '0')}`), { recursive: true });
    for (let i = 0; i < files; i++) fs.writeFileSync(path.join(root, `d${String(i % 100).padStart(3, '0')}`, `f${String(i).padStart(5, '0')}.log`), 'x\n');

    app = await startWarmApp(path.join(tmp, 'data'));
    const { events } = app;
    const snapshotEvents = () => events.filter((e) => e.event === 'watch.snapshot');
    await app.call('watch.start', { root, intervalMs });

    const hasInotifywait = spawnSync('sh', ['-c', 'command -v inotifywait'], { encoding: 'utf8' }).status === 0;
    const peer = hasInotifywait ? spawn('inotifywait', ['-m', '-r', '-q', '-e', 'modify,create,delete,move', root], { stdio: ['ignore', 'ignore', 'ignore'] }) : null;
    if (peer) children.push(peer);

    // Settle (chokidar sets up its watches), then an idle period for the baseline.
    await sleep(15_000);
    const idleMs = 20_000;
    const idle0 = cpuSeconds(app.pid);
    await sleep(idleMs);
    const idleCpu = (cpuSeconds(app.pid) - idle0) / (idleMs / 1000);

    flood = await startFlood(root, files, rate);
    const loadMs = minutes * 60_000;
    const t0 = performance.now();
    const s0 = cpuSeconds(app.pid);
    const p0 = peer ? cpuSeconds(peer.pid!) : 0;
    const snaps0 = snapshotEvents().length;
    const rssSeries: number[] = [];
    while (performance.now() - t0 < loadMs) {
      await sleep(5000);
      rssSeries.push(await rssOf(app.pid));
    }
    const elapsed = (performance.now() - t0) / 1000;
    const serveCpu = (cpuSeconds(app.pid) - s0) / elapsed;
    const peerCpu = peer ? (cpuSeconds(peer.pid!) - p0) / elapsed : null;
    const rssEnd = await rssOf(app.pid);
    const perK = rate / 1000;
    const result = {
      files,
      changesPerSecond: rate,
      minutes,
      intervalMs,
      mainCpuPercentIdle: +(idleCpu * 100).toFixed(2),
      mainCpuPercentLoaded: +(serveCpu * 100).toFixed(2),
      mainCpuPercentPer1000ChangesPerSecond: +(((serveCpu - idleCpu) / perK) * 100).toFixed(2),
      inotifywaitCpuPercentPer1000ChangesPerSecond: peerCpu === null ? null : +((peerCpu / perK) * 100).toFixed(2),
      mainRssEndMiB: +(rssEnd / MiB).toFixed(1),
      mainRssFirstSampleMiB: +((rssSeries[0] ?? rssEnd) / MiB).toFixed(1),
      mainRssMaxMiB: +(Math.max(...rssSeries, rssEnd) / MiB).toFixed(1),
      /** Every 5 s over the loaded period, to see a trend rather than a point. */
      mainRssSeriesMiB: rssSeries.map((b) => Math.round(b / MiB)),
      snapshotsPerSecond: +((snapshotEvents().length - snaps0) / elapsed).toFixed(2),
      changeFeed: (snapshotEvents().at(-1)?.payload as { mode: string } | undefined)?.mode ?? null,
    };
    console.log(`\nLive watch: ${files} files, ${rate} changes/s for ${minutes} min, sample every ${intervalMs} ms (${os.cpus().length} cores)`);
    console.log(`  main process CPU: ${result.mainCpuPercentLoaded}% loaded, ${result.mainCpuPercentIdle}% idle -> ${result.mainCpuPercentPer1000ChangesPerSecond}% of a core per 1,000 changes/s`);
    if (peerCpu !== null) console.log(`  inotifywait -m -r on the same tree: ${result.inotifywaitCpuPercentPer1000ChangesPerSecond}% of a core per 1,000 changes/s`);
    console.log(`  main process RSS: ${result.mainRssEndMiB} MiB at the end (first sample ${result.mainRssFirstSampleMiB} MiB, max ${result.mainRssMaxMiB} MiB)`);
    console.log(`  snapshots to the client: ${result.snapshotsPerSecond}/s; change feed: ${result.changeFeed}`);
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(path.join(cacheDir, 'watch-last-run.json'), JSON.stringify(result, null, 2) + '\n');
  } finally {
    await flood?.stop();
    await app?.close();
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await sleep(200);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`watch bench: ${err.message}`);
  process.exit(1);
});
