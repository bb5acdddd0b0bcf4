// Keeps a finished scan in the scan history: its totals and every partition and directory total, packed.
import type { HistoryEntries } from '../../core/history/historyEntries';
import type { StateStore } from '../../store/stateStore';
import { packHistory } from './historyPacking';

export interface ScanTotals {
  root: string;
  allocatedBytes: number;
  apparentBytes: number;
  files: number;
  partial: boolean;
}

/** Returns the stored scan's id. `source`: null for a live scan, the file name of an import. */
export function recordScanHistory(
  store: Pick<StateStore, 'scanHistory'>,
  node: string,
  totals: ScanTotals,
  history: HistoryEntries,
  scannedAt: number,
  source: string | null = null,
): number {
  const packed = packHistory(history);
  return store.scanHistory.record(
    {
      node,
      root: totals.root,
      scannedAt,
      allocatedBytes: totals.allocatedBytes,
      apparentBytes: totals.apparentBytes,
      files: totals.files,
      entries: history.entries.length,
      cutEntries: history.cut.count,
      partial: totals.partial,
      source,
    },
    packed,
  );
}
