// `spoolscope act ACTION_ID --dry-run|--yes [--confirm TEXT] [node flags] [--json]`: a data store's tool
// action, by the id `spoolscope stores` printed (used once, within 10 minutes). The node flags reach the
// action's node again (an SSH node given by --ssh is known only while a command runs); the action itself
// says which node it is for. Exit 0: space was freed; 4: nothing was freed (or refused); 1: an error.
import { freedText } from '../../../shared/freedText';
import { call, CliError, parseCliArgs, printable, SEE_HELP, withBackend, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import type { StoreActResult } from '../../../shared/storeActionModels';
import { backendOptionsFor, NODE_FLAG_OPTIONS, resolveNode } from '../nodeFlags';

export const NOTHING_FREED = 4;

export const ACT_USAGE = `  spoolscope act ACTION_ID --dry-run|--yes [--confirm TEXT] [--json]
                                  run a data store's tool action listed by spoolscope stores (a journald
                                  vacuum, truncating a container's active log, unlinking core dumps,
                                  apt-get clean), re-checked on the node first; --dry-run shows what would
                                  run and touches nothing (exit 4: nothing freed or refused)`;

function text(r: StoreActResult): string {
  const lines: string[] = [];
  const what = `${r.kind} of ${printable(r.path)} (${r.storeKind}) on ${printable(r.node)}`;
  if (r.dryRun) {
    lines.push(r.refused ? `would not run: ${what}` : `would run: ${printable(r.command)}`);
    lines.push(`  expected to free ${formatBytes(r.expectedFreeBytes)}; nothing was done`);
  } else if (r.refused) {
    lines.push(`did not run: ${what}`);
  } else {
    lines.push(`ran: ${printable(r.command)}`);
    lines.push(`  ${freedText(r.freedBytes)} (statvfs, before minus after; expected ${formatBytes(r.expectedFreeBytes)})`);
  }
  if (r.refused) lines.push(`refused [${r.refused.code}]: ${printable(r.refused.reason)}`);
  for (const f of r.filesystems) lines.push(`  ${printable(f.mount)}: used ${formatBytes(f.usedBefore)} -> ${formatBytes(f.usedAfter)}`);
  for (const p of r.removed) lines.push(`  removed ${printable(p)}`);
  for (const s of r.skipped) lines.push(`skipped: ${printable(s.path)}: ${printable(s.reason)} [${s.code}]`);
  if (r.output.trim() !== '') lines.push(...r.output.trimEnd().split('\n').slice(-20).map((l) => `  | ${printable(l)}`));
  for (const w of r.warnings) lines.push(`warning: ${printable(w)}`);
  return lines.join('\n') + '\n';
}

export async function actCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs(
    {
      args: argv,
      options: {
        'dry-run': { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        confirm: { type: 'string' },
        json: { type: 'boolean', default: false },
        ...NODE_FLAG_OPTIONS,
      },
      allowPositionals: true,
    },
    SEE_HELP,
  );
  if (positionals.length !== 1) throw new CliError('act needs exactly one ACTION_ID (from spoolscope stores)');
  const dryRun = values['dry-run'];
  if (dryRun === values.yes) throw new CliError(dryRun ? 'act: pass either --dry-run or --yes, not both' : `act: pass --dry-run to see what action ${positionals[0]} would run, or --yes to run it; nothing was done`);
  return withBackend(async (backend) => {
    await resolveNode(backend, values);
    const result = await call(backend, 'stores.act', { actionId: positionals[0], dryRun, confirm: values.confirm ?? null });
    await writeAll(values.json ? JSON.stringify(result) + '\n' : text(result));
    // Loud on stderr even with --json: an unaudited destructive action must not pass unnoticed.
    if (!dryRun && !result.audited) process.stderr.write(`spoolscope: WARNING: ${result.auditError ?? 'the audit log could not be written'}\n`);
    if (result.refused) return NOTHING_FREED;
    if (dryRun) return result.expectedFreeBytes > 0 ? 0 : NOTHING_FREED;
    return result.freedBytes > 0 ? 0 : NOTHING_FREED;
  }, backendOptionsFor(values));
}
