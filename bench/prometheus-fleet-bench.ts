// npm run bench: `spoolscope fleet --prometheus URL --json` against a real Prometheus (the pretest's unpacked
// Debian package) scraping a synthetic exporter for 10,000 instances, with 6 h of history backfilled by
// promtool. Not a test: it prints a table and writes bench/.cache/prometheus-fleet-last-run.json.
//
//   tsx bench/prometheus-fleet-bench.ts [--instances N] [--runs N]
//
// Each run is a fresh CLI process (Node start included, as an operator runs it), with the Prometheus scraping
// the whole fleet every 10 s meanwhile; median and worst wall time. Every answer is checked to hold one row
// per instance. Target (issue 18): the CLI answers within 10 s at 10,000 instances.
import { runCollected, type Collected } from './support/runCollected';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RankedFleetRow } from '../src/shared/prometheusModels';
import { backfill, startFleetPrometheus } from '../test/support/fleet/promFleetServer';
import { makeFleet, startExporter } from '../test/support/fleet/syntheticFleet';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(benchDir, '..');
const cli = path.join(repo, 'out/main/cli.js');
const TARGET_S = 10;

const { values } = parseArgs({ options: { instances: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } } });
const n = Number(values.instances);
const runs = Number(values.runs);

async function runCli(args: string[], env: Record<string, string>): Promise<Collected & { seconds: number }> {
  const t0 = performance.now();
  const r = await runCollected(process.execPath, [cli, ...args], { ...process.env, ...env });
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  if (!fs.existsSync(cli)) throw new Error('out/main/cli.js is missing: npm run bench builds it first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spoolscope-prom-bench-'));
  const now = Math.floor(Date.now() / 1000);
  const fleet = makeFleet(n, now);
  const t0 = performance.now();
  await backfill(dir, fleet, now - 6 * 3600, now - 60, 300);
  const backfillS = (performance.now() - t0) / 1000;
  const exporter = await startExporter(fleet);
  const prom = await startFleetPrometheus(dir, exporter.port);
  try {
    const want = fleet.instances.filter((i) => i.up).length * 4;
    for (;;) {
      const r = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent('count(node_filesystem_size_bytes)')}`);
      const body = (await r.json()) as { data: { result: Array<{ value: [number, string] }> } };
      if (Number(body.data.result[0]?.value[1] ?? 0) >= want) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    const env = { SPOOLSCOPE_DATA_DIR: path.join(dir, 'state'), HOME: dir, SSH_AUTH_SOCK: '' };
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await runCli(['fleet', '--prometheus', prom.url, '--json'], env);
      if (r.status !== 0) throw new Error(`fleet --prometheus exited ${r.status}: ${r.stderr}`);
      const rows = (JSON.parse(r.stdout) as { rows: RankedFleetRow[] }).rows.filter((x) => x.source === 'prometheus');
      if (rows.length !== n) throw new Error(`expected ${n} Prometheus rows, got ${rows.length}`);
      times.push(r.seconds);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const worst = times[times.length - 1];
    const result = { instances: n, runs, backfillSeconds: backfillS, medianSeconds: median, worstSeconds: worst, targetSeconds: TARGET_S, met: worst <= TARGET_S, at: new Date().toISOString() };
    console.log(`\nfleet --prometheus, ${n} instances (${runs} runs; backfill of 6 h took ${backfillS.toFixed(1)} s)`);
    console.log(`  median ${median.toFixed(2)} s   worst ${worst.toFixed(2)} s   target <= ${TARGET_S} s: ${result.met ? 'met' : 'MISSED'}`);
    fs.mkdirSync(path.join(benchDir, '.cache'), { recursive: true });
    fs.writeFileSync(path.join(benchDir, '.cache', 'prometheus-fleet-last-run.json'), JSON.stringify(result, null, 2) + '\n');
  } finally {
    await prom.stop();
    await exporter.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
