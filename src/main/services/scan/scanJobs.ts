// Scan jobs: run the scan probe on a node, feed the tree, publish coalesced progress snapshots.
// A cancelled or limited scan keeps its partial tree.
import type { ImportedScan, PartitionSummary, ScanProgress, ScanSummary, WireTreeNode } from '../../../shared/models';
import { RpcError } from '../../../shared/rpcResult';
import { ScanRecordParser, type ParserStats } from '../../core/scan/scanRecordParser';
import { ScanTree } from '../../core/scan/scanTree';
import { collectPartitions, oldestPartitionMtime, summarize } from '../../core/scan/partitionList';
import { toWireTree } from '../../core/scan/wireTree';
import { scanLanes } from '../../core/scan/scanLanes';
import { LANE_BATCH_MAX, LaneQueue } from '../../core/scan/laneQueue';
import { historyEntriesOf, type HistoryEntries } from '../../core/history/historyEntries';
import { probeScripts } from '../../probe/probeScripts';
import { lengthFramed, nulInput, type ExecInput, type ExecLimits, type ExecOutcome, type Transport } from '../../transport/transport';
import { newJobId } from '../common/jobIds';
import { laneRefusal, laneUnavailable, limitMessage, probeRefusal, probeWarnings } from '../common/probeErrors';

export const SCAN_LIMITS: ExecLimits = {
  maxBytes: 4 * 1024 * 1024 * 1024,
  // The tree costs ~120 bytes a record; 10M records stays near 1.2 GB, the most we allow one scan.
  maxRecords: 10_000_000,
  recordTerminator: 0,
  timeoutMs: 30 * 60_000,
  maxStderrBytes: 32 * 1024,
};
/** Snapshots at most this often, whatever the file rate: latest wins. */
export const PROGRESS_INTERVAL_MS = 150;
/** Finished jobs kept in memory; the oldest is dropped past this. */
export const MAX_KEPT_JOBS = 8;
export const PARTITION_LIST_LIMIT = 500;
/** Depth of the root pass (the first lane's first batch); the directories found at this depth are scanned in lanes. */
export const SHALLOW_DEPTH = 2;

/**
 * One batch of a scan-lane stream's stdin, length-framed: the root and the start directories (already
 * "./<path>"), each NUL-terminated.
 */
export function laneBatchInput(root: string, starts: readonly Buffer[]): Buffer {
  if (starts.length === 0 || starts.length > LANE_BATCH_MAX) throw new RangeError(`a lane batch holds 1 to ${LANE_BATCH_MAX} directories, not ${starts.length}`);
  return lengthFramed(nulInput([root, ...starts]));
}

/** The first lane's first batch: the root pass, "root " and then the root and SHALLOW_DEPTH, framed alike. */
export function rootPassInput(root: string): Buffer {
  return Buffer.concat([ROOT_PASS_HEADER, lengthFramed(nulInput([root, String(SHALLOW_DEPTH)]))]);
}
const ROOT_PASS_HEADER = Buffer.from('root ', 'latin1');

type StreamResult = { outcome: ExecOutcome; truncated: boolean; stats: ParserStats };
interface ScanJob {
  id: string;
  node: string;
  root: string;
  tree: ScanTree;
  /** One parser per probe stream; their stats add up. */
  parsers: ScanRecordParser[];
  startedAt: number;
  endedAt: number | null;
  state: ScanProgress['state'];
  partial: boolean;
  errors: string[];
  message: string | null;
  abort: AbortController;
  done: Promise<void>;
  /** Set for a scan read from an ncdu export. */
  imported?: ImportedScan;
  /** Made on first ask once the job has ended. */
  summary?: ScanSummary;
}

export interface ScanJobsOptions {
  transportFor(node: string): Transport;
  onProgress(p: ScanProgress): void;
  now?: () => number;
  limits?: ExecLimits;
}

export class ScanJobs {
  private readonly jobs = new Map<string, ScanJob>();
  private readonly now: () => number;

  constructor(private readonly opts: ScanJobsOptions) {
    this.now = opts.now ?? Date.now;
  }

  start(node: string, root: string): string {
    const job = this.keep({ node, root, tree: new ScanTree(), startedAt: this.now(), endedAt: null, state: 'running', partial: false, errors: [] });
    job.done = this.run(job);
    return job.id;
  }

  /**
   * A scan made elsewhere (an ncdu export) whose tree is already filled: kept as a finished job, so its
   * summary, tree and history read as a live scan's.
   */
  adopt(node: string, root: string, tree: ScanTree, opts: { partial: boolean; errors: string[]; imported: ImportedScan }): string {
    const at = this.now();
    return this.keep({ node, root, tree, startedAt: at, endedAt: at, state: 'done', partial: opts.partial, errors: opts.errors, imported: opts.imported }).id;
  }

