// `spoolscope reclaim-held --pid P [--fd N]... --dry-run|--yes [--json]`: the plan, or plan and truncate.
// Exit 4 when nothing could be reclaimed.
import { freedText } from '../../../shared/freedText';
import { call, CliError, parseCliArgs, printable, SEE_HELP, withBackend, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import { table } from '../formatTable';
import { backendOptionsFor, NODE_FLAG_OPTIONS, resolveNode } from '../nodeFlags';
import type { ReclaimRefusal } from '../../../shared/heldModels';

export const NOTHING_RECLAIMED = 4;

/** "refused [mapped]: pid 42 fd 3 /spool/x (deleted): memory-mapped by pid 77 (indexer): ...". */
function refusalLine(what: 'refused' | 'skipped', r: ReclaimRefusal): string {
  return `${what} [${r.code}]: pid ${r.pid}${r.fd === null ? '' : ` fd ${r.fd}`}${r.path ? ` ${printable(r.path)}` : ''}: ${printable(r.reason)}`;
}

// Its own argument parsing and backend: the global parser knows only --json and --help.
export async function reclaimHeldCommand(argv: string[]): Promise<number> {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      pid: { type: 'string' },
      fd: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      ...NODE_FLAG_OPTIONS,
    },
    allowPositionals: false,
  }, SEE_HELP);
  const dryRun = values['dry-run'];
  if (dryRun === values.yes) throw new CliError(dryRun ? 'reclaim-held: pass either --dry-run or --yes, not both' : 'reclaim-held: pass --dry-run to see the plan or --yes to truncate; nothing was done');
  const isId = (v: string | undefined) => v !== undefined && /^\d+$/.test(v) && Number.isSafeInteger(Number(v));
  if (!isId(values.pid) || Number(values.pid) === 0) throw new CliError('reclaim-held needs --pid P (a process id)');
  const pid = Number(values.pid);
  const badFd = values.fd?.find((f) => !isId(f));
  if (badFd !== undefined) throw new CliError(`reclaim-held: --fd takes a number, got ${JSON.stringify(badFd)}`);
  const fds = values.fd?.map(Number);

  return withBackend(async (backend) => {
    const node = await resolveNode(backend, values);
    const plan = await call(backend, 'held.plan', { node, pid, ...(fds ? { fds } : {}) });
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
        for (const r of plan.refused) lines.push(refusalLine('refused', r));
        for (const w of plan.warnings) lines.push(`warning: ${w}`);
        await writeAll(lines.join('\n') + '\n');
      }
      return plan.entries.length > 0 ? 0 : NOTHING_RECLAIMED;
    }
    const result = await call(backend, 'held.reclaim', { planId: plan.planId });
    if (values.json) await writeAll(JSON.stringify(result) + '\n');
    else {
      const lines = [`truncated ${result.truncated.length} file${result.truncated.length === 1 ? '' : 's'} of pid ${pid}; ${freedText(result.freedBytes)} (statvfs, before minus after)`];
      for (const t of result.truncated) lines.push(`  truncated fd ${t.fd} (${formatBytes(t.allocatedBytes)}): ${printable(t.path)}`);
      for (const f of result.filesystems) lines.push(`  ${printable(f.mount)}: used ${formatBytes(f.usedBefore)} -> ${formatBytes(f.usedAfter)}`);
      for (const r of result.skipped) lines.push(refusalLine('skipped', r));
      for (const w of result.warnings ?? []) lines.push(`warning: ${w}`);
      await writeAll(lines.join('\n') + '\n');
    }
    // Loud on stderr even with --json: an unaudited destructive action must not pass unnoticed.
    if (!result.audited) process.stderr.write(`spoolscope: WARNING: ${result.auditError ?? 'the audit log could not be written'}\n`);
    return result.truncated.length > 0 ? 0 : NOTHING_RECLAIMED;
  }, backendOptionsFor(values));
}
