// Reaping partitions: a plan from fresh facts read on the node, kept here so execution takes only its id;
// the executor re-checks every file's identity just before unlinking it; statvfs before and after; audit
// rows before and after. Works on a full disk: nothing here or on the node needs free space to proceed.
import type { ReapPlan, ReapPolicy, ReapProgress, ReapResult, ReapSkip } from '../../../shared/reapModels';
import { RpcError } from '../../../shared/rpcResult';
import { displayName } from '../../core/common/displayName';
import { ENTRIES_PER_BATCH, executorInput, executorStepsOf, seenCode, UnlinkRecordParser, unlinkSkip, type ExecutorStep } from '../../core/reap/reapExecutorIO';
import type { StepsReader } from '../../core/reap/reapStepsCodec';
import { ReapFactsParser, reapFactsArgs, type FactEntry, type ReapFacts } from '../../core/reap/reapFacts';
import { buildReapPlan, type InternalReapPlan, type ScanReference } from '../../core/reap/reapPlan';
import { isInsideRoot } from '../../core/common/rootScope';
import { probeScripts } from '../../probe/probeScripts';
import type { StateStore } from '../../store/stateStore';
import { isDiskFullError } from '../../store/db';
import { normalizeRootPath } from '../../../shared/rootPath';
import { nulInput, type ExecLimits, type Transport } from '../../transport/transport';
import { auditTrail } from '../common/auditTrail';
import { measureFreed } from '../common/filesystems';
import { newJobId } from '../common/jobIds';
import { limitMessage, probeRefusal, probeWarnings } from '../common/probeErrors';
import { SingleUsePlans } from '../common/singleUsePlans';
import { formatBytes } from '../../../shared/formatBytes';
import { packPlan, unpackPlan, type PlanHeader } from './reapPlanPacking';
import { storeHoldersNow, storesAroundRoot } from '../dataStores/reapStoreChecks';

export const AUDIT_ACTION = 'reap';
export const PLAN_TTL_MS = 10 * 60 * 1000;
export const MAX_PLANS = 20;
/** Configured roots sent to the facts probe, in bytes: its one command line (xargs -s 1048576) must hold them. */
const MAX_ROOTS_BYTES = 900_000;
/**
 * Plans kept in the state store for another process (spoolscope reap): few and bounded, inside the store's
 * cap. The store rather than a plan file beside it: the claim stays one atomic UPDATE across processes, and a
 * plan written on a full disk gets the store's rescue (its reserve freed, history dropped) instead of being
 * one more file that fails to be written, or half written, exactly when a reap is needed. Packed, a
 * million-file plan is a few MB.
 */
const MAX_SAVED_PLANS = 5;
/** One packed plan at most this share of the store's byte cap, all kept plans together at most twice that. */
const SAVED_PLAN_SHARE = 1 / 4;
/**
 * Steps per executor run: a plan of any size is executed in runs of this many (256 batches), so its stdin
 * (about 100 bytes a step) and the step objects held stay bounded; each run re-checks the root as every batch
 * does.
 */
export const STEPS_PER_RUN = ENTRIES_PER_BATCH * 256;
/** Progress snapshots at most this often: latest wins. */
const PROGRESS_INTERVAL_MS = 150;
/** Partitions and skips listed one by one in an audit row; the rest are counted. */
const AUDIT_LIST_MAX = 1000;

/** Whole-root listings: a root past 4M entries is refused rather than planned from a partial list. */
export const FACTS_LIMITS: ExecLimits = {
  maxBytes: 1024 * 1024 * 1024,
  maxRecords: 4_000_000,
  recordTerminator: 0,
  timeoutMs: 10 * 60_000,
  maxStderrBytes: 16 * 1024,
};

function executorLimits(steps: number): ExecLimits {
  return {
    maxBytes: 1024 * 1024 + steps * 200,
    maxRecords: steps * 16 + 10,
    recordTerminator: 0,
    // About two short processes per file; a hung filesystem must still end it.
    timeoutMs: 120_000 + steps * 100,
    maxStderrBytes: 16 * 1024,
  };
}

export interface ReapPlanRequest {
  node: string;
  root: string;
  /** Omit to use the root's saved policy. */
  policy?: ReapPolicy;
  /** Partitions picked by hand (relative paths as the scan shows them). */
  partitions?: string[];
  /** The scan those were picked on: partitions written to since are skipped. */
  scanJobId?: string;
}

