// A data store's tool actions: minted when `stores.list` finds a store (each with an id, kept in memory and
// in the state store for 10 minutes, used once, so `spoolscope stores` and `spoolscope act` can be two
// processes), and run by id: the executor re-checks on the node that the store is the one listed and its
// preconditions still hold, then acts; statvfs before and after; audit rows before and after. A dry run runs
// the same checks and touches nothing.
import type { DataStore, StoresReport } from '../../../shared/dataStoreModels';
import { RpcError } from '../../../shared/rpcResult';
import type { StoreActResult } from '../../../shared/storeActionModels';
import { displayName } from '../../core/common/displayName';
import type { DetectedStore } from '../../core/dataStores/detectedStore';
import type { DirIndex } from '../../core/dataStores/dirIndex';
import { executorFields, fileSkip, parseExecutorOutput, type ExecutorMode, type ExecutorReport } from '../../core/storeActions/actExecutorIO';
import { displayFile, supersededBy, toolActionDrafts } from '../../core/storeActions/mintToolActions';
import { TOOL_ACTION_KINDS, wireAction, type ToolActionSpec } from '../../core/storeActions/toolActionSpec';
import { probeScripts } from '../../probe/probeScripts';
import type { StateStore } from '../../store/stateStore';
import { nulInput, type ExecLimits, type Transport } from '../../transport/transport';
import { auditTrail } from '../common/auditTrail';
import { measureFreed } from '../common/filesystems';
import { newJobId } from '../common/jobIds';
import { limitMessage, probeRefusal, probeWarnings } from '../common/probeErrors';

export const AUDIT_ACTION = 'store.act';
export const ACTION_TTL_MS = 10 * 60 * 1000;
/** Actions kept in the state store, the newest first: a listing of a node with many containers fits. */
export const MAX_SAVED_ACTIONS = 2000;
/** Kept in this process too (a store that refused the write still lets the window run them): the newest. */
const MAX_MEMORY_ACTIONS = 2000;

const SCRIPTS: Record<ToolActionSpec['kind'], string> = {
  'journald-vacuum': probeScripts.storeActJournald,
  'truncate-container-log': probeScripts.storeActTruncate,
  'unlink-core-dumps': probeScripts.storeActCoredump,
  'apt-clean': probeScripts.storeActAptClean,
};

/** A vacuum of thousands of journal files or apt-get clean of a large cache: minutes at most, a few MB out. */
const EXECUTOR_LIMITS: ExecLimits = { maxBytes: 4 * 1024 * 1024, maxRecords: 100_000, recordTerminator: 0, timeoutMs: 5 * 60_000, maxStderrBytes: 16 * 1024 };

export interface StoreActionsOptions {
  transportFor(node: string): Transport;
  store: StateStore;
  now?: () => number;
  ttlMs?: number;
}

export interface ActRequest {
  actionId: string;
  dryRun: boolean;
  /** The typed confirmation; must equal the action's confirm text where it has one. */
  confirm?: string | null;
}

function isSpec(v: unknown): v is ToolActionSpec {
  const s = v as Partial<ToolActionSpec> | null;
  return !!s && typeof s.actionId === 'string' && typeof s.node === 'string' && TOOL_ACTION_KINDS.includes(s.kind as ToolActionSpec['kind']) && typeof s.dir?.path === 'string';
}

export class StoreActions {
  private readonly now: () => number;
  private readonly ttl: number;
  /** This process's own actions, by id: the newest first out when full. */
  private readonly memory = new Map<string, { spec: ToolActionSpec; used: boolean }>();

  constructor(private readonly opts: StoreActionsOptions) {
    this.now = opts.now ?? Date.now;
    this.ttl = opts.ttlMs ?? ACTION_TTL_MS;
  }

  /**
   * Mints the tool actions of every store a listing found, puts them first in each store's actions (dropping
   * the operator's copy of the same command) and keeps them. `detected[i]` is `report.stores[i]`.
   */
  mint(report: StoresReport, detected: readonly DetectedStore[], index: DirIndex): ToolActionSpec[] {
    const createdAt = this.now();
    const specs: ToolActionSpec[] = [];
    detected.forEach((d, i) => {
      const shown: DataStore | undefined = report.stores[i];
      if (!shown || shown.kind !== d.kind) return;
      const drafts = toolActionDrafts(d, index, shown);
      if (drafts.length === 0) return;
      const minted = drafts.map((draft) => ({ ...draft, actionId: newJobId('act'), node: report.node, createdAt, expiresAt: createdAt + this.ttl }) as ToolActionSpec);
      shown.actions = [...minted.map(wireAction), ...shown.actions.filter((a) => !minted.some((m) => supersededBy(m.kind, a)))];
      specs.push(...minted);
    });
    for (const spec of specs) this.memory.set(spec.actionId, { spec, used: false });
    for (const id of this.memory.keys()) {
      if (this.memory.size <= MAX_MEMORY_ACTIONS) break;
      this.memory.delete(id);
    }
    const notSaved = this.save(specs);
    if (notSaved) {
      report.actionsNotSaved = notSaved;
      report.warnings.push(`the tool actions could not be saved in the state store (${notSaved}): only this window or serve can run them; spoolscope act cannot find their ids`);
    }
    return specs;
  }

