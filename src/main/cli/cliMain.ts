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
  spoolscope held [--json]        disk held by deleted files that processes still keep open
  spoolscope reclaim-held --pid P [--fd N]... --dry-run|--yes [--json]
                                  truncate deleted files P still holds open: the plan, or plan and act
                                  (exit 4: nothing could be reclaimed)`;

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

/** Control characters in a path would drive the terminal: show them escaped. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

const NOTHING_RECLAIMED = 4;

// Its own argument parsing and backend: the global parser knows only --json and --help.
async function reclaimHeld(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        pid: { type: 'string' },
        fd: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: false,
    }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${USAGE}`);
  }
  const dryRun = values['dry-run'];
  if (dryRun === values.yes) throw new CliError(dryRun ? 'reclaim-held: pass either --dry-run or --yes, not both' : 'reclaim-held: pass --dry-run to see the plan or --yes to truncate; nothing was done');
  const isId = (v: string | undefined) => v !== undefined && /^\d+$/.test(v) && Number.isSafeInteger(Number(v));
  if (!isId(values.pid) || Number(values.pid) === 0) throw new CliError(`reclaim-held needs --pid P (a process id)\n${USAGE}`);
  const pid = Number(values.pid);
  const badFd = values.fd?.find((f) => !isId(f));
  if (badFd !== undefined) throw new CliError(`reclaim-held: --fd takes a number, got ${JSON.stringify(badFd)}`);
  const fds = values.fd?.map(Number);

  let backend: Backend;
  try {
    backend = createBackend({ dataDir: resolveDataDir({ env: process.env }), frontDoor: 'cli' });
  } catch (err) {
    const msg = (err as Error).message;
    throw new CliError(msg.includes('SPOOLSCOPE_DATA_DIR') ? msg : `cannot open the state store: ${msg} (set SPOOLSCOPE_DATA_DIR to a writable directory)`);
  }
  try {
    const plan = await call(backend, 'held.plan', { node: 'local', pid, ...(fds ? { fds } : {}) });
    if (dryRun) {
      if (values.json) await writeAll(JSON.stringify(plan) + '\n');
      else {
        const lines = [`plan ${plan.planId}: ${plan.entries.length} file${plan.entries.length === 1 ? '' : 's'} of pid ${pid} to truncate, expected to free ${formatBytes(plan.expectedFreeBytes)} (nothing was done)`];
        if (plan.entries.length > 0) {
          lines.push(
            table(
              ['PID', 'FD', 'ALLOCATED', 'UNIT', 'PATH'],
              plan.entries.map((e) => [String(e.pid), String(e.fd), formatBytes(e.allocatedBytes), e.unit ?? '-', printable(e.path)]),
              new Set([0, 1, 2]),
            ),
          );
        }
        for (const r of plan.refused) lines.push(`refused: pid ${r.pid}${r.fd === null ? '' : ` fd ${r.fd}`}${r.path ? ` ${printable(r.path)}` : ''}: ${r.reason}`);
        for (const w of plan.warnings) lines.push(`warning: ${w}`);
        await writeAll(lines.join('\n') + '\n');
      }
      return plan.entries.length > 0 ? 0 : NOTHING_RECLAIMED;
    }
    const result = await call(backend, 'held.reclaim', { planId: plan.planId });
    if (values.json) await writeAll(JSON.stringify(result) + '\n');
    else {
      const lines = [`truncated ${result.truncated.length} file${result.truncated.length === 1 ? '' : 's'} of pid ${pid}; freed ${formatBytes(result.freedBytes)} (statvfs, before minus after)`];
      for (const t of result.truncated) lines.push(`  truncated fd ${t.fd} (${formatBytes(t.allocatedBytes)}): ${printable(t.path)}`);
      for (const f of result.filesystems) lines.push(`  ${printable(f.mount)}: used ${formatBytes(f.usedBefore)} -> ${formatBytes(f.usedAfter)}`);
      for (const r of result.skipped) lines.push(`skipped: pid ${r.pid}${r.fd === null ? '' : ` fd ${r.fd}`}${r.path ? ` ${printable(r.path)}` : ''}: ${r.reason}`);
      for (const w of result.warnings ?? []) lines.push(`warning: ${w}`);
      await writeAll(lines.join('\n') + '\n');
    }
    // Loud on stderr even with --json: an unaudited destructive action must not pass unnoticed.
    if (!result.audited) process.stderr.write(`spoolscope: WARNING: ${result.auditError ?? 'the audit log could not be written'}\n`);
    return result.truncated.length > 0 ? 0 : NOTHING_RECLAIMED;
  } finally {
    await backend.close();
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'reclaim-held') return reclaimHeld(argv.slice(1));
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
