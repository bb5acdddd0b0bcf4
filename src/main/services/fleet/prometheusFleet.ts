// The fleet as Prometheus sees it: eight instant queries at one evaluation time (five at once, then the three
// that need the node jobs), made into ranked rows by the pure core. No query is ever per node.
import type { NodeState } from '../../../shared/nodeModels';
import type { PrometheusSource, RankedFleetRow } from '../../../shared/prometheusModels';
import { SshNodeIndex, type SshNodeRef } from '../../core/fleet/instanceMapping';
import { promFleetRows } from '../../core/fleet/promFleetRows';
import { DEFAULT_TREND_WINDOW_SECONDS, filesystemQueries, upQueries } from '../../core/fleet/promQueries';
import { createPrometheusClient, type PrometheusClient, type PrometheusClientOptions } from './prometheusClient';

export interface SavedSshNode extends SshNodeRef {
  state: NodeState;
}

export interface PromFleetReadOptions extends PrometheusClientOptions {
  windowSeconds?: number;
  nowSeconds?: number;
  client?: PrometheusClient;
}

export async function readPrometheusFleet(source: PrometheusSource, nodes: readonly SavedSshNode[], opts: PromFleetReadOptions = {}): Promise<RankedFleetRow[]> {
  const client = opts.client ?? createPrometheusClient(source, opts);
  const windowSeconds = opts.windowSeconds ?? DEFAULT_TREND_WINDOW_SECONDS;
  const now = opts.nowSeconds ?? Date.now() / 1000;
  const q = filesystemQueries(windowSeconds);
  const [size, avail, readonly, availDeriv, jobs] = await Promise.all([
    client.query(q.size, now, 'the filesystem sizes'),
    client.query(q.avail, now, 'the available bytes'),
    client.query(q.readonly, now, 'the read-only flags'),
    client.query(q.availDeriv, now, 'the fill rates'),
    client.query(q.nodeJobs, now, 'the node_exporter jobs'),
  ]);
  const uq = upQueries(
    jobs.map((s) => s.labels.job).filter((j): j is string => typeof j === 'string'),
    windowSeconds,
  );
  const [up, seen, seenSpan] = uq
    ? await Promise.all([client.query(uq.up, now, 'up'), client.query(uq.seen, now, 'the instances seen in the window'), client.query(uq.seenSpan, now, 'how long each instance has been seen')])
    : [[], [], []];
  return promFleetRows(
    { size, avail, readonly, availDeriv, up, seen, seenSpan },
    { windowSeconds, mapping: source.mapping, ssh: new SshNodeIndex(nodes), sshStates: new Map(nodes.map((n) => [n.name, n.state])) },
  );
}
