// `spoolscope fleet [NODE...] [--json]`: refreshes every saved node (or the named ones), a few at a time
// with a deadline each, and prints the fleet table worst first: the same fleet.* calls as the home screen.
// With a Prometheus source (--prometheus, or one saved with --save) the fleet is ranked from node_exporter's
// numbers in a few queries, and only the saved nodes no instance maps to are refreshed over SSH; when
// Prometheus fails, every node is, and the answer says why (exit 3).
import type { FleetRow, NodeState } from '../../../shared/nodeModels';
import { MAX_PROM_ROWS_PAGE, trendLabel, type PrometheusSource, type RankedFleetRow } from '../../../shared/prometheusModels';
import type { Backend } from '../../backend';
import { CliError, call, parseCliArgs, printable, withBackend, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import { formatDuration } from '../../../shared/durationText';
import { table } from '../formatTable';
import { PROMETHEUS_FLAG_OPTIONS, prometheusSourceFromFlags } from './prometheusFlags';
import { fillPercentOfRatio } from '../../../shared/fillRatio';

export const FLEET_USAGE = `  spoolscope fleet [NODE...] [--json]
                                  refresh every node (or the named ones), 8 at a time, 30 s each; print
                                  them worst first (exit 3: some node could not be measured)
  spoolscope fleet --prometheus URL [--bearer-token-file F | --basic-auth-file F] [--ca-file F]
                   [--header 'K: V']... [--map 'PATTERN' | --map-label LABEL] [--save] [--json]
                                  rank the fleet from node_exporter's metrics in Prometheus (worst
                                  filesystem, time to full over a 6 h trend, up/down/stale); instances map
                                  to saved SSH nodes by name, by a label, or by a pattern such as
                                  'root@{host}'; --save keeps the source for later runs and the window
                                  (secrets as file paths only); exit 3: Prometheus failed, SSH rows shown`;

/** fleet.refresh returns at once; the rows say when each node is done. */
const POLL_MS = 200;

const MEASURED = new Set<NodeState>(['local', 'connected', 'partial']);

async function refreshed(b: Backend, names: string[] | undefined): Promise<FleetRow[]> {
  await call(b, 'fleet.refresh', names ? { names } : {});
  for (;;) {
    const { rows } = await call(b, 'fleet.rows', {});
    const wanted = names ? rows.filter((r) => names.includes(r.name)) : rows;
    if (wanted.every((r) => !r.refreshing)) return wanted;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function render(rows: FleetRow[]): string {
  return table(
    ['NODE', 'STATE', 'WORST', 'FILL', 'HELD', 'LARGEST ROOT', 'NOTE'],
    rows.map((r) => [
      r.name,
      r.state,
      printable(r.worstMount ?? '-'),
      r.worstFillRatio === null ? '-' : `${fillPercentOfRatio(r.worstFillRatio)}%`,
      r.heldBytes === null ? '-' : formatBytes(r.heldBytes),
      r.largestRoot ? `${printable(r.largestRoot.path)} ${formatBytes(r.largestRoot.allocatedBytes)}` : '-',
      printable(r.message ?? ''),
    ]),
    new Set([3, 4]),
  );
}

export async function fleetCommand(argv: string[]): Promise<number> {
  const parsed = parseCliArgs(
    { args: argv, options: { json: { type: 'boolean', default: false }, ...PROMETHEUS_FLAG_OPTIONS }, allowPositionals: true },
    `\n${FLEET_USAGE}`,
  );
  const names = parsed.positionals.length > 0 ? parsed.positionals : undefined;
  const given = prometheusSourceFromFlags(parsed.values);
  return withBackend(async (b) => {
    if (given && parsed.values.save) await call(b, 'fleet.prometheus.set', { source: given });
    const source = given ?? (await call(b, 'fleet.prometheus.get', {})).source;
    if (!source) {
      const rows = await refreshed(b, names);
      await writeAll(parsed.values.json ? JSON.stringify({ rows }) + '\n' : render(rows) + '\n');
      return rows.every((r) => MEASURED.has(r.state) && r.worstFillRatio !== null) ? 0 : 3;
    }
    return withPrometheus(b, source, names, parsed.values.json);
  });
}

async function withPrometheus(b: Backend, source: PrometheusSource, names: string[] | undefined, json: boolean): Promise<number> {
  const { nodes } = await call(b, 'nodes.list', {});
  if (names) {
    const unknown = names.find((n) => !nodes.some((x) => x.name === n));
    if (unknown !== undefined) throw new CliError(`no node named ${printable(unknown)} (spoolscope nodes list shows them)`);
  }
  const all = { source, offset: 0, limit: MAX_PROM_ROWS_PAGE };
  const first = await call(b, 'fleet.prometheus.rows', { ...all, refresh: true });
  // Nodes an instance maps to are seen through Prometheus: SSH only for the rest (all of them when it failed).
  const sshNames = first.rows.filter((r) => r.source === 'ssh' && (!names || names.includes(r.name))).map((r) => r.name);
  let rows = first.rows;
  if (sshNames.length > 0) {
    await refreshed(b, sshNames);
    // The same reading, merged with the SSH rows just refreshed: Prometheus is not asked twice.
    rows = (await call(b, 'fleet.prometheus.rows', { ...all, refresh: false })).rows;
  }
  if (names) rows = rows.filter((r) => names.includes(r.name));
  const error = first.error;
  if (error !== null) process.stderr.write(`spoolscope: ${printable(error)}; showing the SSH nodes only\n`);
  await writeAll(json ? JSON.stringify({ prometheus: { url: source.url, error }, rows }) + '\n' : renderRanked(rows) + '\n');
  const sshUnmeasured = rows.some((r) => r.source === 'ssh' && !(MEASURED.has(r.state as NodeState) && r.worstFillRatio !== null));
  return error !== null || sshUnmeasured ? 3 : 0;
}

function renderRanked(rows: RankedFleetRow[]): string {
  return table(
    ['NODE', 'SOURCE', 'STATE', 'SSH', 'WORST', 'FILL', 'FULL IN', 'RISK', 'NOTE'],
    rows.map((r) => [
      printable(r.name),
      r.source,
      r.state,
      r.sshState ?? '-',
      printable(r.worstMount ?? '-'),
      r.worstFillRatio === null ? '-' : `${fillPercentOfRatio(r.worstFillRatio)}%`,
      r.secondsToFull === null ? '-' : `${formatDuration(r.secondsToFull)} (${r.trendWindowSeconds === null ? 'trend' : trendLabel(r.trendWindowSeconds)})`,
      r.riskClass,
      printable(r.message ?? ''),
    ]),
    new Set([5]),
  );
}
