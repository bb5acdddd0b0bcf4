// The CLI front door: `spoolscope scan ROOT [--json]`, `spoolscope df [--json]`, `spoolscope held [--json]`.
// Every command goes through the same dispatcher and contract as the UI.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend, type Backend } from '../backend';
import { resolveDataDir } from '../store/dataDir';
import type { MethodName, RequestOf, ResponseOf } from '../../shared/contract';
import { formatBytes, formatTime, table } from './formatTable';

const USAGE = `usage:
  spoolscope scan ROOT [--json]   sizes and partitions of a log or spool root
  spoolscope df [--json]          mounted filesystems and how full they are
  spoolscope held [--json]        disk held by deleted files that processes still keep open`;

class CliError extends Error {}

async function call<M extends MethodName>(backend: Backend, method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
  const r = await backend.dispatcher.call(method, request, { frontDoor: 'cli' });
  if (!r.ok) throw new CliError(r.message);
  return r.result as ResponseOf<M>;
}

async function scan(backend: Backend, rootArg: string | undefined, json: boolean): Promise<number> {
  if (!rootArg) throw new CliError(`scan needs a ROOT directory\n${USAGE}`);
  const root = resolve(rootArg);
  const { jobId } = await call(backend, 'scan.start', { node: 'local', root });
  const onSignal = () => void backend.scans.cancel(jobId);
  process.once('SIGINT', onSignal);
  await backend.scanSettled(jobId);
  process.off('SIGINT', onSignal);
  const progress = await call(backend, 'scan.progress', { jobId });
  if (progress.state === 'failed') throw new CliError(progress.message ?? `scan of ${root} failed`);
  const summary = await call(backend, 'scan.summary', { jobId });
  if (json) {
    process.stdout.write(JSON.stringify(summary) + '\n');
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
    if (summary.morePartitions.count > 0) lines.push(`... ${summary.morePartitions.count} more partitions, ${formatBytes(summary.morePartitions.allocatedBytes)}`);
    for (const e of summary.errors) lines.push(`warning: ${e}`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  return summary.partial ? 3 : 0;
}

async function df(backend: Backend, json: boolean): Promise<number> {
  const r = await call(backend, 'node.filesystems', { node: 'local' });
  if (json) {
    process.stdout.write(JSON.stringify(r) + '\n');
  } else {
    const rows = r.filesystems.map((f) => [
      f.mount,
      f.fstype,
      formatBytes(f.sizeBytes),
      formatBytes(f.usedBytes),
      formatBytes(f.availBytes),
      `${Math.round(f.fillRatio * 100)}%${f.level === 'ok' ? '' : f.level === 'warn' ? ' !' : ' !!'}`,
      f.inodesTotal > 0 ? `${Math.round((f.inodesUsed / f.inodesTotal) * 100)}%` : '-',
    ]);
    process.stdout.write(table(['MOUNT', 'TYPE', 'SIZE', 'USED', 'AVAIL', 'USE', 'INODES'], rows, new Set([2, 3, 4, 5, 6])) + '\n');
    for (const e of r.errors) process.stdout.write(`warning: ${e}\n`);
  }
  return 0;
}

/** Names in the report come escaped (displayName): safe to print as they are. */
async function held(backend: Backend, json: boolean): Promise<number> {
  const r = await call(backend, 'held.scan', { node: 'local' });
  if (json) {
    await writeAll(JSON.stringify(r) + '\n');
    return r.partial ? 3 : 0;
  }
  const lines = [`${formatBytes(r.totalHeldBytes)} held by deleted-but-open files in ${r.holders.length} process${r.holders.length === 1 ? '' : 'es'}${r.partial ? ' (PARTIAL)' : ''}`, ''];
  if (r.holders.length > 0) {
    lines.push(
      table(
        ['PID', 'HOLDER', 'UNIT', 'HELD', 'FILES'],
        r.holders.map((h) => [String(h.pid), h.comm, h.unit ?? '-', formatBytes(h.heldBytes), String(h.fileCount)]),
        new Set([0, 3, 4]),
      ),
      '',
    );
  }
  for (const f of r.filesystems) {
    const parts = [`used ${formatBytes(f.usedBytes)} of ${formatBytes(f.sizeBytes)}`, `held ${formatBytes(f.heldBytes)}`];
    if (f.visibleBytes !== null) parts.push(`in scanned roots ${formatBytes(f.visibleBytes)}`, `other ${formatBytes(f.otherBytes ?? 0)}`);
    const top = f.topHolders[0];
    if (top) parts.push(`most by ${top.pid} ${top.comm}${top.unit ? ` (${top.unit})` : ''}`);
    lines.push(`${f.mount}: ${parts.join(', ')}`);
  }
  for (const e of r.errors) lines.push(`warning: ${e}`);
  await writeAll(lines.join('\n') + '\n');
  return r.partial ? 3 : 0;
}

/** stdout to a pipe is asynchronous: main's process.exit would cut a large report short without this. */
function writeAll(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) {
    process.stdout.write(USAGE + '\n');
    return command || parsed.values.help ? 0 : 2;
  }
  if (command !== 'scan' && command !== 'df' && command !== 'held') throw new CliError(`unknown command "${command}"\n${USAGE}`);
  let backend: Backend;
  try {
    backend = createBackend({ dataDir: resolveDataDir({ env: process.env }), frontDoor: 'cli' });
  } catch (err) {
    const msg = (err as Error).message;
    throw new CliError(msg.includes('SPOOLSCOPE_DATA_DIR') ? msg : `cannot open the state store: ${msg} (set SPOOLSCOPE_DATA_DIR to a writable directory)`);
  }
  try {
    if (command === 'held') return await held(backend, parsed.values.json);
    return command === 'scan' ? await scan(backend, rest[0], parsed.values.json) : await df(backend, parsed.values.json);
  } finally {
    await backend.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    // One line the operator can act on; a stack trace only for our own bugs.
    const msg = err instanceof CliError ? err.message : `internal error: ${err.stack ?? err.message}`;
    process.stderr.write(`spoolscope: ${msg}\n`);
    process.exit(err instanceof CliError ? 1 : 70);
  },
);