  private save(specs: readonly ToolActionSpec[]): string | null {
    if (specs.length === 0) return null;
    const { store } = this.opts;
    if (store.temporaryNotice !== null) return 'this run\'s state store is a temporary one, removed when the run ends';
    try {
      store.storeActions.save(
        specs.map((s) => ({ actionId: s.actionId, node: s.node, createdAt: s.createdAt, expiresAt: s.expiresAt, body: JSON.stringify(s) })),
        MAX_SAVED_ACTIONS,
      );
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  /** The action by id, claimed (marked used) unless `peek`; an RpcError says why it cannot be used. */
  private lookup(actionId: string, peek: boolean): ToolActionSpec {
    const mine = this.memory.get(actionId);
    const now = this.now();
    const refuse = (why: 'used' | 'expired') =>
      new RpcError('bad_request', why === 'used' ? `tool action ${actionId} was already used: run spoolscope stores again for a new one` : `tool action ${actionId} expired (actions last ${Math.round(this.ttl / 60_000)} minutes): run spoolscope stores again`);
    if (mine) {
      if (mine.used) throw refuse('used');
      if (now > mine.spec.expiresAt) throw refuse('expired');
    }
    let found;
    try {
      found = peek ? this.opts.store.storeActions.peek(actionId, now) : this.opts.store.storeActions.take(actionId, now);
    } catch (err) {
      // A full disk must not block the action that frees it: this process's own copy is enough.
      if (!mine) throw err;
      found = { body: JSON.stringify(mine.spec) };
    }
    if ('missing' in found) {
      if (found.missing !== 'not_found') throw refuse(found.missing);
      // Minted here but never saved (the store refused it): memory is the only copy.
      if (!mine) throw new RpcError('not_found', `no tool action ${actionId} (ids come from spoolscope stores and last ${Math.round(this.ttl / 60_000)} minutes)`);
      found = { body: JSON.stringify(mine.spec) };
    }
    if (!peek && mine) mine.used = true;
    let spec: unknown;
    try {
      spec = JSON.parse(found.body);
    } catch {
      spec = null;
    }
    if (!isSpec(spec)) throw new RpcError('internal', `tool action ${actionId} is unreadable in the state store: run spoolscope stores again`);
    return spec;
  }

  private async runExecutor(transport: Transport, spec: ToolActionSpec, mode: ExecutorMode, warnings: string[]): Promise<ExecutorReport> {
    const input = nulInput(executorFields(spec, mode).map((f) => Buffer.from(f, 'latin1')));
    const handle = transport.exec(SCRIPTS[spec.kind], input, EXECUTOR_LIMITS);
    const chunks: Buffer[] = [];
    for await (const c of handle.stdout) chunks.push(c);
    const outcome = await handle.outcome;
    const refusal = probeRefusal(outcome);
    if (refusal) throw new RpcError('internal', `the ${spec.kind} executor refused its input (${refusal})`);
    const limited = limitMessage(outcome);
    if (limited) warnings.push(`the ${spec.kind} executor ${limited}`);
    for (const w of probeWarnings(outcome, 5)) warnings.push(`executor: ${w}`);
    const report = parseExecutorOutput(Buffer.concat(chunks), spec.kind);
    if (report.malformed > 0) warnings.push(`${report.malformed} executor records could not be read`);
    if (!report.refusal && !report.checked && report.exitCode === null && report.truncatedBlocks === null) {
      report.refusal = { code: 'failed', reason: `the executor ended without an answer (exit ${outcome.exitCode ?? outcome.signal})${limited ? `: ${limited}` : ''}`, pid: null, comm: null };
    }
    return report;
  }

  async act(req: ActRequest): Promise<StoreActResult> {
    // A dry run or a refused confirmation does not use the id up: only a run does, before its first await.
    const peeked = this.lookup(req.actionId, true);
    const base = (spec: ToolActionSpec): StoreActResult => ({
      actionId: spec.actionId,
      node: spec.node,
      kind: spec.kind,
      storeKind: spec.storeKind,
      path: displayName(spec.dir.path),
      command: spec.command,
      dryRun: req.dryRun,
      refused: null,
      removed: [],
      skipped: [],
      freedBytes: 0,
      expectedFreeBytes: spec.expectedFreeBytes,
      filesystems: [],
      output: '',
      exitCode: null,
      audited: true,
      auditError: null,
      warnings: [],
    });
    const confirm = req.confirm ?? null;
    if (peeked.confirm !== null && (confirm !== null || !req.dryRun) && confirm !== peeked.confirm) {
      const result = base(peeked);
      result.refused = {
        code: 'confirm-mismatch',
        reason: confirm === null ? `this action needs --confirm ${peeked.confirm} (the container's name, typed)` : `--confirm must be the container's name, ${peeked.confirm}; got ${JSON.stringify(confirm)}`,
        pid: null,
        comm: null,
      };
      return result;
    }
    const transport = this.opts.transportFor(peeked.node);
    if (req.dryRun) return this.check(transport, peeked, base(peeked));
    const spec = this.lookup(req.actionId, false);
    return this.run(transport, spec, base(spec));
  }

  private async check(transport: Transport, spec: ToolActionSpec, result: StoreActResult): Promise<StoreActResult> {
    const report = await this.runExecutor(transport, spec, 'check', result.warnings);
    this.fill(spec, report, result, 'check');
    if (spec.confirm !== null && result.refused === null) result.warnings.push(`running it needs --confirm ${spec.confirm}`);
    return result;
  }

  private async run(transport: Transport, spec: ToolActionSpec, result: StoreActResult): Promise<StoreActResult> {
    const trail = auditTrail(this.opts.store, spec.node, AUDIT_ACTION, spec.actionId);
    trail.write('intent', { kind: spec.kind, storeKind: spec.storeKind, path: result.path, command: spec.command, expectedFreeBytes: spec.expectedFreeBytes, files: spec.kind === 'unlink-core-dumps' ? spec.files.length : undefined });
    // The checks first, touching nothing: a refusal is then not measured as if it had acted.
    const checked = await this.runExecutor(transport, spec, 'check', result.warnings);
    if (checked.refusal || !checked.mount) {
      this.fill(spec, checked, result, 'check');
      if (!result.refused) result.refused = { code: 'failed', reason: 'the filesystem of the store could not be named: freed bytes could not be measured, so nothing was run', pid: null, comm: null };
    } else {
      let report: ExecutorReport | null = null;
      const measured = await measureFreed(transport, [checked.mount], result.warnings, async () => {
        report = await this.runExecutor(transport, spec, 'run', result.warnings);
      });
      this.fill(spec, report!, result, 'run');
      result.filesystems = measured.filesystems;
      result.freedBytes = measured.freedBytes;
    }
    trail.write('result', {
      freedBytes: result.freedBytes,
      expectedFreeBytes: spec.expectedFreeBytes,
      filesystems: result.filesystems,
      refused: result.refused,
      exitCode: result.exitCode,
      removed: result.removed.length,
      skipped: result.skipped.slice(0, 100),
      output: result.output.slice(-4096),
      warnings: result.warnings,
      auditErrors: trail.errors,
    });
    result.audited = trail.errors.length === 0;
    result.auditError = trail.errorText();
    return result;
  }

  /** Puts an executor's answer into the result. */
  private fill(spec: ToolActionSpec, report: ExecutorReport, result: StoreActResult, mode: ExecutorMode): void {
    result.output = report.output;
    result.exitCode = report.exitCode;
    if (report.refusal) {
      result.refused = report.refusal;
      return;
    }
    if (spec.kind === 'unlink-core-dumps') {
      let would = 0;
      for (const f of report.files) {
        const path = displayFile(spec.dir.path, f.name);
        if (!f.ok) result.skipped.push(fileSkip(path, f.code));
        else if (mode === 'run') result.removed.push(path);
        else would++;
      }
      if (mode === 'check') result.warnings.push(`dry run: ${would} of the ${spec.files.length} core file${spec.files.length === 1 ? '' : 's'} listed would be removed now`);
      return;
    }
    if (spec.kind === 'truncate-container-log') {
      const w = report.writers.map((x) => `pid ${x.pid} (${x.comm}) ${x.append ? 'appends (O_APPEND)' : 'writes without O_APPEND'}`);
      if (w.length > 0) result.warnings.push(`writers of the log: ${w.join(', ')}`);
      else result.warnings.push('no process has the log open for writing');
      return;
    }
    if (mode === 'run' && report.exitCode !== null && report.exitCode !== 0) {
      result.refused = { code: 'failed', reason: `${spec.kind === 'apt-clean' ? 'apt-get' : 'journalctl'} exited ${report.exitCode}: ${report.output.trim().split('\n').slice(-3).join(' / ')}`, pid: null, comm: null };
    }
  }
}
