// What a finished scan saw of each partition, so a plan from partitions picked on it can tell which were
// written to since. Every partition and bucket, not the summary's 500 largest: a bucket pick takes its range's
// partitions bar those the scan listed one by one, and on a big spool most of those are past the 500.
import type { ScanReference } from '../../core/reap/reapPlan';
import type { ScanJobs } from './scanJobs';

export function scanReferenceOf(scans: ScanJobs, jobId: string): ScanReference | null {
  try {
    const partitions = scans.allPartitions(jobId);
    const listed = partitions.filter((p) => p.kind !== 'bucket');
    const buckets = new Map(partitions.flatMap((p) => (p.bucket ? [[p.path, { ...p.bucket, count: p.count ?? 0 }] as const] : [])));
    return { newestMtime: new Map(listed.map((p) => [p.path, p.newestMtime])), buckets };
  } catch {
    return null;
  }
}
