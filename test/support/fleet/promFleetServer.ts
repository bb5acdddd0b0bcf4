// A real Prometheus for the fleet source's tests: the synthetic fleet's 6 h of history backfilled with the
// unpacked package's `promtool tsdb create-blocks-from openmetrics`, then `prometheus` on those blocks
// scraping the synthetic exporter every 10 s with honor_labels: true, on a free port of 127.0.0.1. Runs as
// the test's own user: nothing here needs another account.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../sshd';
import { unpacked } from '../stores/softwareCache';
import { startServer, waitReady, type ServerProcess } from '../stores/serverProcess';
import { writeHistory, type TruthInstance } from './syntheticFleet';

export const SCRAPE_SECONDS = 10;

export interface FleetPrometheus {
  port: number;
  url: string;
  server: ServerProcess;
  stop(): Promise<void>;
}

export async function backfill(dir: string, fleet: { t0: number; instances: TruthInstance[] }, from: number, to: number, stepSeconds: number): Promise<void> {
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const input = join(dir, 'history.om');
  await writeHistory(input, fleet, from, to, stepSeconds);
  const r = spawnSync(unpacked('prometheus', 'usr/bin/promtool'), ['tsdb', 'create-blocks-from', 'openmetrics', input, dataDir], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`promtool failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
}

export async function startFleetPrometheus(dir: string, exporterPort: number): Promise<FleetPrometheus> {
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      `  scrape_interval: ${SCRAPE_SECONDS}s`,
      `  scrape_timeout: ${SCRAPE_SECONDS - 1}s`,
      'scrape_configs:',
      '  - job_name: synthetic',
      '    honor_labels: true',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${exporterPort}']`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const server = startServer([unpacked('prometheus', 'usr/bin/prometheus'), `--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { cwd: dir });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(server, 'prometheus', async () => {
    try {
      return (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) })).status === 200;
    } catch {
      return false;
    }
  }, 120_000);
  return { port, url, server, stop: () => server.stop('SIGTERM') };
}
