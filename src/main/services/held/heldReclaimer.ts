// Reclaiming held deleted files by truncation: plan first, re-check identity at the moment of action,
// measure with statvfs, audit before and after.
// A plan is built from a fresh held scan and kept here, so the destructive call carries only its id: the
// caller never hands over a path or a pid to act on.
import type { HeldReport, ReclaimEntry, ReclaimPlan, ReclaimRefusal, ReclaimResult } from '../../../shared/heldModels';
import { buildReclaimPlan, executorInput, executorMaxFields, parseTruncateRecords, skipRefusal } from '../../core/held/reclaimPlan';
import { probeScripts } from '../../probe/probeScripts';
import type { StateStore } from '../../store/stateStore';
import type { ExecLimits, Transport } from '../../transport/transport';
import { measureFreed } from '../common/filesystems';
import { newJobId } from '../common/jobIds';
import { SingleUsePlans } from '../common/singleUsePlans';
import { auditTrail } from '../common/auditTrail';
import { limitMessage, probeWarnings } from '../common/probeErrors';
import { collectOutput } from '../../transport/execOutput';

export interface HeldReclaimerOptions {
  transportFor(node: string): Transport;
  scan(node: string): Promise<HeldReport>;
  store: StateStore;
  /** Tests shorten these. */
  planTtlMs?: number;
  maxPlans?: number;
  now?: () => number;
}

export const PLAN_TTL_MS = 10 * 60 * 1000;
export const MAX_PLANS = 20;
export const AUDIT_ACTION = 'held.reclaim';
/** Entries listed one by one in an audit row; the rest are counted (a plan may hold 100k fds). */
const AUDIT_LIST_MAX = 1000;

function executorLimits(entries: number): ExecLimits {
  return {
    maxBytes: 16 * 1024 * 1024 + entries * 64,
    // The output limit counts NUL-terminated fields (records of 9, notes of 4), not entries; a few spare.
    maxRecords: executorMaxFields(entries) + 16,
    recordTerminator: 0,
    // Two short processes per entry (about 15 ms on a small VM), with room; a hung /proc read must still end.
    timeoutMs: 60_000 + entries * 50,
    maxStderrBytes: 16 * 1024,
  };
}

export class HeldReclaimer {
  private readonly plans: SingleUsePlans<ReclaimPlan>;
  private readonly now: () => number;

  constructor(private readonly opts: HeldReclaimerOptions) {
    this.now = opts.now ?? Date.now;
    this.plans = new SingleUsePlans('reclaim plan', opts.planTtlMs ?? PLAN_TTL_MS, opts.maxPlans ?? MAX_PLANS, this.now);
  }

  async plan(node: string, pid: number, fds?: number[]): Promise<ReclaimPlan> {
    this.opts.transportFor(node);
    const report = await this.opts.scan(node);
    const plan = buildReclaimPlan({ planId: newJobId('plan'), node, createdAt: this.now(), report, pid, fds });
    this.plans.add(plan.planId, plan, plan.createdAt);
    return plan;
  }

  async reclaim(planId: string): Promise<ReclaimResult> {
    // Taken (marked used) before the first await: two calls with one plan id never both act.
    const plan = this.plans.take(planId);
    const transport = this.opts.transportFor(plan.node);
    const warnings: string[] = [];

    const trail = auditTrail(this.opts.store, plan.node, AUDIT_ACTION, planId);
    trail.write('intent', {
      expectedFreeBytes: plan.expectedFreeBytes,
      entries: plan.entries.slice(0, AUDIT_LIST_MAX).map((e) => ({ pid: e.pid, fd: e.fd, comm: e.comm, unit: e.unit, dev: e.dev, ino: e.ino, path: e.path, allocatedBytes: e.allocatedBytes })),
      moreEntries: Math.max(0, plan.entries.length - AUDIT_LIST_MAX),
      refused: plan.refused.length,
    });

    const mounts = [...new Set(plan.entries.map((e) => e.mount).filter((m): m is string => m !== null))];
    const unmeasured = plan.entries.filter((e) => e.mount === null).length;
    if (unmeasured > 0) warnings.push(`${unmeasured} file${unmeasured === 1 ? '' : 's'} on a filesystem whose mount point is unknown: not in freedBytes`);
    const skipped: ReclaimRefusal[] = [...plan.refused];
    const truncated: ReclaimResult['truncated'] = [];
    const { filesystems, freedBytes } =
      plan.entries.length > 0
        ? await measureFreed(transport, mounts, warnings, () => this.execute(transport, plan.entries, truncated, skipped, warnings))
        : { filesystems: [], freedBytes: 0 };

    trail.write('result', {
      freedBytes,
      filesystems,
      truncated: truncated.length,
      truncatedFds: truncated.slice(0, AUDIT_LIST_MAX).map((t) => ({ pid: t.pid, fd: t.fd, allocatedBytes: t.allocatedBytes })),
      skipped: skipped.slice(0, AUDIT_LIST_MAX).map((s) => ({ pid: s.pid, fd: s.fd, code: s.code, reason: s.reason, ...(s.mapperPid === undefined ? {} : { mapperPid: s.mapperPid }) })),
      moreSkipped: Math.max(0, skipped.length - AUDIT_LIST_MAX),
      warnings,
      auditErrors: trail.errors,
    });

    return {
      planId,
      truncated,
      skipped,
      freedBytes,
      filesystems,
      audited: trail.errors.length === 0,
      auditError: trail.errorText(),
      warnings,
    };
  }

  private async execute(
    transport: Transport,
    entries: ReclaimEntry[],
    truncated: ReclaimResult['truncated'],
    skipped: ReclaimRefusal[],
    warnings: string[],
  ): Promise<void> {
    const handle = transport.exec(probeScripts.truncateHeld, executorInput(entries), executorLimits(entries.length));
    const { output, outcome } = await collectOutput(handle);
    const { records, notes, malformed } = parseTruncateRecords(output);
    const limited = limitMessage(outcome);
    if (limited) warnings.push(`the truncate executor ${limited}`);
    if (malformed > 0) warnings.push(`${malformed} executor records could not be read`);
    for (const w of probeWarnings(outcome, 5)) warnings.push(`executor: ${w}`);
    // Each batch reads every process's maps; one it could not read (another user's, as non-root; a
    // protected pid 1) might map a file: say so once, with the most any batch saw.
    const unreadable = notes.filter((n) => n.what === 'maps-unreadable').sort((a, b) => b.count - a.count)[0];
    if (unreadable) {
      warnings.push(`the mappings of ${unreadable.count} process${unreadable.count === 1 ? '' : 'es'} could not be read (pid ${unreadable.detail}${unreadable.count > 10 ? ', ...' : ''}): a mapping by them could not be ruled out`);
    }

    const byKey = new Map(records.map((r) => [`${r.pid}:${r.fd}`, r]));
    for (const e of entries) {
      const r = byKey.get(`${e.pid}:${e.fd}`);
      if (!r) {
        skipped.push({ pid: e.pid, fd: e.fd, path: e.path, code: 'not-attempted', reason: 'not attempted: the executor stopped before this entry; plan again', unit: null });
      } else if (r.ok) {
        truncated.push({ pid: e.pid, fd: e.fd, path: e.path, allocatedBytes: r.allocatedBytes ?? e.allocatedBytes });
      } else {
        skipped.push(skipRefusal(r, e));
      }
    }
  }
}
