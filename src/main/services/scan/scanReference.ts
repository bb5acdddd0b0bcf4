// What a finished scan saw of each partition, so a plan from partitions picked on it can tell which were
// written to since.
import type { ScanReference } from '../../core/reap/reapPlan';
import type { ScanJobs } from './scanJobs';

export function scanReferenceOf(scans: ScanJobs, jobId: string): ScanReference | null {
  try {
    const summary = scans.summary(jobId);
    const listed = summary.partitions.filter((p) => p.kind !== 'bucket');
    const buckets = new Map(summary.partitions.flatMap((p) => (p.bucket ? [[p.path, { ...p.bucket, count: p.count ?? 0 }] as const] : [])));
    return { newestMtime: new Map(listed.map((p) => [p.path, p.newestMtime])), buckets };
  } catch {
    return null;
  }
}
