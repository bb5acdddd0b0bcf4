// Scan jobs: run the scan probe on a node, feed the tree, publish coalesced progress snapshots.
// A cancelled or limited scan keeps its partial tree.
import type { ScanProgress, ScanSummary, WireTreeNode } from '../../shared/models';
import { RpcError } from '../../shared/rpcResult';
import { ScanRecordParser } from '../core/scanRecordParser';
import { ScanTree } from '../core/scanTree';
import { summarize } from '../core/partitionList';
import { toWireTree } from '../core/wireTree';
import { probeScripts } from '../probe/probeScripts';
import { nulInput, type ExecLimits, type Transport } from '../transport/transport';
import { newJobId } from './jobIds';
import { limitMessage, probeRefusal, probeWarnings } from './probeErrors';

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

interface ScanJob {
  id: string;
  node: string;
  root: string;
  tree: ScanTree;
  parser: ScanRecordParser;
  startedAt: number;
  endedAt: number | null;
  state: ScanProgress['state'];
  partial: boolean;
  errors: string[];
  message: string | null;
  abort: AbortController;
  done: Promise<void>;
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
    const tree = new ScanTree();
    const job: ScanJob = {
      id: newJobId('scan'),
      node,
      root,
      tree,
      parser: new ScanRecordParser((rec) => tree.add(rec)),
      startedAt: this.now(),
      endedAt: null,
      state: 'running',
      partial: false,
      errors: [],
      message: null,
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    this.jobs.set(job.id, job);
    this.evictOld();
    job.done = this.run(job);
    return job.id;
  }

  private evictOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.state !== 'running');
    while (this.jobs.size > MAX_KEPT_JOBS && finished.length > 0) this.jobs.delete(finished.shift()!.id);
  }

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
      const transport = this.opts.transportFor(job.node);
      const handle = transport.exec(probeScripts.scan, nulInput([job.root]), this.opts.limits ?? SCAN_LIMITS, job.abort.signal);
      for await (const chunk of handle.stdout) {
        job.parser.push(chunk);
        emit(false);
      }
      const truncated = job.parser.end();
      const outcome = await handle.outcome;
      const refusal = probeRefusal(outcome);
      if (refusal) {
        job.state = 'failed';
        job.message = `${job.root} ${refusal}`;
        return;
      }
      const limited = limitMessage(outcome);
      job.errors = probeWarnings(outcome);
      if (job.parser.stats.malformed > 0) job.errors.push(`${job.parser.stats.malformed} malformed records skipped`);
      if (truncated && !limited) job.errors.push('the scan output ended mid-record');
      job.partial = limited !== null || outcome.exitCode !== 0 || job.errors.length > 0;
      job.message = limited;
      if (outcome.limitHit === 'cancelled') job.state = 'cancelled';
      else if (job.parser.stats.records === 0) {
        job.state = 'failed';
        job.message = `${job.root} could not be scanned: ${job.errors[0] ?? `probe exited ${outcome.exitCode}`}`;
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

  summary(jobId: string): ScanSummary {
    const job = this.get(jobId);
    this.requireTree(job);
    return summarize(job.tree, job.root, {
      limit: PARTITION_LIST_LIMIT,
      partial: job.partial || job.state !== 'done',
      errors: job.errors,
    });
  }

  tree(jobId: string, nodeId: number | undefined, depth: number, topN: number): WireTreeNode {
    const job = this.get(jobId);
    this.requireTree(job);
    const dir = nodeId === undefined ? job.tree.root : job.tree.dirById(nodeId);
    if (!dir) throw new RpcError('not_found', `node ${nodeId} is not a directory of scan ${jobId}`);
    return toWireTree(job.tree, { depth, topN }, dir);
  }

  private requireTree(job: ScanJob): void {
    if (job.state === 'failed' && job.parser.stats.records === 0) throw new RpcError('io_error', job.message ?? 'scan failed');
  }
}
