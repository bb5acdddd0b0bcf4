// npm run bench: times `spoolscope scan` against du -sk (and ncdu, gdu if installed) on a 1,000,000-file
// tree shaped like a log host. Not a test: it prints a table and writes bench/.cache/last-run.json.
//
//   npm run bench [-- --files N] [--runs N] [--regen] [--layout mixed|segments|plain]
//   SPOOLSCOPE_BENCH_DIR=/path/to/tree   use (and cache) the tree there instead of bench/.cache/tree-1m
//   SPOOLSCOPE_BENCH_CLI=/path/to/cli.js time that build (a copy of out/) instead of out/main/cli.js
//
// Layouts (issue 17): `mixed` (the default, below), `segments` (every file a WAL-style segment,
// seg-0000001.log, 1,000 dirs of 1,000: every file a partition) and `plain` (event_1f_3a.json, same shape).
// The Spoolscope figure is the whole CLI: Node's start-up, the state store opened with its migrations, the scan.
//
// The tree is generated once by worker threads and reused while `<tree>.complete.json` says it is complete
// and has the requested file count. Each tool runs under /usr/bin/time (wall clock measured here, peak RSS
// from %M: the largest single process of the command), warm cache, `--runs` rounds interleaved (default 3),
// median wall time. Target for Spoolscope: wall <= 1.5x du -sk, peak RSS < 300 MB.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cliNodeFlags } from './support/cliNodeFlags';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(benchDir, '..');
const cacheDir = path.join(benchDir, '.cache');

// Issue 17: at most 1.1x du and under 150 MB on the 1M trees; 2x du on the 100k tree, start-up included.
let TARGET_RATIO = 1.1;
const TARGET_RSS_MB = 150;
const FILES_PER_DIR = 1000;

// ---------- arguments ----------
function fail(msg: string): never {
  process.stderr.write(`scan-bench: ${msg}\n`);
  process.exit(2);
}

type Layout = 'mixed' | 'segments' | 'plain';

interface Args {
  files: number;
  runs: number;
  regen: boolean;
  layout: Layout;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { files: 1_000_000, runs: 3, regen: false, layout: 'mixed' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0) fail(`${a} needs a positive integer`);
      return v;
    };
    if (a === '--files') out.files = num();
    else if (a === '--runs') out.runs = num();
    else if (a === '--regen') out.regen = true;
    else if (a === '--layout') {
      const v = argv[++i];
      if (v !== 'mixed' && v !== 'segments' && v !== 'plain') fail('--layout needs mixed, segments or plain');
      out.layout = v;
    }
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench [-- --files N] [--runs N] [--regen] [--layout mixed|segments|plain]\n  SPOOLSCOPE_BENCH_DIR=DIR overrides the tree location\n');
      process.exit(0);
    } else fail(`unknown argument ${a}`);
  }
  return out;
}

const label = (n: number): string => (n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n));

// ---------- tree plan ----------
/** One leaf directory to fill: `count` files of one naming kind. */
interface Job {
  dir: string;
  kind: 'day' | 'segment' | 'rotated' | 'wal' | 'plain';
  count: number;
  /** Base name for rotated files, first offset for segments. */
  base: string;
  seed: number;
}

/** `segments`: spool/wal-NNN of seg-NNNNNNN.log; `plain`: data/batch-NNN of event_<hex>_<hex>.json. */
function planFlat(files: number, layout: 'segments' | 'plain'): Job[] {
  const leafDirs = Math.ceil(files / FILES_PER_DIR);
  return Array.from({ length: leafDirs }, (_, d) => ({
    dir: layout === 'segments' ? `spool/wal-${String(d).padStart(3, '0')}` : `data/batch-${String(d).padStart(3, '0')}`,
    kind: layout === 'segments' ? ('wal' as const) : ('plain' as const),
    count: d < leafDirs - 1 ? FILES_PER_DIR : files - (leafDirs - 1) * FILES_PER_DIR,
    base: String(d * FILES_PER_DIR),
    seed: d,
  }));
}

