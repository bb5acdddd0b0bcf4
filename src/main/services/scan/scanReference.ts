// What a finished scan saw of each partition, so a plan from partitions picked on it can tell which were
// written to since.
import type { ScanReference } from '../../core/reap/reapPlan';
import type { ScanJobs } from './scanJobs';

export function scanReferenceOf(scans: ScanJobs, jobId: string): ScanReference | null {
  try {
    const summary = scans.summary(jobId);
    return { newestMtime: new Map(summary.partitions.map((p) => [p.path, p.newestMtime])) };
  } catch {
    return null;
  }
}
