// `spoolscope plan ROOT [--max-bytes N] [--max-age-days D] [--keep-newest K] [--partition P]... [--save] [--add-root|--re-add-root] [node flags] [--json]`:
// what a reap of ROOT would remove and skip, from facts read now. Nothing is removed.
// Flags not given come from the root's saved policy; --save stores the result as the root's policy.
// ROOT must be (under) one of the node's configured roots; --add-root adds it first. --re-add-root removes
// it and adds it again: how a root refused as changed since it was configured (root-changed) is accepted.
// A --partition naming an age bucket ("wal/[segments 2026-11-05]", as `scan --json` prints it) plans on a
// scan of ROOT made first (bucketPicks.ts): the bucket's partitions bar those that scan listed one by one.
import { resolve } from 'node:path';
import { call, CliError, parseCliArgs, printable, SEE_HELP, withBackend, writeAll } from '../cliSupport';
import { formatBytes } from '../../../shared/formatBytes';
import { formatTime, table } from '../formatTable';
import { backendOptionsFor, NODE_FLAG_OPTIONS, resolveNode, warnIfPartial } from '../nodeFlags';
import { LOCAL_NODE } from '../../../shared/nodeNames';
import { ROOT_REFUSAL_CODES } from '../../../shared/reapModels';
import type { Backend } from '../../backend';
import { bucketPickProblem, bucketPicks, unreadableBucketPick } from '../bucketPicks';

export const NOTHING_TO_REAP = 4;
/** The plan lists something but could not be kept for another process: no `spoolscope reap` would find it. */
export const PLAN_NOT_SAVED = 5;

function count(name: string, v: string | undefined, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isSafeInteger(n))) {
    throw new CliError(`plan: --${name} takes a ${integer ? 'whole ' : ''}number of at least 0, got ${JSON.stringify(v)}`);
  }
  return n;
}

