// scan.changes: a scan job's wire tree with each node's change since an earlier stored scan, for the
// treemap's Changes mode (area: the size now; colour: the signed growth). The earlier scan is the one asked
// for (fromId), or the newest stored at or before `at`, by default the one before the job's own.
import type { WireTreeNode } from '../../../shared/models';
import type { ScanDiff, TreeChange } from '../../../shared/historyModels';
import { RpcError } from '../../../shared/rpcResult';
import { normalizeRootPathLenient } from '../../../shared/rootPath';
import { earlierSizes, treeChanges, type EarlierSizes } from '../../core/history/treeChanges';
import type { StateStore } from '../../store/stateStore';
import type { ScanJobs } from '../scan/scanJobs';
import type { ScanSnapshots } from '../scan/scanSnapshots';
import { unpackHistory } from './historyPacking';

export interface ChangesRequest {
  jobId: string;
  nodeId?: number;
  depth: number;
  topN: number;
  at?: number;
  fromId?: number;
}

export interface ChangesResult {
  tree: WireTreeNode;
  /** The earlier scan compared with; null when there is none (every change null). */
  from: (NonNullable<ScanDiff['from']> & { id: number }) | null;
  changes: TreeChange[];
}

export class ScanChanges {
  /** The last earlier scan read: the treemap asks for level after level against the same one. */
  private cached: { id: number; sizes: EarlierSizes } | null = null;

  constructor(private readonly deps: { scans: ScanJobs; snapshots: ScanSnapshots; store: Pick<StateStore, 'scanHistory'> }) {}

  async changes(req: ChangesRequest): Promise<ChangesResult> {
    const { scans, snapshots, store } = this.deps;
    await snapshots.settled(req.jobId);
    const { node, root } = scans.scope(req.jobId);
    const tree = scans.tree(req.jobId, req.nodeId, req.depth, req.topN);
    const own = snapshots.storedScanId(req.jobId);
    const ownRow = own !== null ? store.scanHistory.get(own) : null;
    let from;
    if (req.fromId !== undefined) {
      from = store.scanHistory.get(req.fromId);
      if (!from || from.node !== node || from.root !== normalizeRootPathLenient(root)) throw new RpcError('not_found', `no stored scan ${req.fromId} of ${root} on ${node}`);
    } else {
      from = store.scanHistory.atOrBefore(node, root, req.at ?? ownRow?.scannedAt ?? Date.now(), own ?? -1);
    }
    if (!from) return { tree, from: null, changes: [] };
    let sizes = this.cached?.id === from.id ? this.cached.sizes : null;
    if (!sizes) {
      const packed = store.scanHistory.packed(from.id);
      if (!packed) throw new RpcError('not_found', `the stored scan of ${root} at ${new Date(from.scannedAt).toISOString()} was dropped meanwhile: pick another`);
      sizes = earlierSizes(unpackHistory(packed), from.allocatedBytes);
      this.cached = { id: from.id, sizes };
    }
    return {
      tree,
      from: { id: from.id, scannedAt: from.scannedAt, allocatedBytes: from.allocatedBytes, partial: from.partial },
      changes: treeChanges(tree, sizes, scans.insidePartition(req.jobId, req.nodeId)),
    };
  }
}