/** About 72% day directories (logs/STORE/YYYY/DDD), 20% segment directories, 8% rotated-log directories. */
function planTree(files: number): Job[] {
  const leafDirs = Math.ceil(files / FILES_PER_DIR);
  const dayDirs = Math.max(1, Math.round(leafDirs * 0.72));
  const segDirs = Math.min(leafDirs - dayDirs, Math.round(leafDirs * 0.2));
  const rotDirs = leafDirs - dayDirs - segDirs;
  const counts = (i: number): number => (i < leafDirs - 1 ? FILES_PER_DIR : files - (leafDirs - 1) * FILES_PER_DIR);
  const stores = ['core', 'edge', 'audit', 'metrics'];
  const jobs: Job[] = [];
  let i = 0;
  for (let d = 0; d < dayDirs; d++, i++) {
    const store = stores[d % stores.length];
    const k = Math.floor(d / stores.length); // day index within the store, from 2025 day 182 on
    const dayNumber = 182 + k;
    const year = 2025 + Math.floor((dayNumber - 1) / 365);
    const doy = ((dayNumber - 1) % 365) + 1;
    jobs.push({ dir: `logs/${store}/${year}/${String(doy).padStart(3, '0')}`, kind: 'day', count: counts(i), base: 'chunk', seed: i });
  }
  for (let s = 0; s < segDirs; s++, i++) {
    jobs.push({ dir: `spool/topic-${String(s).padStart(3, '0')}`, kind: 'segment', count: counts(i), base: String(s * 1_000_000), seed: i });
  }
  for (let r = 0; r < rotDirs; r++, i++) {
    const svc = `svc-${String(r).padStart(3, '0')}`;
    jobs.push({ dir: `var/log/${svc}`, kind: 'rotated', count: counts(i), base: `${svc}.log`, seed: i });
  }
  return jobs;
}

// Runs in a worker thread (plain CommonJS, eval'd). Most files are sparse (ftruncate to an apparent
// size, no blocks); one in 50 gets 0.5-16 KiB of real data, so allocated and apparent totals differ.
const WORKER_SOURCE = `
const fs = require('node:fs');
const path = require('node:path');
const { workerData, parentPort } = require('node:worker_threads');
const { root, jobs } = workerData;
const line = '2026-04-30T12:00:00.000Z gateway[4242]: ERROR accept: Too many open files (os error 24)\\n';
const data = Buffer.from(line.repeat(Math.ceil(16384 / line.length)).slice(0, 16384));
let done = 0;
for (const job of jobs) {
  const dir = path.join(root, job.dir);
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < job.count; i++) {
    let name;
    if (job.kind === 'day') name = job.base + '-' + String(i).padStart(6, '0') + '.log';
    else if (job.kind === 'segment') name = String(Number(job.base) + i * 4096).padStart(20, '0') + '.log';
    else if (job.kind === 'wal') name = 'seg-' + String(Number(job.base) + i + 1).padStart(7, '0') + '.log';
    else if (job.kind === 'plain') name = 'event_' + i.toString(16) + '_' + ((Math.imul(i + 1, 2654435761) >>> 24).toString(16)) + '.json';
    else name = i === 0 ? job.base : i < 3 ? job.base + '.' + i : job.base + '.' + i + '.gz';
    const fd = fs.openSync(path.join(dir, name), 'w');
    const h = Math.imul(job.seed * 1000003 + i, 2654435761) >>> 0;
    if (h % 50 === 0) fs.writeSync(fd, data, 0, 512 + (h % 15872));
    else if (h % 7 !== 0) fs.ftruncateSync(fd, h % 65536);
    fs.closeSync(fd);
  }
  done += job.count;
  parentPort.postMessage(done);
}
`;

interface Marker {
  files: number;
  dirs: number;
  generatedAt: string;
  generateMs: number;
  layout: string;
}

const LAYOUTS: Record<Layout, string> = {
  mixed: 'v1: logs/STORE/YYYY/DDD chunk files, spool/topic-NNN segments, var/log/svc-NNN rotations; 1000 files a dir',
  segments: 'v1: spool/wal-NNN of seg-NNNNNNN.log; 1000 files a dir',
  plain: 'v1: data/batch-NNN of event_<hex>_<hex>.json; 1000 files a dir',
};
let LAYOUT = LAYOUTS.mixed;
let planFor: (files: number) => Job[] = planTree;