  /** A new job in the table, under a new id; the oldest finished ones make room. */
  private keep(fields: Pick<ScanJob, 'node' | 'root' | 'tree' | 'startedAt' | 'endedAt' | 'state' | 'partial' | 'errors' | 'imported'>): ScanJob {
    const job: ScanJob = { id: newJobId('scan'), parsers: [], message: null, abort: new AbortController(), done: Promise.resolve(), ...fields };
    this.jobs.set(job.id, job);
    this.evictOld();
    return job;
  }

  private evictOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.state !== 'running');
    while (this.jobs.size > MAX_KEPT_JOBS && finished.length > 0) this.jobs.delete(finished.shift()!.id);
  }

  /** Runs one probe stream into the job's tree with its own parser; a lane stream's own records go to `lane`. */
  private async stream(
    job: ScanJob,
    script: string,
    stdin: ExecInput,
    limits: ExecLimits,
    emit: () => void,
    lane?: { onBatchEnd(): void; onCores(cores: number): void },
  ): Promise<StreamResult> {
    const parser = new ScanRecordParser((rec) => job.tree.add(rec), lane?.onBatchEnd, lane?.onCores);
    job.parsers.push(parser);
    const handle = this.opts.transportFor(job.node).exec(script, stdin, limits, job.abort.signal);
    // Lanes run side by side, each with what was left of the record limit when it started: the limit is the
    // whole scan's, so a stream stops once all of them together reach it.
    let overLimit = false;
    for await (const chunk of handle.stdout) {
      parser.push(chunk);
      emit();
      if (this.records(job) >= (this.opts.limits ?? SCAN_LIMITS).maxRecords) {
        overLimit = true;
        break;
      }
    }
    const truncated = parser.end();
    const outcome = await handle.outcome;
    // Stopped by us, not by a cancel: what it did not print is cut by the record limit.
    return { outcome: overLimit && !job.abort.signal.aborted ? { ...outcome, limitHit: 'records' } : outcome, truncated, stats: parser.stats };
  }

  /**
   * One scan-lane stream, fed batch after batch from the shared queue, each once its last one ended: a process
   * (an SSH session, a login rc) per lane, not per batch. The first lane begins with the root pass, whose end
   * `afterRootPass` is told; it returns false when there is nothing to hand out. `lost` counts directories sent
   * to a lane that ended before their batch did.
   */
  private async lane(
    job: ScanJob,
    queue: { current: LaneQueue<Buffer> | null },
    lost: { dirs: number },
    emit: () => void,
    afterRootPass?: (cores: number | null) => boolean,
  ): Promise<StreamResult> {
    const limits = this.opts.limits ?? SCAN_LIMITS;
    /** The batch sent last has ended; cleared when the next one is sent. */
    let endCame = false;
    let wake: (() => void) | null = null;
    let streamEnded = false;
    let cores: number | null = null;
    /** Directories of the batch sent last. */
    let pending = 0;
    const root = job.root;
    /** Waits for the end of the batch just sent: false when the stream ended first. */
    const ended = async (): Promise<boolean> => {
      while (!endCame && !streamEnded) await new Promise<void>((resolve) => (wake = resolve));
      return endCame;
    };
    async function* batches(): AsyncGenerator<Buffer> {
      if (afterRootPass) {
        yield rootPassInput(root);
        if (!(await ended()) || !afterRootPass(cores)) return;
      }
      for (let batch = queue.current?.next(); batch; batch = queue.current?.next()) {
        endCame = false;
        pending = batch.length;
        yield laneBatchInput(root, batch);
        if (!(await ended())) return;
      }
    }
    const budget = Math.max(1, limits.maxRecords - this.records(job));
    const r = await this.stream(job, probeScripts.scanLane, batches(), { ...limits, maxRecords: budget }, emit, {
      onBatchEnd: () => {
        endCame = true;
        (wake as (() => void) | null)?.();
      },
      onCores: (n) => (cores = n >= 1 ? n : null),
    });
    streamEnded = true;
    (wake as (() => void) | null)?.();
    // A batch whose end never came: the lane ended (or was stopped) in it.
    if (!endCame) lost.dirs += pending;
    if (r.outcome.limitHit !== null) queue.current?.clear();
    return r;
  }

  /**
   * The first lane lists the root to SHALLOW_DEPTH (its root pass); the directories found there are then
   * scanned in lanes side by side, one per core of the node (core/scan/scanLanes.ts): find is bound by stat
   * calls on one core.
   */
  private async run(job: ScanJob): Promise<void> {
    let lastEmit = 0;
    const emit = (force: boolean) => {
      const t = this.now();
      if (!force && t - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = t;
      this.opts.onProgress(this.progress(job.id));
    };
    emit(true);
    try {
      const queue: { current: LaneQueue<Buffer> | null } = { current: null };
      const others: Promise<StreamResult>[] = [];
      const lost = { dirs: 0 };
      let rootListed = false;
      let rootPassEnded = false;
      const afterRootPass = (cores: number | null): boolean => {
        rootPassEnded = true;
        // A refused root lists nothing, not even itself.
        rootListed = this.records(job) > 0;
        if (!rootListed) return false;
        const starts = job.tree.dirsAtDepth(SHALLOW_DEPTH).map((d) => Buffer.from(`./${d.relPath}`, 'latin1'));
        if (starts.length === 0) return false;
        // Lanes pull batches from one queue, so a lane that drew light directories takes more.
        const lanes = scanLanes(cores, this.opts.transportFor(job.node).parallelChannels);
        queue.current = new LaneQueue(starts, lanes);
        for (let i = 1; i < Math.min(lanes, starts.length); i++) others.push(this.lane(job, queue, lost, () => emit(false)));
        return true;
      };
      const first = await this.lane(job, queue, lost, () => emit(false), afterRootPass);
      let results = [first, ...(await Promise.all(others))];
      // Only the root pass speaks for the root: later, a root gone mid-scan is one lane's batch error.
      let rootRefusal = rootListed ? null : probeRefusal(first.outcome);
      // The first lane died during its root pass (not stopped by a limit or a cancel, nor refused): nothing was
      // handed out.
      const rootPassCut = !rootPassEnded && first.outcome.limitHit === null && rootRefusal === null;
      if (!rootListed && laneUnavailable(first.outcome)) {
        // No lane on this node (its dd cannot frame batches): the whole tree in one stream of the scan probe.
        const whole = await this.stream(job, probeScripts.scan, nulInput([job.root, 'all']), this.opts.limits ?? SCAN_LIMITS, () => emit(false));
        results = [whole];
        rootRefusal = this.records(job) === 0 ? probeRefusal(whole.outcome) : null;
      }
      if (rootRefusal) {
        job.state = 'failed';
        job.message = `${job.root} ${rootRefusal}`;
        return;
      }
      // Every lane's stream ended before the queue did (each one failed): what is left was never scanned.
      const unscanned = queue.current?.remaining ?? 0;
      const errors: string[] = [];
      let limited: string | null = null;
      let malformed = 0;
      let truncated = false;
      let failedExit = false;
      for (const r of results) {
        const refused = laneRefusal(r.outcome);
        if (refused !== null && !errors.includes(refused)) errors.push(refused);
        errors.push(...probeWarnings(r.outcome));
        limited ??= limitMessage(r.outcome);
        malformed += r.stats.malformed;
        truncated ||= r.truncated && r.outcome.limitHit === null;
        failedExit ||= r.outcome.exitCode !== 0;
      }
      job.errors = errors.slice(0, 40);
      if (malformed > 0) job.errors.push(`${malformed} malformed records skipped`);
      if (truncated) job.errors.push('the scan output ended mid-record');
      if (unscanned > 0) job.errors.push(`${unscanned} directories at depth ${SHALLOW_DEPTH} were not scanned: every scan stream ended before them`);
      // Cut by a limit or a cancel, the result says so already; otherwise a lane died with these in hand.
      if (lost.dirs > 0 && limited === null) job.errors.push(`${lost.dirs} directories at depth ${SHALLOW_DEPTH} were not wholly scanned: the scan stream that took them ended first`);
      if (rootPassCut) {
        const how = first.outcome.exitCode !== null ? `exit ${first.outcome.exitCode}` : (first.outcome.signal ?? 'no exit status');
        job.errors.push(`the scan stream ended during its first pass (${how}): nothing below depth ${SHALLOW_DEPTH} was scanned`);
      }
      job.partial = limited !== null || failedExit || job.errors.length > 0;
      job.message = limited;
      if (results.some((r) => r.outcome.limitHit === 'cancelled')) job.state = 'cancelled';
      else if (this.records(job) === 0) {
        job.state = 'failed';
        job.message = `${job.root} could not be scanned: ${job.errors[0] ?? `probe exited ${results[0].outcome.exitCode}`}`;
      } else job.state = 'done';
    } catch (err) {
      job.state = 'failed';
      job.partial = true;
      job.message = err instanceof Error ? err.message : String(err);
    } finally {
      job.endedAt = this.now();
      emit(true);
    }
  }

  private records(job: ScanJob): number {
    return job.parsers.reduce((n, p) => n + p.stats.records, 0);
  }

  /**
   * Allocated bytes seen in scanned roots, per device, from the newest finished scan of each root.
   * A root inside another scanned root is not counted twice.
   */
  visibleBytesByDevice(node: string): Map<number, number> {
    const newest = new Map<string, ScanJob>();
    for (const j of this.jobs.values()) {
      if (j.node !== node || j.state !== 'done' || j.tree.rootDevice === null) continue;
      const prev = newest.get(j.root);
      if (!prev || (prev.endedAt ?? 0) < (j.endedAt ?? 0)) newest.set(j.root, j);
    }
    const roots = [...newest.keys()];
    const inside = (r: string) => roots.some((o) => o !== r && r.startsWith(o.endsWith('/') ? o : `${o}/`));
    const out = new Map<number, number>();
    for (const [root, j] of newest) {
      if (inside(root)) continue;
      j.tree.computeTotals();
      out.set(j.tree.rootDevice!, (out.get(j.tree.rootDevice!) ?? 0) + j.tree.root.totals.allocatedBytes);
    }
    return out;
  }

  private get(jobId: string): ScanJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new RpcError('not_found', `no scan job ${jobId} (finished jobs are kept only for the last ${MAX_KEPT_JOBS} scans)`);
    return job;
  }

  cancel(jobId: string): boolean {
    const job = this.get(jobId);
    if (job.state !== 'running') return false;
    job.abort.abort();
    return true;
  }

  /** Cancels every running scan and waits for their probes to end (shutdown: no find left behind). */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.state === 'running');
    for (const j of running) j.abort.abort();
    await Promise.allSettled(running.map((j) => j.done));
  }

  async wait(jobId: string): Promise<ScanProgress> {
    await this.get(jobId).done;
    return this.progress(jobId);
  }

  progress(jobId: string): ScanProgress {
    const job = this.get(jobId);
    return {
      jobId: job.id,
      root: job.root,
      state: job.state,
      filesSeen: job.tree.filesSeen,
      bytesSeen: job.tree.bytesSeen,
      elapsedMs: (job.endedAt ?? this.now()) - job.startedAt,
      partial: job.partial || job.state === 'running' || job.state === 'cancelled',
      errors: job.errors,
      message: job.message,
    };
  }

  /**
   * Read-only: a finished job's summary is made once and shared (its tree no longer changes, and a CLI scan
   * reads it twice, for the stored snapshot and for its output).
   */
  summary(jobId: string): ScanSummary {
    const job = this.get(jobId);
    if (job.summary) return job.summary;
    this.requireTree(job);
    const made = summarize(job.tree, job.root, {
      limit: PARTITION_LIST_LIMIT,
      partial: job.partial || job.state !== 'done',
      errors: job.errors,
    });
    const summary = job.imported ? { ...made, imported: job.imported } : made;
    if (job.state !== 'running') job.summary = summary;
    return summary;
  }

  /**
   * Every partition the scan kept one by one and every age bucket, unsorted and uncapped (the summary lists the
   * 500 largest): what a pick made on the scan is judged by, so a bucket never takes a partition listed apart.
   */
  allPartitions(jobId: string): PartitionSummary[] {
    const job = this.get(jobId);
    this.requireTree(job);
    return collectPartitions(job.tree);
  }

  /** The newest mtime of the scan's oldest partition, among all of them (the summary lists the 500 largest). */
  oldestPartitionMtime(jobId: string): number | null {
    const job = this.get(jobId);
    this.requireTree(job);
    return oldestPartitionMtime(job.tree);
  }

  /** Every partition and directory total of the scan, for the scan history (at most 200,000). */
  historyEntries(jobId: string): HistoryEntries {
    const job = this.get(jobId);
    this.requireTree(job);
    return historyEntriesOf(job.tree);
  }

  /** Whether the directory `nodeId` lies inside a partition (its parts are not units of the history). */
  insidePartition(jobId: string, nodeId: number | undefined): boolean {
    if (nodeId === undefined) return false;
    return this.get(jobId).tree.dirById(nodeId)?.parent?.withinPartition ?? false;
  }

  /** The node and root a job scanned. */
  scope(jobId: string): { node: string; root: string } {
    const job = this.get(jobId);
    return { node: job.node, root: job.root };
  }

  tree(jobId: string, nodeId: number | undefined, depth: number, topN: number): WireTreeNode {
    const job = this.get(jobId);
    this.requireTree(job);
    const dir = nodeId === undefined ? job.tree.root : job.tree.dirById(nodeId);
    if (!dir) throw new RpcError('not_found', `node ${nodeId} is not a directory of scan ${jobId}`);
    return toWireTree(job.tree, { depth, topN }, dir);
  }

  private requireTree(job: ScanJob): void {
    if (job.state === 'failed' && this.records(job) === 0) throw new RpcError('io_error', job.message ?? 'scan failed');
  }
}
