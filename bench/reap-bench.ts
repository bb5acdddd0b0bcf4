// npm run bench (after the held bench): plan + reap of a day-partitioned store through the CLI against
// `rm -rf` of the same partitions (no checks at all), on the same tree rebuilt for each; then one partition
// of many small files on a tmpfs (/dev/shm), planned by one process and reaped by another (the plan goes
// through the state store), with each process's peak RSS. Not a test: it prints a table and writes
// bench/.cache/reap-last-run.json.
//
//   tsx bench/reap-bench.ts [--days N] [--files N] [--runs N] [--partition-files N]
//
// --partition-files 1000000 is the size plans must handle; the default (100,000) keeps npm run bench short,
// and 0 skips that case.
//
// The reap re-checks every file (identity, symlinked components, filesystem, root) in one find per file and
// walks each directory with cd -P and pwd -P; rm only unlinks. The ratio says what the checks cost.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(benchDir, '..');
const cli = path.join(repo, 'out/main/cli.js');

const peakRss = pathToFileURL(path.join(benchDir, 'support/peakRss.mjs')).href;

const { values } = parseArgs({
  options: { days: { type: 'string', default: '100' }, files: { type: 'string', default: '20' }, runs: { type: 'string', default: '3' }, 'partition-files': { type: 'string', default: '100000' } },
});
const DAYS = Number(values.days);
const FILES = Number(values.files);
const RUNS = Number(values.runs);
const PARTITION_FILES = Number(values['partition-files']);

function build(root: string): void {
  // The root itself stays: the plan pins the configured root's identity, and a new directory under the same
  // name is refused as root-changed (exit 4, nothing to reap) from the second round on.
  fs.mkdirSync(root, { recursive: true });
  for (const child of fs.readdirSync(root)) fs.rmSync(path.join(root, child), { recursive: true, force: true });
  const block = Buffer.alloc(4096, 0x61);
  for (let d = 1; d <= DAYS; d++) {
    const dir = path.join(root, String(2000 + Math.floor((d - 1) / 366)), String(((d - 1) % 366) + 1).padStart(3, '0'));
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES; f++) fs.writeFileSync(path.join(dir, `part-${f}.log.1`), block);
    const t = 946_684_800 + d * 86_400;
    for (let f = 0; f < FILES; f++) fs.utimesSync(path.join(dir, `part-${f}.log.1`), t, t);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): { wall: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1024 * 1024 * 1024 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, stdout: r.stdout };
}

/** The CLI under a preload that writes its own peak RSS (ru_maxrss) at exit: the figure for that process alone. */
function runCliMeasured(args: string[], env: NodeJS.ProcessEnv, scratch: string): { wall: number; stdout: string; peakRssMiB: number } {
  const rssFile = path.join(scratch, 'peak-rss');
  fs.rmSync(rssFile, { force: true });
  const r = run(process.execPath, ['--import', peakRss, cli, ...args], { ...env, SPOOLSCOPE_BENCH_PEAK_RSS: rssFile });
  return { ...r, peakRssMiB: Number(fs.readFileSync(rssFile, 'utf8')) / 1024 };
}

/** One day partition of n one-byte files (a segment store's shape), mtimes a year back. */
function buildPartition(root: string, n: number): string {
  fs.rmSync(root, { recursive: true, force: true });
  const day = path.join(root, '2025/001');
  fs.mkdirSync(day, { recursive: true });
  const old = 1_735_689_600;
  for (let i = 0; i < n; i++) {
    const fd = fs.openSync(path.join(day, `seg-${String(i).padStart(8, '0')}.log`), 'w');
    fs.writeSync(fd, 'x');
    fs.futimesSync(fd, old, old);
    fs.closeSync(fd);
  }
  // The newest two partitions are the floor the plan keeps.
  for (const d of ['2025/002', '2025/003']) {
    fs.mkdirSync(path.join(root, d), { recursive: true });
    fs.writeFileSync(path.join(root, d, 'seg-00000000.log'), 'x');
  }
  return day;
}

/** A tmpfs for the big partition: /dev/shm where there is one, else the temp dir (then not a tmpfs). */
function tmpfsParent(): string {
  try {
    return fs.statfsSync('/dev/shm').type === 0x01021994 ? '/dev/shm' : os.tmpdir();
  } catch {
    return os.tmpdir();
  }
}

interface PartitionRun {
  files: number;
  where: string;
  plan: { wall: number; peakRssMiB: number };
  reap: { wall: number; peakRssMiB: number };
  rmRf: { wall: number };
}

