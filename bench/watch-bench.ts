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

const FLOOD = `
import os, sys, time
root, files, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
paths = [os.path.join(root, "d%03d" % (i % 100), "f%05d.log" % i) for i in range(files)]
start = time.monotonic()
n = 0
while True:
    fd = os.open(paths[(n * 7919) % files], os.O_WRONLY | os.O_APPEND)
    os.write(fd, b"a log line of a steady writer\\n")
    os.close(fd)
    n += 1
    if n % 50 == 0:
        d = start + n / rate - time.monotonic()
        if d > 0:
            time.sleep(d)
`;

function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime
}
function rssBytes(pid: number): number {
  const m = /^VmRSS:\s*(\d+)\s*kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;

async function main(): Promise<void> {
  if (!fs.existsSync(serveEntry)) throw new Error('out/main/serve.js is missing: run `npx electron-vite build` (npm run bench does)');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spoolscope-watch-bench-'));
  const root = path.join(tmp, 'spool');
  const children: ChildProcess[] = [];
  try {
    for (let d = 0; d < 100; d++) fs.mkdirSync(path.join(root, `d${String(d).padStart(3, '0')}`), { recursive: true });
    for (let i = 0; i < files; i++) fs.writeFileSync(path.join(root, `d${String(i % 100).padStart(3, '0')}`, `f${String(i).padStart(5, '0')}.log`), 'x\n');

    const serve = spawn(process.execPath, [serveEntry, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SPOOLSCOPE_DATA_DIR: path.join(tmp, 'data') } });
    children.push(serve);
    const url = await new Promise<string>((resolve, reject) => {
      serve.stdout!.on('data', (d: Buffer) => {
        const m = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(String(d));
        if (m) resolve(`${m[1].replace('http', 'ws')}/ws?token=${m[2]}`);
      });
      serve.once('exit', () => reject(new Error('serve exited before printing its URL')));
    });
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    let snapshots = 0;
    let lastSnapshot: { changes: { seen: number; dropped: number; hotEntries: number }; mode: string; errors: string[] } | null = null;
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(String(data));
      if (frame.event === 'watch.snapshot') {
        snapshots++;
        lastSnapshot = frame.payload;
      }
      if (frame.id === 1 && !frame.response.ok) console.error(`watch.start failed: ${frame.response.message}`);
    });
    ws.send(JSON.stringify({ id: 1, method: 'watch.start', request: { root, intervalMs } }));

    const hasInotifywait = spawnSync('sh', ['-c', 'command -v inotifywait'], { encoding: 'utf8' }).status === 0;
    const peer = hasInotifywait ? spawn('inotifywait', ['-m', '-r', '-q', '-e', 'modify,create,delete,move', root], { stdio: ['ignore', 'ignore', 'ignore'] }) : null;
    if (peer) children.push(peer);

    // Settle (chokidar sets up its watches), then an idle period for the baseline.
    await sleep(15_000);
    const idleMs = 20_000;
    const idle0 = cpuSeconds(serve.pid!);
    await sleep(idleMs);
    const idleCpu = (cpuSeconds(serve.pid!) - idle0) / (idleMs / 1000);

    const flood = spawn('python3', ['-c', FLOOD, root, String(files), String(rate)], { stdio: 'ignore' });
    children.push(flood);
    const loadMs = minutes * 60_000;
    const t0 = performance.now();
    const s0 = cpuSeconds(serve.pid!);
    const p0 = peer ? cpuSeconds(peer.pid!) : 0;
    const snaps0 = snapshots;
    const rssSeries: number[] = [];
    while (performance.now() - t0 < loadMs) {
      await sleep(5000);
      rssSeries.push(rssBytes(serve.pid!));
    }
    const elapsed = (performance.now() - t0) / 1000;
    const serveCpu = (cpuSeconds(serve.pid!) - s0) / elapsed;
    const peerCpu = peer ? (cpuSeconds(peer.pid!) - p0) / elapsed : null;
    const rssEnd = rssBytes(serve.pid!);
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
      snapshotsPerSecond: +((snapshots - snaps0) / elapsed).toFixed(2),
      changeFeed: lastSnapshot ? (lastSnapshot as { mode: string }).mode : null,
    };
    ws.close();
    console.log(`\nLive watch: ${files} files, ${rate} changes/s for ${minutes} min, sample every ${intervalMs} ms (${os.cpus().length} cores)`);
    console.log(`  main process CPU: ${result.mainCpuPercentLoaded}% loaded, ${result.mainCpuPercentIdle}% idle -> ${result.mainCpuPercentPer1000ChangesPerSecond}% of a core per 1,000 changes/s`);
    if (peerCpu !== null) console.log(`  inotifywait -m -r on the same tree: ${result.inotifywaitCpuPercentPer1000ChangesPerSecond}% of a core per 1,000 changes/s`);
    console.log(`  main process RSS: ${result.mainRssEndMiB} MiB at the end (first sample ${result.mainRssFirstSampleMiB} MiB, max ${result.mainRssMaxMiB} MiB)`);
    console.log(`  snapshots to the client: ${result.snapshotsPerSecond}/s; change feed: ${result.changeFeed}`);
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(path.join(cacheDir, 'watch-last-run.json'), JSON.stringify(result, null, 2) + '\n');
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await sleep(200);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`watch bench: ${err.message}`);
  process.exit(1);
});
