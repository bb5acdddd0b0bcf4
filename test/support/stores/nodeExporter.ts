// A real node_exporter (Debian's prometheus-node-exporter, unpacked by the pretest since its postinst starts the
// daemon) with only its textfile collector on, reading one directory, listening on a free port of 127.0.0.1.
import { freePort } from '../sshd';
import { asUser, serviceUser, unpacked } from './softwareCache';
import { startServer, waitReady, type ServerProcess } from './serverProcess';
import { PROM_OWNER } from './prometheus';

export interface NodeExporter {
  port: number;
  server: ServerProcess;
  /** Its /metrics text. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts node_exporter as the test Prometheus' account; `textfileDir` must be readable by it. */
export async function startNodeExporter(textfileDir: string): Promise<NodeExporter> {
  const owner = serviceUser(PROM_OWNER);
  const bin = unpacked('prometheus-node-exporter', 'usr/bin/prometheus-node-exporter');
  const port = await freePort();
  const server = startServer(
    [...asUser(owner), bin, '--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${textfileDir}`, `--web.listen-address=127.0.0.1:${port}`],
    { cwd: '/' },
  );
  const metrics = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
    if (res.status !== 200) throw new Error(`node_exporter answered ${res.status}`);
    return res.text();
  };
  await waitReady(server, 'node_exporter', async () => {
    try {
      await metrics();
      return true;
    } catch {
      return false;
    }
  });
  return { port, server, metrics, stop: () => server.stop('SIGTERM') };
}
