// Completed scans become snapshots in the state store (partition sizes per scan, for growth history and
// the fleet's largest root) and stored scans in the scan history (every partition and directory total, for
// scan diffs). A full disk must not fail the scan that is meant to explain it: a snapshot
// that cannot be written is said on stderr and the scan stands.
import type { StateStore } from '../../store/stateStore';
import type { ScanJobs } from './scanJobs';
import { recordScanHistory } from '../history/scanHistoryRecorder';

export interface ScanSnapshotsOptions {
  scans: ScanJobs;
  store: Pick<StateStore, 'scanSnapshots' | 'scanHistory'>;
  onError: (message: string) => void;
  now?: () => number;
}

/** Stored scan ids remembered per job, for a diff against a fresh scan: the newest jobs only. */
const REMEMBERED_JOBS = 16;

export class ScanSnapshots {
  /** Jobs whose snapshot is not written yet; each entry leaves when its job settles. */
  private readonly settling = new Map<string, Promise<void>>();
  /** Job id -> its stored scan in the scan history, in the order recorded. */
  private readonly storedIds = new Map<string, number>();

  constructor(private readonly opts: ScanSnapshotsOptions) {}

  /** Records the job's summary once it completes (a cancelled or failed scan leaves no snapshot). */
  track(node: string, root: string, jobId: string): void {
    const { scans, store, onError } = this.opts;
    const now = this.opts.now ?? Date.now;
    const settled = scans.wait(jobId).then((p) => {
      if (p.state !== 'done') return;
      const at = now();
      try {
        const summary = scans.summary(jobId);
        store.scanSnapshots.record(node, summary, at);
        this.remember(jobId, recordScanHistory(store, node, summary, scans.historyEntries(jobId), at));
      } catch (err) {
        onError(`could not record the scan of ${root} in the state store: ${(err as Error).message}`);
      }
    });
    this.settling.set(jobId, settled);
    void settled.finally(() => this.settling.delete(jobId));
  }

  /** Resolves once the scan has ended and, when it completed, its snapshot is in the store. */
  settled(jobId: string): Promise<void> {
    return this.settling.get(jobId) ?? this.opts.scans.wait(jobId).then(() => undefined);
  }

  /** Remembers a stored scan made without a probe (an import) as its job's. */
  remember(jobId: string, storedId: number): void {
    this.storedIds.set(jobId, storedId);
    for (const old of this.storedIds.keys()) {
      if (this.storedIds.size <= REMEMBERED_JOBS) break;
      this.storedIds.delete(old);
    }
  }

  /** The job's scan in the scan history once settled; null when it did not complete or could not be kept. */
  storedScanId(jobId: string): number | null {
    return this.storedIds.get(jobId) ?? null;
  }

  /** Waits for every snapshot still being written (before the store closes). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.settling.values()]);
  }
}
