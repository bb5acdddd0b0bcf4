// `spoolscope scan ROOT [--json]`: totals and partitions of a root; exit 3 when partial.
import { posix, resolve } from 'node:path';
import type { Backend } from '../../backend';
import { call, CliError, printable, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import { formatTime, table } from '../formatTable';
import { LOCAL_NODE } from '../../../shared/nodeNames';
import type { ScanSummary } from '../../../shared/models';

export async function scanCommand(backend: Backend, rootArg: string | undefined, json: boolean, node = LOCAL_NODE): Promise<number> {
  if (!rootArg) throw new CliError('scan needs a ROOT directory (see spoolscope --help)');
  // A relative path means this shell's directory, which exists only here: a remote root must be absolute.
  if (node !== LOCAL_NODE && !rootArg.startsWith('/')) throw new CliError(`scan on ${node} needs an absolute ROOT on that node, got ${JSON.stringify(rootArg)}`);
  const root = node === LOCAL_NODE ? resolve(rootArg) : posix.normalize(rootArg);
  const { jobId } = await call(backend, 'scan.start', { node, root });
  const onSignal = () => void backend.scans.cancel(jobId);
  process.once('SIGINT', onSignal);
  await backend.scanSettled(jobId);
  process.off('SIGINT', onSignal);
  const progress = await call(backend, 'scan.progress', { jobId });
  if (progress.state === 'failed') throw new CliError(progress.message ?? `scan of ${root} failed`);
  const summary = await call(backend, 'scan.summary', { jobId });
  await writeSummary(summary, json);
  return summary.partial ? 3 : 0;
}

/** The summary as JSON, or a table; a live scan's and an import's alike. */
export async function writeSummary(summary: ScanSummary, json: boolean): Promise<void> {
  if (json) {
    await writeAll(JSON.stringify(summary) + '\n');
  } else {
    const lines = [
      `${summary.root}: ${formatBytes(summary.allocatedBytes)} allocated, ${formatBytes(summary.apparentBytes)} apparent, ${summary.files} files, ${summary.dirs} dirs${summary.partial ? ' (PARTIAL)' : ''}`,
      '',
      table(
        ['PARTITION', 'KIND', 'ALLOCATED', 'APPARENT', 'FILES', 'NEWEST'],
        summary.partitions.map((p) => [p.path, p.kind, formatBytes(p.allocatedBytes), formatBytes(p.apparentBytes), String(p.files), formatTime(p.newestMtime)]),
        new Set([2, 3, 4]),
      ),
    ];
    if (summary.partitions.length === 0) lines.push('(no partitions recognised under this root)');
    if (summary.imported) lines.push(`imported from ${printable(summary.imported.file)} as ${printable(summary.imported.label)}: ${summary.imported.actionsDisabled}`);
    if (summary.morePartitions.count > 0) lines.push(`... ${summary.morePartitions.count} more partitions, ${formatBytes(summary.morePartitions.allocatedBytes)}`);
    for (const e of summary.errors) lines.push(`warning: ${e}`);
    await writeAll(lines.join('\n') + '\n');
  }
}
