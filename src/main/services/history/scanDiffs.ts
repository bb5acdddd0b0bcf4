// Scan diffs from the stored history: the latest scan of a root (or a given one) against the stored scan at
// or before a time, by default the one before it. Pure comparison in core/history/scanDiff.ts.
import type { ScanDiff, StoredScan } from '../../../shared/historyModels';
import { normalizeRootPathLenient } from '../../../shared/rootPath';
import { RpcError } from '../../../shared/rpcResult';
import { diffEntries } from '../../core/history/scanDiff';
import type { StateStore } from '../../store/stateStore';
import type { StoredScanRow } from '../../store/repositories/scanHistory';
import { unpackHistory } from './historyPacking';

export interface DiffRequest {
  node: string;
  root: string;
  /** Compare with the newest scan recorded at or before this (epoch ms); omitted: the scan before `to`. */
  at?: number;
  /** The later scan by id (a fresh one); omitted: the latest stored. */
  toId?: number;
}

type HistoryStore = Pick<StateStore, 'scanHistory'>;

export function storedScanOf(r: StoredScanRow): StoredScan {
  return {
    id: r.id,
    scannedAt: r.scannedAt,
    allocatedBytes: r.allocatedBytes,
    apparentBytes: r.apparentBytes,
    files: r.files,
    entries: r.entries,
    cutEntries: r.cutEntries,
    partial: r.partial,
    source: r.source,
  };
}

export function listStoredScans(store: HistoryStore, node: string, root: string, limit: number): StoredScan[] {
  return store.scanHistory.list(node, root, limit).map(storedScanOf);
}

const side = (r: StoredScanRow) => ({ scannedAt: r.scannedAt, allocatedBytes: r.allocatedBytes, partial: r.partial });

function entriesOf(store: HistoryStore, r: StoredScanRow) {
  const packed = store.scanHistory.packed(r.id);
  // Dropped between finding it and reading it (the cap, another process): as if it had never been kept.
  if (!packed) throw new RpcError('not_found', `the stored scan of ${r.root} at ${new Date(r.scannedAt).toISOString()} was dropped meanwhile: try again`);
  return unpackHistory(packed);
}

export function diffStoredScans(store: HistoryStore, req: DiffRequest): ScanDiff {
  const root = normalizeRootPathLenient(req.root);
  const empty = { root, deltaBytes: 0, entries: [], more: { count: 0, deltaBytes: 0 }, unknown: 0 };
  let to: StoredScanRow | null;
  if (req.toId !== undefined) {
    to = store.scanHistory.get(req.toId);
    if (!to || to.node !== req.node || to.root !== root) throw new RpcError('not_found', `no stored scan ${req.toId} of ${root}`);
  } else to = store.scanHistory.atOrBefore(req.node, root, null);
  if (!to) return { ...empty, from: null, to: null, reason: `${root} has no stored scan on ${req.node}: scan it (or use --rescan), then again later` };
  const from = store.scanHistory.atOrBefore(req.node, root, req.at ?? to.scannedAt, to.id);
  if (!from || from.scannedAt > to.scannedAt) {
    const when = req.at !== undefined ? ` at or before ${new Date(req.at).toISOString()}` : '';
    return { ...empty, from: null, to: side(to), reason: `no earlier stored scan of ${root}${when} to compare with` };
  }
  const d = diffEntries(entriesOf(store, from), entriesOf(store, to));
  return { root, from: side(from), to: side(to), deltaBytes: to.allocatedBytes - from.allocatedBytes, ...d, reason: null };
}