export async function reapPlanCommand(argv: string[]): Promise<number> {
  const parsed = parseCliArgs({
    args: argv,
    options: {
      'max-bytes': { type: 'string' },
      'max-age-days': { type: 'string' },
      'keep-newest': { type: 'string' },
      partition: { type: 'string', multiple: true },
      save: { type: 'boolean', default: false },
      'add-root': { type: 'boolean', default: false },
      're-add-root': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      ...NODE_FLAG_OPTIONS,
    },
    allowPositionals: true,
  }, SEE_HELP);
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new CliError('plan needs exactly one ROOT (the log or spool directory to reap under)');
  const maxBytes = count('max-bytes', values['max-bytes'], true);
  const maxAgeDays = count('max-age-days', values['max-age-days'], false);
  const keepNewest = count('keep-newest', values['keep-newest'], true);

  return withBackend(async (backend) => {
    const node = await resolveNode(backend, values);
    // A relative root means this machine's working directory only for this machine.
    const root = node === LOCAL_NODE ? resolve(positionals[0]) : positionals[0];
    // Reaping only happens under configured roots: naming one here with --add-root configures it.
    // Removing first forgets the identity recorded for it; adding records the one it has now.
    if (values['re-add-root']) await call(backend, 'roots.remove', { node, path: root });
    if (values['add-root'] || values['re-add-root']) await call(backend, 'roots.add', { node, path: root });
    const saved = await call(backend, 'reap.policy.get', { node, root });
    const policy = {
      maxBytes: maxBytes ?? saved.maxBytes,
      maxAgeDays: maxAgeDays ?? saved.maxAgeDays,
      keepNewest: keepNewest ?? saved.keepNewest,
    };
    if (values.save) await call(backend, 'reap.policy.set', { node, root, policy });
    const buckets = bucketPicks(values.partition ?? []);
    const scanJobId = buckets.length > 0 ? await scanForBucketPicks(backend, node, root, buckets) : undefined;
    const plan = await call(backend, 'reap.plan', { node, root, policy, ...(values.partition ? { partitions: values.partition } : {}), ...(scanJobId ? { scanJobId } : {}) });
    if (values.json) await writeAll(JSON.stringify(plan) + '\n');
    else {
      // A command is offered only when it can work: not for an empty plan, nor for one no other process can find.
      const confirmFlag = plan.confirm ? ` --confirm ${shellQuoted(plan.confirm.text)}` : '';
      const next = plan.entries.length > 0 && plan.notSaved === undefined ? `nothing was done; run: spoolscope reap ${plan.planId} --yes${confirmFlag}` : 'nothing was done';
      const lines = [
        `plan ${plan.planId}: ${plan.entries.length} of ${plan.partitions} partition${plan.partitions === 1 ? '' : 's'} under ${printable(plan.root)} to remove, expected to free ${formatBytes(plan.expectedFreeBytes)} (${next})`,
      ];
      if (plan.entries.length > 0) {
        lines.push(
          table(
            ['NEWEST', 'ALLOCATED', 'FREES', 'FILES', 'WHY', 'PARTITION'],
            plan.entries.map((e) => [formatTime(e.newestMtime), formatBytes(e.allocatedBytes), formatBytes(e.expectedFreeBytes), String(e.files.filter((f) => f.type === 'file').length + e.moreFiles), e.because, printable(e.path)]),
            new Set([1, 2, 3]),
          ),
        );
      }
      // The code ends each line, for grep and scripts; a refused root says refused, not kept.
      for (const s of plan.skipped) lines.push(`${ROOT_REFUSAL_CODES.has(s.code) ? 'refused' : 'kept'}: ${printable(s.path)}: ${printable(s.reason)} [${s.code}]`);
      // Each data store a skip points to, once: what it is and its own way to free space (issue 15).
      for (const g of plan.guidance ?? []) {
        lines.push(`store: ${printable(g.summary)}`);
        for (const a of g.actions) lines.push(`  ${a.runnableBy === 'tool' ? 'tool' : 'run'}: ${printable(a.command)}`);
      }
      if (plan.confirm) lines.push(`confirm: ${printable(plan.confirm.prompt)}`);
      for (const w of plan.warnings) lines.push(`warning: ${w}`);
      await writeAll(lines.join('\n') + '\n');
    }
    await warnIfPartial(backend, node);
    if (plan.entries.length === 0) return NOTHING_TO_REAP;
    if (plan.notSaved !== undefined) {
      // On stderr even with --json: a script must not go on to run a reap that cannot find the plan.
      process.stderr.write(`spoolscope: plan ${plan.planId} cannot be run by spoolscope reap: it could not be saved in the state store (${printable(plan.notSaved)}); nothing was done\n`);
      return PLAN_NOT_SAVED;
    }
    return 0;
  }, backendOptionsFor(values));
}

/**
 * Scans ROOT for picks of age buckets and checks them on that scan (a one-line error for one no bucket of
 * it covers); the scan's job id goes with the plan request, as the window's does.
 */
async function scanForBucketPicks(backend: Backend, node: string, root: string, picks: string[]): Promise<string> {
  // A name no bucket can have is refused before the scan, which may take a while on a big spool.
  const unreadable = unreadableBucketPick(picks, root);
  if (unreadable) throw new CliError(unreadable);
  const { jobId } = await call(backend, 'scan.start', { node, root });
  const onSignal = () => void backend.scans.cancel(jobId);
  process.once('SIGINT', onSignal);
  try {
    await backend.scanSettled(jobId);
  } finally {
    process.off('SIGINT', onSignal);
  }
  const progress = await call(backend, 'scan.progress', { jobId });
  if (progress.state !== 'done') throw new CliError(`plan: the scan of ${printable(root)} the bucket picks need did not complete: ${printable(progress.message ?? progress.state)}`);
  // Every bucket of the scan, not the 500 largest its summary lists: the reaper judges the picks on them all.
  const buckets = new Map(backend.scans.allPartitions(jobId).flatMap((p) => (p.bucket ? [[p.path, p.bucket] as const] : [])));
  const problem = bucketPickProblem(picks, buckets, root);
  if (problem) throw new CliError(problem);
  return jobId;
}

/** A word for the shell line printed to copy: single-quoted unless plainly safe. */
function shellQuoted(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