export interface ReaperOptions {
  transportFor(node: string): Transport;
  store: StateStore;
  onProgress(p: ReapProgress): void;
  /** The partitions of a finished scan job, to judge "changed since the scan". */
  scanReference(jobId: string): ScanReference | null;
  planTtlMs?: number;
  maxPlans?: number;
  now?: () => number;
  /** Look for data stores under and around the root (issue 15); default true. */
  lookForStores?: boolean;
}

export class Reaper {
  /** Packed (reapPlanPacking.ts) here too: twenty kept plans of a million files each must not be 20 GB of objects. */
  private readonly plans: SingleUsePlans<Buffer>;
  private readonly now: () => number;
  private readonly ttl: number;

  constructor(private readonly opts: ReaperOptions) {
    this.now = opts.now ?? Date.now;
    this.ttl = opts.planTtlMs ?? PLAN_TTL_MS;
    this.plans = new SingleUsePlans('reap plan', this.ttl, opts.maxPlans ?? MAX_PLANS, this.now);
  }

  /**
   * The plan, claimed for this execution: from memory when this process made it, else from the state store
   * (a CLI `plan` in another process). Either way the store's row is claimed too, so no two processes run it.
   */
  private take(planId: string, warnings: string[]): Buffer {
    let mine: Buffer | null = null;
    try {
      mine = this.plans.take(planId);
    } catch (err) {
      if (!(err instanceof RpcError) || err.code !== 'not_found') throw err;
    }
    let claimed: ReturnType<StateStore['reapPlans']['take']>;
    try {
      claimed = this.opts.store.reapPlans.take(planId, this.now());
    } catch (err) {
      if (!mine || !isDiskFullError(err)) throw err;
      // A full disk must not block the reap that frees it; re-running a plan only finds its files gone.
      warnings.push(`could not mark plan ${planId} used in the state store (the disk is full)`);
      return mine;
    }
    if ('packed' in claimed) return mine ?? claimed.packed;
    if (claimed.missing === 'executed') throw new RpcError('bad_request', `reap plan ${planId} was already executed: plan again`);
    if (claimed.missing === 'expired') throw new RpcError('bad_request', `reap plan ${planId} expired: plan again`);
    // Made here but not saved (the store was full at plan time): memory is the only copy.
    if (mine) return mine;
    throw this.plans.notFound(planId);
  }

  /** Trust on first use: the configured roots this plan saw with no identity recorded keep the one seen now. */
  private recordFirstSeen(node: string, seen: InternalReapPlan['firstSeenRoots'], warnings: string[]): void {
    for (const { root, identity } of seen) {
      try {
        this.opts.store.roots.recordIdentity(node, root, identity);
      } catch (err) {
        warnings.push(`the identity of the configured root ${root} could not be recorded (${err instanceof Error ? err.message : String(err)}): the next plan trusts it again as it is then`);
      }
    }
  }