function readMarker(p: string): Marker | undefined {
  try {
    return JSON.parse(fs.readFileSync(p, 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

async function generate(tree: string, files: number): Promise<Marker> {
  const jobs = planFor(files);
  const workers = Math.max(2, os.availableParallelism());
  const shares: Job[][] = Array.from({ length: workers }, () => []);
  jobs.forEach((job, i) => shares[i % workers].push(job));
  fs.mkdirSync(tree, { recursive: true });
  const t0 = performance.now();
  const done = new Array<number>(workers).fill(0);
  let lastPrint = t0;
  await Promise.all(
    shares.map(
      (share, w) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { root: tree, jobs: share } });
          worker.on('message', (n: number) => {
            done[w] = n;
            const now = performance.now();
            if (now - lastPrint > 5000) {
              lastPrint = now;
              const total = done.reduce((a, b) => a + b, 0);
              process.stdout.write(`  ... ${total.toLocaleString('en-US')} / ${files.toLocaleString('en-US')} files, ${((now - t0) / 1000).toFixed(0)} s\n`);
            }
          });
          worker.on('error', reject);
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`generator worker exited with ${code}`))));
        }),
    ),
  );
  const dirs = new Set<string>();
  for (const job of jobs) for (let d = job.dir; d !== '.'; d = path.dirname(d)) dirs.add(d);
  return { files, dirs: dirs.size, generatedAt: new Date().toISOString(), generateMs: Math.round(performance.now() - t0), layout: LAYOUT };
}

