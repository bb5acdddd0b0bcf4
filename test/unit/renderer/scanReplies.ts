// Scan answers as the backend sends them, for the stores' tests.
import type { ScanProgress, ScanSummary, WireTreeNode } from '../../../src/shared/models';
import { ok } from './fakeApi';

export function progress(jobId: string, state: ScanProgress['state'], filesSeen = 10): ScanProgress {
  return { jobId, root: '/var/log', state, filesSeen, bytesSeen: filesSeen * 100, elapsedMs: 50, partial: state === 'cancelled', errors: [], message: null };
}

export function summary(root = '/var/log'): ScanSummary {
  return { root, device: 2049, allocatedBytes: 100, apparentBytes: 100, files: 1, dirs: 0, partitions: [], morePartitions: { count: 0, allocatedBytes: 0 }, looseFiles: [], partial: false, errors: [] };
}

/** A scan.tree answer: the (sub)tree and the job's progress, done. */
export function treeReply(tree: WireTreeNode, jobId = 'j1'): ReturnType<typeof ok<{ tree: WireTreeNode; progress: ScanProgress }>> {
  return ok({ tree, progress: progress(jobId, 'done') });
}
