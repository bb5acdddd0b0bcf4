// `spoolscope reap PLANID --yes [--confirm TEXT] [node flags] [--json]`: execute a plan made by `spoolscope plan` (or the window).
// Takes the plan id only: what is removed is what the plan listed, each file re-checked just before it is
// unlinked. The node flags reach the plan's node again (an SSH node given by --ssh is known only while a
// command runs); the plan itself says which node it is for.
import { freedText } from '../../../shared/freedText';
import { call, CliError, parseCliArgs, printable, SEE_HELP, withBackend, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import { NOTHING_TO_REAP } from './reapPlanCommand';
import { backendOptionsFor, NODE_FLAG_OPTIONS, resolveNode } from '../nodeFlags';

export async function reapCommand(argv: string[]): Promise<number> {
  const parsed = parseCliArgs({ args: argv, options: { yes: { type: 'boolean', default: false }, confirm: { type: 'string' }, json: { type: 'boolean', default: false }, ...NODE_FLAG_OPTIONS }, allowPositionals: true }, SEE_HELP);
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new CliError('reap needs exactly one PLANID (from spoolscope plan)');
  if (!values.yes) throw new CliError(`reap: pass --yes to remove what plan ${positionals[0]} lists; nothing was done (spoolscope plan shows it)`);
  return withBackend(async (backend) => {
    await resolveNode(backend, values);
    const result = await call(backend, 'reap.execute', { planId: positionals[0], ...(values.confirm !== undefined ? { confirm: values.confirm } : {}) });
    if (values.json) await writeAll(JSON.stringify(result) + '\n');
    else {
      const lines = [
        `removed ${result.removed.length} file${result.removed.length === 1 ? '' : 's'} in ${result.removedPartitions.length} partition${result.removedPartitions.length === 1 ? '' : 's'}; ${freedText(result.freedBytes)} (statvfs, before minus after; planned ${formatBytes(result.expectedFreeBytes)})`,
      ];
      for (const p of result.removedPartitions) lines.push(`  removed ${printable(p)}`);
      for (const f of result.filesystems) lines.push(`  ${printable(f.mount)}: used ${formatBytes(f.usedBefore)} -> ${formatBytes(f.usedAfter)}`);
      for (const s of result.skipped) lines.push(`skipped: ${printable(s.path)}: ${printable(s.reason)} [${s.code}]`);
      for (const w of result.warnings) lines.push(`warning: ${w}`);
      await writeAll(lines.join('\n') + '\n');
    }
    // Loud on stderr even with --json: an unaudited destructive action must not pass unnoticed.
    if (!result.audited) process.stderr.write(`spoolscope: WARNING: ${result.auditError ?? 'the audit log could not be written'}\n`);
    return result.removed.length > 0 ? 0 : NOTHING_TO_REAP;
  }, backendOptionsFor(values));
}