/** Returns the tree's marker, generating the tree first when it is missing, incomplete or another size. */
async function ensureTree(tree: string, files: number, regen: boolean): Promise<{ marker: Marker; generatedNow: boolean }> {
  const completeMarker = `${tree}.complete.json`;
  const generatingMarker = `${tree}.generating.json`;
  const marker = readMarker(completeMarker);
  if (!regen && marker && marker.files === files && marker.layout === LAYOUT && fs.existsSync(tree)) return { marker, generatedNow: false };

  if (fs.existsSync(tree)) {
    const ours = fs.existsSync(completeMarker) || fs.existsSync(generatingMarker);
    if (!ours && fs.readdirSync(tree).length > 0) {
      fail(`${tree} exists, is not empty and has no ${path.basename(completeMarker)}: not removing it. Point SPOOLSCOPE_BENCH_DIR at a new directory.`);
    }
    process.stdout.write(`Removing the old tree at ${tree} ...\n`);
    const t0 = performance.now();
    const rm = spawnSync('rm', ['-rf', '--', tree], { stdio: 'inherit' });
    if (rm.status !== 0) fail(`could not remove ${tree}`);
    process.stdout.write(`  removed in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  fs.rmSync(completeMarker, { force: true });
  fs.mkdirSync(path.dirname(tree), { recursive: true });
  fs.writeFileSync(generatingMarker, JSON.stringify({ files, startedAt: new Date().toISOString() }) + '\n');
  process.stdout.write(`Generating ${files.toLocaleString('en-US')} files under ${tree} (${Math.max(2, os.availableParallelism())} worker threads) ...\n`);
  const made = await generate(tree, files);
  // Flush so the timed runs do not compete with writeback.
  spawnSync('sync', [], { stdio: 'ignore' });
  fs.writeFileSync(completeMarker, JSON.stringify(made, null, 2) + '\n');
  fs.rmSync(generatingMarker, { force: true });
  process.stdout.write(`  generated in ${(made.generateMs / 1000).toFixed(1)} s (${made.dirs.toLocaleString('en-US')} directories)\n`);
  return { marker: made, generatedNow: true };
}

// ---------- measuring ----------
interface Tool {
  name: string;
  cmd: string;
  args: string[];
  note?: string;
}

interface Sample {
  wallS: number;
  rssKb: number;
}

interface ToolResult {
  tool: string;
  command: string;
  note?: string;
  skipped?: string;
  samples: Sample[];
  wallMedianS?: number;
  wallMinS?: number;
  wallMaxS?: number;
  peakRssMb?: number;
  ratioToDu?: number;
  /** Median of tool/du wall ratios taken round by round (each pair run back to back). */
  pairRatioToDu?: number;
}

const TIME = '/usr/bin/time';

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function firstLine(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').find((l) => l.trim())?.trim() ?? '?';
}

function measure(tool: Tool): Sample {
  const out = path.join(os.tmpdir(), `spoolscope-bench-time-${process.pid}.txt`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', '%e %M', '-o', out, tool.cmd, ...tool.args], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const timeOut = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  fs.rmSync(out, { force: true });
  if (r.error) throw new Error(`${tool.name}: ${r.error.message}`);
  if (r.status !== 0) {
    const err = r.stderr.toString().trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${tool.name} exited with ${r.status ?? r.signal}: ${err || timeOut.trim()}`);
  }
  const m = /(\d+(?:\.\d+)?)\s+(\d+)\s*$/.exec(timeOut.trim());
  if (!m) throw new Error(`${tool.name}: cannot read /usr/bin/time output: ${JSON.stringify(timeOut)}`);
  return { wallS, rssKb: Number(m[2]) };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** One untimed run of the Spoolscope CLI, to check it agrees with du before timing it. */
function checkSpoolscope(cli: string, nodeFlags: string[], tree: string, files: number, duKb: number): { ok: boolean; detail: string } {
  const r = spawnSync(process.execPath, [...nodeFlags, cli, 'scan', tree, '--json'], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) return { ok: false, detail: `could not run: ${r.error.message}` };
  if (r.status !== 0) return { ok: false, detail: `exit ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}` };
  let j: { files?: unknown; allocatedBytes?: unknown; partitions?: unknown };
  try {
    j = JSON.parse(r.stdout);
  } catch {
    return { ok: false, detail: `stdout is not one JSON object (${r.stdout.length} bytes)` };
  }
  const problems: string[] = [];
  if (j.files !== files) problems.push(`files ${String(j.files)} != ${files}`);
  const kb = typeof j.allocatedBytes === 'number' ? j.allocatedBytes / 1024 : NaN;
  // du -sk counts directories too; allow for them not being counted.
  if (!(Math.abs(kb - duKb) <= duKb * 0.01 + 8)) problems.push(`allocatedBytes ${String(j.allocatedBytes)} (${kb.toFixed(0)} KiB) vs du -sk ${duKb} KiB`);
  const parts = Array.isArray(j.partitions) ? j.partitions.length : 'none';
  return { ok: problems.length === 0, detail: problems.length ? problems.join('; ') : `files and allocated bytes agree with du (${parts} partitions, ${(r.stdout.length / 1e6).toFixed(1)} MB of JSON)` };
}

// ---------- main ----------
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(TIME)) fail(`${TIME} is missing: apt-get install -y time`);
  LAYOUT = LAYOUTS[args.layout];
  if (args.files < 1_000_000) TARGET_RATIO = 2;
  if (args.layout !== 'mixed') planFor = (files) => planFlat(files, args.layout as 'segments' | 'plain');
  const suffix = args.layout === 'mixed' ? '' : `-${args.layout}`;
  const tree = path.resolve(process.env.SPOOLSCOPE_BENCH_DIR || path.join(cacheDir, `tree-${label(args.files)}${suffix}`));
  fs.mkdirSync(cacheDir, { recursive: true });

  const { marker, generatedNow } = await ensureTree(tree, args.files, args.regen);
  if (!generatedNow) process.stdout.write(`Reusing ${tree}: ${marker.files.toLocaleString('en-US')} files, generated ${marker.generatedAt} in ${(marker.generateMs / 1000).toFixed(1)} s\n`);

  process.stdout.write('Warming the cache (du -sk) ...\n');
  const warm = spawnSync('du', ['-sk', tree], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (warm.status !== 0) fail(`du failed on ${tree}: ${warm.stderr}`);
  const duKb = Number(warm.stdout.split('\t')[0]);

  const tools: Tool[] = [{ name: 'du -sk', cmd: 'du', args: ['-sk', tree] }];
  const skipped: ToolResult[] = [];
  if (which('ncdu')) tools.push({ name: 'ncdu -0 -o /dev/null', cmd: 'ncdu', args: ['-0', '-o', '/dev/null', tree] });
  else skipped.push({ tool: 'ncdu', command: 'ncdu -0 -o /dev/null TREE', skipped: 'not installed (apt-get install -y ncdu)', samples: [] });
  if (which('gdu')) tools.push({ name: 'gdu -n -p -c', cmd: 'gdu', args: ['-n', '-p', '-c', tree] });
  else skipped.push({ tool: 'gdu', command: 'gdu -n -p -c TREE', skipped: 'not installed (apt-get install -y gdu)', samples: [] });
  // As resources/probe/scan.sh runs it (env execs find: the peak RSS is find's).
  tools.push({ name: 'find -printf (ref)', cmd: 'env', args: ['TZ=UTC', 'find', tree, '-xdev', '-printf', '%D %i %y %s %b %n %.12T@ %P\\0'], note: 'what the scan probe asks of find, output to /dev/null' });

  // SPOOLSCOPE_BENCH_CLI: a copy of out/main/cli.js to time, so a rebuild of out/ during the runs changes nothing.
  const cli = path.resolve(process.env.SPOOLSCOPE_BENCH_CLI || path.join(repo, 'out', 'main', 'cli.js'));
  const nodeFlags = cliNodeFlags();
  let spoolscopeCheck: { ok: boolean; detail: string } | undefined;
  const spoolscopeName = 'spoolscope scan --json';
  if (fs.existsSync(cli)) {
    process.stdout.write('Checking spoolscope scan against du (one untimed run) ...\n');
    spoolscopeCheck = checkSpoolscope(cli, nodeFlags, tree, marker.files, duKb);
    process.stdout.write(`  ${spoolscopeCheck.ok ? 'ok' : 'MISMATCH'}: ${spoolscopeCheck.detail}\n`);
    tools.push({ name: spoolscopeName, cmd: process.execPath, args: [...nodeFlags, cli, 'scan', tree, '--json'], note: `node ${nodeFlags.join(' ')} (bin/spoolscope.js)` });
    if (args.files < 1_000_000) {
      // Start-up alone, in the same rounds: Node, the CLI's imports, and for the scan the state store too.
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'spoolscope-bench-empty-'));
      tools.push({ name: 'spoolscope --help', cmd: process.execPath, args: [...nodeFlags, cli, '--help'], note: 'start-up alone: no backend' });
      tools.push({ name: 'spoolscope scan EMPTY', cmd: process.execPath, args: [...nodeFlags, cli, 'scan', empty, '--json'], note: 'start-up with the state store, its migrations and a scan of an empty directory' });
      tools.push({ name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'], note: "Node's own start-up" });
    }
  } else {
    const why = `${path.relative(repo, cli)} is missing: run \`npm run build\` (electron-vite build) first`;
    process.stdout.write(`Skipping spoolscope: ${why}.\n`);
    skipped.push({ tool: spoolscopeName, command: 'node out/main/cli.js scan TREE --json > /dev/null', skipped: why, samples: [] });
  }

  const results = new Map<string, ToolResult>(tools.map((t) => [t.name, { tool: t.name, command: [t.cmd, ...t.args].join(' '), note: t.note, samples: [] }]));
  for (let round = 1; round <= args.runs; round++) {
    const line: string[] = [];
    for (const tool of tools) {
      const res = results.get(tool.name)!;
      if (res.skipped) continue;
      try {
        const s = measure(tool);
        res.samples.push(s);
        line.push(`${tool.name} ${s.wallS.toFixed(2)} s`);
      } catch (err) {
        res.skipped = (err as Error).message;
        line.push(`${tool.name} FAILED`);
      }
    }
    process.stdout.write(`Round ${round}/${args.runs}: ${line.join(', ')}\n`);
  }

  const du = results.get('du -sk')!;
  const duMedian = du.samples.length ? median(du.samples.map((s) => s.wallS)) : NaN;
  for (const res of results.values()) {
    if (!res.samples.length) continue;
    const walls = res.samples.map((s) => s.wallS);
    res.wallMedianS = median(walls);
    res.wallMinS = Math.min(...walls);
    res.wallMaxS = Math.max(...walls);
    res.peakRssMb = Math.max(...res.samples.map((s) => s.rssKb)) / 1024;
    res.ratioToDu = res.wallMedianS / duMedian;
    const pairs = res.samples.map((s, i) => (du.samples[i] ? s.wallS / du.samples[i].wallS : NaN)).filter(Number.isFinite);
    if (pairs.length) res.pairRatioToDu = median(pairs);
  }

  // ---------- report ----------
  const all = [...results.values(), ...skipped];
  const rows = all.map((r) => [
    r.tool,
    r.wallMedianS !== undefined ? r.wallMedianS.toFixed(2) : '-',
    r.wallMinS !== undefined ? `${r.wallMinS.toFixed(2)}-${r.wallMaxS!.toFixed(2)}` : '-',
    r.peakRssMb !== undefined ? r.peakRssMb.toFixed(1) : '-',
    r.ratioToDu !== undefined ? r.ratioToDu.toFixed(2) : '-',
    r.skipped ? `skipped: ${r.skipped}` : '',
  ]);
  const head = ['tool', 'wall s (median)', 'range', 'peak RSS MB', 'x du', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  // The machine may be shared: the load beside the figures says how far to trust them.
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(`\n${args.layout} layout: ${marker.files.toLocaleString('en-US')} files, ${marker.dirs.toLocaleString('en-US')} dirs, du -sk ${duKb.toLocaleString('en-US')} KiB; warm cache; ${args.runs} runs each, interleaved; ${os.availableParallelism()} CPUs, load average ${load}, Node ${process.versions.node}\n`);
  process.stdout.write(fmt(head) + '\n' + widths.map((w) => '-'.repeat(w)).join('  ').trimEnd() + '\n');
  for (const r of rows) process.stdout.write(fmt(r) + '\n');

  const sp = results.get(spoolscopeName);
  let verdict: Record<string, unknown>;
  if (sp?.wallMedianS !== undefined && sp.ratioToDu !== undefined && sp.peakRssMb !== undefined) {
    const wallOk = sp.ratioToDu <= TARGET_RATIO;
    const rssOk = sp.peakRssMb < TARGET_RSS_MB;
    verdict = { wallOk, rssOk, pass: wallOk && rssOk && (spoolscopeCheck?.ok ?? false), ratioToDu: sp.ratioToDu, peakRssMb: sp.peakRssMb, check: spoolscopeCheck };
    process.stdout.write(
      `\nSpoolscope target: wall <= ${TARGET_RATIO}x du: ${sp.ratioToDu.toFixed(2)}x ${wallOk ? 'PASS' : 'FAIL'}; ` +
        `peak RSS < ${TARGET_RSS_MB} MB: ${sp.peakRssMb.toFixed(0)} MB ${rssOk ? 'PASS' : 'FAIL'}; ` +
        `agrees with du: ${spoolscopeCheck?.ok ? 'yes' : `NO (${spoolscopeCheck?.detail})`}\n`,
    );
  } else {
    verdict = { pass: null, reason: sp?.skipped ?? skipped.find((s) => s.tool === spoolscopeName)?.skipped ?? 'not measured' };
    process.stdout.write(`\nSpoolscope target (wall <= ${TARGET_RATIO}x du, peak RSS < ${TARGET_RSS_MB} MB): not measured: ${verdict.reason as string}\n`);
  }

  const report = {
    finishedAt: new Date().toISOString(),
    host: { cpus: os.availableParallelism(), node: process.versions.node, kernel: os.release(), memMb: Math.round(os.totalmem() / 2 ** 20) },
    versions: {
      du: firstLine('du', ['--version']),
      ncdu: which('ncdu') ? firstLine('ncdu', ['-v']) : null,
      gdu: which('gdu') ? firstLine('gdu', ['--version']) : null,
      find: firstLine('find', ['--version']),
    },
    loadAverage: os.loadavg(),
    tree: { path: tree, ...marker, shape: args.layout, generatedThisRun: generatedNow, duKb },
    runs: args.runs,
    method: 'wall clock around /usr/bin/time -f "%e %M" (peak RSS of the largest single process), stdout to /dev/null, warm cache, rounds interleaved',
    target: { maxRatioToDu: TARGET_RATIO, maxRssMb: TARGET_RSS_MB },
    results: all,
    spoolscope: verdict,
  };
  const outFile = path.join(cacheDir, args.layout === 'mixed' && args.files === 1_000_000 ? 'last-run.json' : `last-run-${args.layout}-${label(args.files)}.json`);
  fs.writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`Results written to ${path.relative(repo, outFile)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`scan-bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
