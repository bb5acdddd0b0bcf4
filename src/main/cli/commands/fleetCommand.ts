// `spoolscope fleet [NODE...] [--json]`: refreshes every saved node (or the named ones), a few at a time
// with a deadline each, and prints the fleet table worst first: the same fleet.* calls as the home screen.
import type { FleetRow, NodeState } from '../../../shared/nodeModels';
import type { Backend } from '../../backend';
import { call, parseCliArgs, printable, withBackend, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import { table } from '../formatTable';

export const FLEET_USAGE = `  spoolscope fleet [NODE...] [--json]
                                  refresh every node (or the named ones), 8 at a time, 30 s each; print
                                  them worst first (exit 3: some node could not be measured)`;

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
      r.worstFillRatio === null ? '-' : `${Math.round(r.worstFillRatio * 100)}%`,
      r.heldBytes === null ? '-' : formatBytes(r.heldBytes),
      r.largestRoot ? `${printable(r.largestRoot.path)} ${formatBytes(r.largestRoot.allocatedBytes)}` : '-',
      printable(r.message ?? ''),
    ]),
    new Set([3, 4]),
  );
}

export async function fleetCommand(argv: string[]): Promise<number> {
  const parsed = parseCliArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, allowPositionals: true }, `\n${FLEET_USAGE}`);
  const names = parsed.positionals.length > 0 ? parsed.positionals : undefined;
  return withBackend(async (b) => {
    const rows = await refreshed(b, names);
    await writeAll(parsed.values.json ? JSON.stringify({ rows }) + '\n' : render(rows) + '\n');
    return rows.every((r) => MEASURED.has(r.state) && r.worstFillRatio !== null) ? 0 : 3;
  });
}
