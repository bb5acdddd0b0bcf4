// npm run bench (after the held bench): plan + reap of a day-partitioned store through the CLI against
// `rm -rf` of the same partitions (no checks at all), on the same tree rebuilt for each. Not a test: it
// prints a table and writes bench/.cache/reap-last-run.json.
//
//   tsx bench/reap-bench.ts [--days N] [--files N] [--runs N]
//
// The reap re-checks every file (identity, symlinked components, filesystem, root) in one find per file and
// walks each directory with cd -P and pwd -P; rm only unlinks. The ratio says what the checks cost.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(benchDir, '..');
const cli = path.join(repo, 'out/main/cli.js');

const { values } = parseArgs({ options: { days: { type: 'string', default: '100' }, files: { type: 'string', default: '20' }, runs: { type: 'string', default: '3' } } });
const DAYS = Number(values.days);
const FILES = Number(values.files);
const RUNS = Number(values.runs);

function build(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
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
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, stdout: r.stdout };
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
  fs.mkdirSync(path.join(benchDir, '.cache'), { recursive: true });
  fs.writeFileSync(path.join(benchDir, '.cache/reap-last-run.json'), JSON.stringify({ days: DAYS, files: FILES, runs: RUNS, rows }, null, 2));
}

main();