function partitionCase(n: number): PartitionRun {
  const parent = tmpfsParent();
  const work = fs.mkdtempSync(path.join(parent, 'spoolscope-reap-bench-'));
  const root = path.join(work, 'store');
  const env = { ...process.env, SPOOLSCOPE_DATA_DIR: path.join(work, 'data') };
  try {
    buildPartition(root, n);
    const plan = runCliMeasured(['plan', root, '--add-root', '--max-bytes', '0', '--json'], env, work);
    const planned = JSON.parse(plan.stdout) as { planId: string; notSaved?: string; entries: unknown[] };
    if (planned.notSaved !== undefined || planned.entries.length !== 1) throw new Error(`the ${n}-file plan cannot be reaped by another process: ${planned.notSaved ?? `${planned.entries.length} partitions`}`);
    const reap = runCliMeasured(['reap', planned.planId, '--yes', '--json'], env, work);
    const removed = (JSON.parse(reap.stdout) as { removed: unknown[] }).removed.length;
    if (removed !== n) throw new Error(`reap removed ${removed} files, expected ${n}`);
    const day = buildPartition(root, n);
    const rmRf = run('rm', ['-rf', '--', day], env);
    return { files: n, where: parent, plan: { wall: plan.wall, peakRssMiB: plan.peakRssMiB }, reap: { wall: reap.wall, peakRssMiB: reap.peakRssMiB }, rmRf: { wall: rmRf.wall } };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  if (!fs.existsSync(cli)) throw new Error('out/main/cli.js is missing: run npm run build first');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'spoolscope-reap-bench-'));
  const root = path.join(work, 'store');
  const env = { ...process.env, SPOOLSCOPE_DATA_DIR: path.join(work, 'data') };
  const rows: { what: string; walls: number[] }[] = [
    { what: 'spoolscope plan', walls: [] },
    { what: 'spoolscope reap', walls: [] },
    { what: 'plan + reap', walls: [] },
    { what: 'rm -rf (peer)', walls: [] },
  ];
  try {
    for (let i = 0; i < RUNS; i++) {
      build(root);
      const plan = run(process.execPath, [cli, 'plan', root, '--add-root', '--max-bytes', '0', '--keep-newest', '0', '--json'], env);
      const id = (JSON.parse(plan.stdout) as { planId: string; entries: unknown[] }).planId;
      const reap = run(process.execPath, [cli, 'reap', id, '--yes', '--json'], env);
      const removed = (JSON.parse(reap.stdout) as { removed: unknown[] }).removed.length;
      if (removed !== DAYS * FILES) throw new Error(`reap removed ${removed} files, expected ${DAYS * FILES}`);
      rows[0].walls.push(plan.wall);
      rows[1].walls.push(reap.wall);
      rows[2].walls.push(plan.wall + reap.wall);
      build(root);
      const dirs = fs.readdirSync(root).flatMap((y) => fs.readdirSync(path.join(root, y)).map((d) => path.join(root, y, d)));
      rows[3].walls.push(run('rm', ['-rf', '--', ...dirs], env).wall);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const files = DAYS * FILES;
  const peer = median(rows[3].walls);
  console.log(`reap bench: ${DAYS} day partitions x ${FILES} files (${files} files), ${RUNS} runs, median wall, same run`);
  for (const r of rows) {
    const m = median(r.walls);
    console.log(`  ${r.what.padEnd(18)} ${m.toFixed(2).padStart(7)} s  ${Math.round(files / m).toString().padStart(7)} files/s  ${(m / peer).toFixed(1).padStart(6)}x rm -rf`);
  }
  let partition: PartitionRun | null = null;
  if (PARTITION_FILES > 0) {
    partition = partitionCase(PARTITION_FILES);
    const p = partition;
    console.log(`reap bench: one partition of ${p.files} one-byte files on ${p.where}, plan and reap in two processes, same run`);
    const row = (what: string, wall: number, rss: string) => console.log(`  ${what.padEnd(18)} ${wall.toFixed(2).padStart(8)} s  ${Math.round(p.files / wall).toString().padStart(8)} files/s  ${(wall / p.rmRf.wall).toFixed(1).padStart(6)}x rm -rf  ${rss}`);
    row('spoolscope plan', p.plan.wall, `peak RSS ${Math.round(p.plan.peakRssMiB)} MiB`);
    row('spoolscope reap', p.reap.wall, `peak RSS ${Math.round(p.reap.peakRssMiB)} MiB`);
    row('rm -rf (peer)', p.rmRf.wall, '');
  }
  fs.mkdirSync(path.join(benchDir, '.cache'), { recursive: true });
  fs.writeFileSync(path.join(benchDir, '.cache/reap-last-run.json'), JSON.stringify({ days: DAYS, files: FILES, runs: RUNS, rows, partition }, null, 2));
}

main();
