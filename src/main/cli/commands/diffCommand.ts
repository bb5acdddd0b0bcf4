// `spoolscope diff ROOT [--since 24h|7d | --from SCANNED_AT] [--rescan] [node flags] [--json]`: what grew,
// shrank, appeared and went between the latest stored scan of ROOT (or a fresh one) and the stored scan at or
// before a time, by default the previous one. Exit 0; 4 when there is no earlier scan to compare with.
import { posix, resolve } from 'node:path';
import { call, CliError, parseCliArgs, printable, withBackend, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import { table } from '../formatTable';
import { backendOptionsFor, namesRemoteNode, NODE_FLAG_OPTIONS, resolveNode } from '../nodeFlags';
import type { ScanDiff } from '../../../shared/historyModels';
import type { Backend } from '../../backend';
import { IMPORT_LABEL_PREFIX } from '../../../shared/nodeNames';
import { parseScannedAt, parseSince } from '../diffTimes';

export const DIFF_USAGE = `  spoolscope diff ROOT [--since 24h|7d | --from SCANNED_AT] [--rescan] [node flags] [--json]
                                  what grew, shrank, appeared and went under ROOT: its latest stored scan
                                  (--rescan: a fresh one) against the stored scan at or before --since ago
                                  or --from (ISO 8601 or epoch ms), by default the one before it; imports:
                                  --node import:LABEL (exit 4: no earlier scan to compare with)`;

const signed = (n: number) => (n > 0 ? `+${formatBytes(n)}` : n < 0 ? `-${formatBytes(-n)}` : '0 B');
const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + 'Z';

export async function diffCommand(argv: string[]): Promise<number> {
  const parsed = parseCliArgs(
    {
      args: argv,
      options: { json: { type: 'boolean', default: false }, since: { type: 'string' }, from: { type: 'string' }, rescan: { type: 'boolean', default: false }, ...NODE_FLAG_OPTIONS },
      allowPositionals: true,
    },
    `\nusage:\n${DIFF_USAGE}`,
  );
  const v = parsed.values;
  const [rootArg, extra] = parsed.positionals;
  if (!rootArg) throw new CliError(`diff needs a ROOT directory\nusage:\n${DIFF_USAGE}`);
  if (extra !== undefined) throw new CliError(`diff takes one ROOT, got also ${JSON.stringify(extra)}`);
  if (v.since !== undefined && v.from !== undefined) throw new CliError('give either --since or --from, not both');
  const at = v.since !== undefined ? Date.now() - parseSince(v.since) : v.from !== undefined ? parseScannedAt(v.from) : undefined;
  // An import is kept under its label as the node name: no node to reach, nothing to rescan there.
  const imported = v.node?.startsWith(IMPORT_LABEL_PREFIX) === true;
  if (imported && v.rescan) throw new CliError(`${v.node} is an import: it cannot be rescanned (import a newer ncdu export under the same --label)`);
  const remote = imported || namesRemoteNode(v);
  if (remote && !rootArg.startsWith('/')) throw new CliError(`diff on another node needs an absolute ROOT, got ${JSON.stringify(rootArg)}`);
  const root = remote ? posix.normalize(rootArg) : resolve(rootArg);
  const diff = await withBackend(async (b) => {
    const node = imported ? v.node! : await resolveNode(b, v);
    const jobId = v.rescan ? await rescan(b, node, root) : undefined;
    return call(b, 'scan.diff', { node, root, at, jobId });
  }, imported ? {} : backendOptionsFor(v));
  if (v.json) await writeAll(JSON.stringify(diff) + '\n');
  else await writeAll(toText(diff));
  if (diff.from === null) {
    if (v.json) process.stderr.write(`spoolscope: ${diff.reason ?? 'no earlier scan to compare with'}\n`);
    return 4;
  }
  return 0;
}

async function rescan(b: Backend, node: string, root: string): Promise<string> {
  const { jobId } = await call(b, 'scan.start', { node, root });
  const onSignal = () => void b.scans.cancel(jobId);
  process.once('SIGINT', onSignal);
  await b.scanSettled(jobId);
  process.off('SIGINT', onSignal);
  const progress = await call(b, 'scan.progress', { jobId });
  if (progress.state !== 'done') throw new CliError(progress.message ?? `the scan of ${root} ${progress.state === 'cancelled' ? 'was cancelled' : 'failed'}`);
  return jobId;
}

function toText(d: ScanDiff): string {
  if (d.from === null || d.to === null) return `${printable(d.root)}: ${d.reason ?? 'nothing to compare'}\n`;
  const lines = [
    `${printable(d.root)}: ${signed(d.deltaBytes)} (${formatBytes(d.from.allocatedBytes)} -> ${formatBytes(d.to.allocatedBytes)}) from ${when(d.from.scannedAt)} to ${when(d.to.scannedAt)}${d.from.partial || d.to.partial ? ' (a scan was PARTIAL)' : ''}`,
    '',
  ];
  if (d.entries.length === 0) lines.push('(nothing changed)');
  else {
    lines.push(
      table(
        ['CHANGE', 'DELTA', 'BEFORE', 'AFTER', 'KIND', 'PATH'],
        d.entries.map((e) => [e.change, signed(e.deltaBytes), formatBytes(e.beforeBytes), formatBytes(e.afterBytes), e.kind, e.path]),
        new Set([1, 2, 3]),
      ),
    );
  }
  if (d.more.count > 0) lines.push(`... ${d.more.count} more changes, ${signed(d.more.deltaBytes)} together`);
  if (d.unknown > 0) lines.push(`warning: ${d.unknown} entries are missing from a scan cut at its 200,000-entry limit: whether they changed is not known`);
  return lines.join('\n') + '\n';
}
