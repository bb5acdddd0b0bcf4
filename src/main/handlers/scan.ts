// scan.*: jobs on a node's root, their progress, summary and aggregated tree.
import type { Handlers } from '../rpc/dispatcher';
import type { Transport } from '../transport/transport';
import type { ScanJobs } from '../services/scan/scanJobs';
import type { ScanSnapshots } from '../services/scan/scanSnapshots';

export interface ScanHandlerDeps {
  scans: ScanJobs;
  snapshots: ScanSnapshots;
  transportFor: (node: string) => Transport;
}

export function scanHandlers({ scans, snapshots, transportFor }: ScanHandlerDeps): Pick<Handlers, 'scan.start' | 'scan.cancel' | 'scan.progress' | 'scan.summary' | 'scan.tree'> {
  return {
    'scan.start': ({ node, root }) => {
      // An unknown node is refused here, before a job exists for it.
      transportFor(node);
      const jobId = scans.start(node, root);
      snapshots.track(node, root, jobId);
      return { jobId };
    },
    'scan.cancel': ({ jobId }) => ({ cancelled: scans.cancel(jobId) }),
    'scan.progress': ({ jobId }) => scans.progress(jobId),
    'scan.summary': ({ jobId }) => scans.summary(jobId),
    'scan.tree': ({ jobId, nodeId, depth, topN }) => ({
      tree: scans.tree(jobId, nodeId, depth, topN),
      progress: scans.progress(jobId),
    }),
  };
}
