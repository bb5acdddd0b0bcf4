// Real Prometheus TSDB blocks and a real Prometheus server on them, for the data-store tests: blocks made
// offline by the unpacked package's `promtool tsdb create-blocks-from openmetrics` (one per 2 h of samples),
// then `prometheus --storage.tsdb.path` on that directory, run as its own account and listening on a free
// port of 127.0.0.1 only. While it runs it holds the directory's lock and maps the blocks' files.
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../sshd';
import { makeTempDir } from '../tempDir';
import { asUser, serviceUser, unpacked, type ServiceUser } from './softwareCache';
import { startServer, waitReady, type ServerProcess } from './serverProcess';

export const PROM_OWNER = 'spoolscope-prom-test';
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export interface PromBlock {
  ulid: string;
  minTime: number;
  maxTime: number;
}

/** The block directories of a TSDB directory, oldest first, as their meta.json say. */
export function listBlocks(dataDir: string): PromBlock[] {
  return readdirSync(dataDir)
    .filter((e) => ULID.test(e))
    .map((ulid) => {
      const meta = JSON.parse(readFileSync(join(dataDir, ulid, 'meta.json'), 'utf8')) as { minTime: number; maxTime: number };
      return { ulid, minTime: meta.minTime, maxTime: meta.maxTime };
    })
    .sort((a, b) => a.maxTime - b.maxTime);
}

/**
 * Writes `hours` of one gauge per minute ending an hour ago (an OpenMetrics file) and has promtool cut it
 * into blocks in `dataDir` (created, owned by the server's account). Returns the blocks, oldest first.
 */
export function createBlocks(dataDir: string, hours: number): PromBlock[] {
  const owner = serviceUser(PROM_OWNER);
  const promtool = unpacked('prometheus', 'usr/bin/promtool');
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const end = Math.floor(Date.now() / 1000) - 3600;
  const lines = ['# HELP spool_bytes Bytes in a test spool.', '# TYPE spool_bytes gauge'];
  for (let t = end - hours * 3600; t <= end; t += 60) lines.push(`spool_bytes{node="lab",spool="a"} ${(t % 7919) * 1024} ${t}`);
  lines.push('# EOF');
  // The input is no part of the store: kept outside it, and removed.
  const tmp = makeTempDir('openmetrics');
  const input = join(tmp.dir, 'samples.txt');
  writeFileSync(input, lines.join('\n') + '\n');
  const r = spawnSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', input, dataDir], { encoding: 'utf8', timeout: 120_000 });
  tmp.cleanup();
  if (r.status !== 0) throw new Error(`promtool failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
  spawnSync('chown', ['-R', `${owner.uid}:${owner.gid}`, dataDir]);
  chownSync(dataDir, owner.uid, owner.gid);
  return listBlocks(dataDir);
}

export interface PromServer {
  owner: ServiceUser;
  dataDir: string;
  port: number;
  server: ServerProcess;
  stop(): Promise<void>;
}

/**
 * Starts prometheus on `dataDir` and waits until /-/ready answers 200. It scrapes nothing unless `configYaml`
 * (a whole prometheus.yml) says what.
 */
export async function startPrometheus(dataDir: string, configDir: string, configYaml = 'global:\n  scrape_interval: 1m\nscrape_configs: []\n'): Promise<PromServer> {
  const owner = serviceUser(PROM_OWNER);
  const prometheus = unpacked('prometheus', 'usr/bin/prometheus');
  mkdirSync(configDir, { recursive: true, mode: 0o755 });
  const config = join(configDir, 'prometheus.yml');
  writeFileSync(config, configYaml, { mode: 0o644 });
  const port = await freePort();
  const server = startServer([...asUser(owner), prometheus, `--config.file=${config}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`], { cwd: '/' });
  await waitReady(server, 'prometheus', async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/-/ready`, { signal: AbortSignal.timeout(2000) });
      return res.status === 200;
    } catch {
      return false;
    }
  });
  return { owner, dataDir, port, server, stop: () => server.stop('SIGTERM') };
}