  /** Keeps the plan for another process; why not when it cannot be (then only this process can execute it). */
  private save(node: string, plan: ReapPlan, packed: Buffer): string | null {
    const { store } = this.opts;
    if (store.temporaryNotice !== null) {
      return 'this run\'s state store is a temporary one (its data directory refuses writes), removed when the run ends: no other process can pick the plan up';
    }
    const perPlan = Math.floor(store.maxBytes * SAVED_PLAN_SHARE);
    if (packed.length > perPlan) {
      return `it is ${formatBytes(packed.length)} packed, over the ${formatBytes(perPlan)} the state store keeps for one plan (a quarter of its ${formatBytes(store.maxBytes)} cap)`;
    }
    try {
      store.reapPlans.save({ planId: plan.planId, node, createdAt: plan.createdAt, expiresAt: plan.createdAt + this.ttl, packed }, { plans: MAX_SAVED_PLANS, bytes: 2 * perPlan });
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  /** Facts read fresh on the node; the configured roots go with the root, to be resolved in the same run. */
  private async readFacts(transport: Transport, root: string, configuredRoots: readonly string[]): Promise<ReapFacts> {
    const args = reapFactsArgs(root, configuredRoots);
    if (args.reduce((n, a) => n + Buffer.byteLength(a) + 1, 0) > MAX_ROOTS_BYTES) {
      throw new RpcError('limit', `${transport.nodeName} has too many configured roots to check a reap's scope against (over ${MAX_ROOTS_BYTES} bytes of paths): remove some`);
    }
    // Parsed as it arrives: a million entries are never one buffer and one string of all of them.
    const handle = transport.exec(probeScripts.reapFacts, nulInput(args), FACTS_LIMITS);
    const parser = new ReapFactsParser();
    for await (const chunk of handle.stdout) parser.push(chunk);
    const outcome = await handle.outcome;
    if (/^spoolscope-error: no-mount-id/m.test(outcome.stderr)) {
      // Without mount ids a bind mount of the same filesystem cannot be told apart: no plan rather than a blind one.
      throw new RpcError('io_error', `cannot plan a reap on ${transport.nodeName}: its kernel does not report mount ids (/proc/PID/fdinfo mnt_id, Linux 3.15 or later), without which a bind mount inside the root cannot be seen`);
    }
    const refusal = probeRefusal(outcome);
    if (refusal) throw new RpcError('bad_request', `cannot plan a reap of ${root} on ${transport.nodeName}: it ${refusal}`);
    const limited = limitMessage(outcome);
    // A partial listing could miss a partition's newest file or a writer: never plan from one.
    if (limited) throw new RpcError('limit', `the listing of ${root} ${limited}; no plan made. Pick a root deeper down (fewer entries)`);
    const facts = parser.end();
    if (!facts.root) {
      throw new RpcError('io_error', `cannot plan a reap of ${root} on ${transport.nodeName}: ${probeWarnings(outcome, 1)[0] ?? `the facts probe exited ${outcome.exitCode}`}`);
    }
    return facts;
  }

  async plan(req: ReapPlanRequest): Promise<ReapPlan> {
    const root = normalizeRootPath(req.root);
    if (root === '/') throw new RpcError('bad_request', 'refusing to reap under "/": configure the log root itself (e.g. /var/log/app)');
    const transport = this.opts.transportFor(req.node);
    // Destructive scope is what the operator configured: a caller naming any other directory gets nothing.
    const roots = this.opts.store.roots.list(req.node).map((r) => r.path);
    if (!roots.some((r) => isInsideRoot(root, r))) {
      throw new RpcError('forbidden', `${root} is not under a configured root of ${req.node} (${roots.join(', ') || 'none'}): add it as a root first; partitions are only ever reaped under configured roots`);
    }
    const policy = req.policy ?? this.opts.store.reapPolicies.get(req.node, root);
    const scan = req.scanJobId ? this.opts.scanReference(req.scanJobId) : null;
    if (req.scanJobId && !scan) throw new RpcError('not_found', `scan ${req.scanJobId} is no longer kept: scan again and pick the partitions there`);
    // Read before the facts: a root recorded meanwhile is judged by the next plan.
    const recordedRoots = roots.map((r) => this.opts.store.roots.identity(req.node, r));
    const facts = await this.readFacts(transport, root, roots);
    // Read after the facts, from the facts' own listing: a store's files are judged by the same entries.
    const around = this.opts.lookForStores === false || facts.declined || !facts.root ? null : await storesAroundRoot(transport, facts);
    const built = buildReapPlan({
      planId: newJobId('reap'),
      node: req.node,
      root,
      configuredRoots: roots,
      recordedRoots,
      createdAt: this.now(),
      facts,
      policy,
      manual: req.partitions && req.partitions.length > 0 ? req.partitions : null,
      scan,
      stores: around?.claims,
    });
    built.plan.warnings.push(...(around?.warnings ?? []));
    this.recordFirstSeen(req.node, built.firstSeenRoots, built.plan.warnings);
    const dirs = new Map<string, FactEntry>();
    for (const e of facts.entries) if (e.type === 'd') dirs.set(e.rel, e);
    const rootEntry: FactEntry = { dev: built.rootDev, ino: built.rootIno, type: 'd', size: 0, blocks: 0, nlink: 1, mtime: 0, rel: '.' };
    const steps = executorStepsOf(built.partitions, (rel) => (rel === '.' ? rootEntry : (dirs.get(rel) ?? null)));
    const storesRaw: Record<string, string> = {};
    for (const c of around?.claims ?? []) if (built.plan.entries.some((e) => e.store === c.path)) storesRaw[c.path] = c.raw;
    const header: PlanHeader = { plan: built.plan, rootRaw: built.rootRaw, rootDev: built.rootDev, rootIno: built.rootIno, rootMountId: built.rootMountId, storesRaw };
    const packed = packPlan(header, steps);
    this.plans.add(built.plan.planId, packed, built.plan.createdAt);
    const notSaved = this.save(req.node, built.plan, packed);
    if (notSaved !== null) {
      // Still usable from this process (the window, serve): only another process cannot pick it up.
      built.plan.notSaved = notSaved;
      built.plan.warnings.push(`the plan could not be saved in the state store (${notSaved}): only the window or serve that made it can execute it; spoolscope reap PLANID cannot find it`);
    }
    return built.plan;
  }

  async execute(planId: string, confirm?: string): Promise<ReapResult> {
    const warnings: string[] = [];
    // Taken (marked used) before the first await: two calls with one plan id never both act.
    const { header, steps } = unpackPlan(this.take(planId, warnings));
    const { plan } = header;
    if (plan.confirm && confirm !== plan.confirm.text) {
      throw new RpcError('bad_request', `reap plan ${planId} removes units of a stopped data store and needs its typed confirmation (${confirm === undefined ? 'none was given' : 'the text typed differs'}): ${plan.confirm.prompt} Plan again, then confirm with exactly: ${plan.confirm.text}`);
    }
    const transport = this.opts.transportFor(plan.node);
    const storeSkipped = await this.storesBecameActive(transport, header, warnings);
    const trail = auditTrail(this.opts.store, plan.node, AUDIT_ACTION, planId);
    trail.write('intent', {
      root: plan.root,
      policy: plan.policy,
      manual: plan.manual,
      expectedFreeBytes: plan.expectedFreeBytes,
      partitions: plan.entries.slice(0, AUDIT_LIST_MAX).map((e) => ({ path: e.path, files: e.files.length + e.moreFiles, allocatedBytes: e.allocatedBytes, newestMtime: e.newestMtime })),
      morePartitions: Math.max(0, plan.entries.length - AUDIT_LIST_MAX),
      skipped: plan.skipped.length,
    });

    const mounts = plan.filesystem ? [plan.filesystem.mount] : [];
    if (!plan.filesystem) warnings.push('the root\'s filesystem could not be identified: freed bytes not measured');
    const removed: ReapResult['removed'] = [];
    const skipped: ReapSkip[] = [...storeSkipped.skips];
    const failedPartitions = new Set<string>(storeSkipped.partitions);
    const { filesystems, freedBytes } =
      steps.total > 0
        ? await measureFreed(transport, mounts, warnings, () => this.run(transport, header, steps, removed, skipped, failedPartitions, warnings, storeSkipped.partitions))
        : { filesystems: [], freedBytes: 0 };
    const removedPartitions = plan.entries.map((e) => e.path).filter((p) => !failedPartitions.has(p));

    trail.write('result', {
      freedBytes,
      expectedFreeBytes: plan.expectedFreeBytes,
      filesystems,
      removedFiles: removed.length,
      removedPartitions: removedPartitions.slice(0, AUDIT_LIST_MAX),
      skipped: skipped.slice(0, AUDIT_LIST_MAX).map((s) => ({ path: s.path, code: s.code, reason: s.reason })),
      moreSkipped: Math.max(0, skipped.length - AUDIT_LIST_MAX),
      warnings,
      auditErrors: trail.errors,
    });
    return {
      planId,
      removed,
      removedPartitions,
      skipped,
      freedBytes,
      expectedFreeBytes: plan.expectedFreeBytes,
      filesystems,
      audited: trail.errors.length === 0,
      auditError: trail.errorText(),
      warnings,
    };
  }

  /**
   * A stopped store the plan takes units of, held again by a process (or no longer readable): its units are
   * skipped store-active, whole, before the executor starts. The executor's own per-batch sweep still covers
   * a writer or lock on a planned file after this.
   */
  private async storesBecameActive(transport: Transport, header: PlanHeader, warnings: string[]): Promise<{ skips: ReapSkip[]; partitions: Set<string> }> {
    const skips: ReapSkip[] = [];
    const partitions = new Set<string>();
    for (const [path, raw] of Object.entries(header.storesRaw ?? {})) {
      const now = await storeHoldersNow(transport, raw);
      const holder = 'holders' in now ? now.holders[0] : undefined;
      if ('holders' in now && !holder) continue;
      const reason =
        'error' in now
          ? `whether a process holds the data store ${path} now could not be read (${now.error}): its units are kept`
          : `the data store ${path} is in use since the plan (pid ${holder!.pid} (${holder!.comm}) holds a file or lock in it): its units go only while it is stopped`;
      if ('error' in now) warnings.push(reason);
      for (const e of header.plan.entries) {
        if (e.store !== path) continue;
        partitions.add(e.path);
        skips.push({ path: e.path, code: 'store-active', reason, pid: holder?.pid ?? null, comm: holder?.comm ?? null, store: path });
      }
    }
    return { skips, partitions };
  }

  /** Executes the steps in runs of STEPS_PER_RUN, in order; a run stopped by a limit leaves the rest unattempted. */
  private async run(
    transport: Transport,
    header: PlanHeader,
    reader: StepsReader,
    removed: ReapResult['removed'],
    skipped: ReapSkip[],
    failedPartitions: Set<string>,
    warnings: string[],
    skipPartitions: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const { plan } = header;
    const root = { raw: header.rootRaw, dev: header.rootDev, ino: header.rootIno, mountId: header.rootMountId };
    const unitsTotal = reader.total;
    // One display name per partition, not one per file.
    const partitionNames = new Map<string, string>();
    const partitionName = (key: string) => {
      let name = partitionNames.get(key);
      if (name === undefined) partitionNames.set(key, (name = displayName(key)));
      return name;
    };
    const said = new Set<string>();
    const warn = (w: string) => {
      if (!said.has(w)) warnings.push(w);
      said.add(w);
    };
    let unitsDone = 0;
    let lastEmit = 0;
    let malformed = 0;
    let stopped = false;
    const emit = (state: ReapProgress['state']) => {
      const t = this.now();
      if (state === 'running' && t - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = t;
      this.opts.onProgress({ planId: plan.planId, state, unitsDone, unitsTotal, removedFiles: removed.length, skippedFiles: skipped.length });
    };
    const record = (step: ExecutorStep, slot: number, ok: boolean, code: string) => {
      const member = step.members[slot];
      if (!member) return;
      const partition = partitionName(step.partition);
      if (ok) {
        if (step.kind === 'f') removed.push({ path: displayName(member.rel), partition, allocatedBytes: member.blocks * 512 });
        return;
      }
      // An empty directory left because something in it stayed is already explained by that file.
      if (step.kind === 'd' && code === 'not-empty' && failedPartitions.has(partition)) return;
      failedPartitions.add(partition);
      skipped.push({ path: displayName(member.rel), ...unlinkSkip(code) });
    };
    const notAttempted = (steps: readonly ExecutorStep[], answered: Uint8Array | null) => {
      steps.forEach((step, i) => {
        step.members.forEach((m, slot) => {
          if (answered?.[i * 4 + slot]) return;
          failedPartitions.add(partitionName(step.partition));
          skipped.push({ path: displayName(m.rel), code: 'failed', reason: 'not attempted: the executor stopped before this entry; plan again', pid: null, comm: null });
        });
      });
    };
    emit('running');
    while (reader.remaining > 0) {
      const read = reader.next(STEPS_PER_RUN);
      // A store found active again: its partitions' steps never reach the executor (already reported).
      const steps = skipPartitions.size > 0 ? read.filter((s) => !skipPartitions.has(partitionName(s.partition))) : read;
      if (skipPartitions.size > 0) unitsDone += new Set(read.filter((s) => !steps.includes(s)).map((s) => s.seq)).size;
      if (steps.length === 0) continue;
      if (stopped) {
        notAttempted(steps, null);
        continue;
      }
      // Which members the executor answered for, by (position of its seq) * 4 + slot: a byte each, not a string key.
      const position = new Map<number, number>();
      steps.forEach((s, i) => position.set(s.seq, i));
      const answered = new Uint8Array(steps.length * 4);
      const handle = transport.exec(probeScripts.reapUnlink, executorInput(root, steps), executorLimits(steps.length));
      const parser = new UnlinkRecordParser();
      for await (const chunk of handle.stdout) {
        for (const r of parser.push(chunk)) {
          const i = position.get(r.seq) ?? -1;
          const step = steps[i];
          const member = step?.members[r.slot];
          if (!step || step.seq !== r.seq || !member || answered[i * 4 + r.slot]) continue;
          answered[i * 4 + r.slot] = 1;
          // "checked" closes a batch: an entry that find did not report had vanished. "seen": its identity
          // test failed, and the code is what was found there instead.
          const code = r.status === 'checked' ? 'gone' : r.status === 'seen' ? seenCode(r.code, member) : r.code;
          record(step, r.slot, r.status === 'ok', code);
          if (r.slot === step.members.length - 1) unitsDone++;
        }
        emit('running');
      }
      const outcome = await handle.outcome;
      malformed += parser.malformed;
      const limited = limitMessage(outcome);
      if (limited) {
        warn(`the unlink executor ${limited}`);
        stopped = true;
      }
      for (const w of probeWarnings(outcome, 5)) warn(`executor: ${w}`);
      notAttempted(steps, answered);
    }
    if (malformed > 0) warnings.push(`${malformed} executor records could not be read`);
    emit('done');
  }
}
