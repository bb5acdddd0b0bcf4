// The sources drill-down: which partition it is open on, its report (sources.analyze), and the source
// picked for its templates and newest lines. A newer request wins; an older answer is dropped.
import { create } from 'zustand';
import type { SourcesReport } from '../../../shared/sourceModels';
import { normalizeRootPathLenient } from '../../../shared/rootPath';
import { getApi } from '../api/getApi';
import { currentNode } from './navStore';

interface SourcesState {
  /** Absolute path on the node: a partition, or a root (its newest day). Null when closed. */
  path: string | null;
  loading: boolean;
  report: SourcesReport | null;
  error: string | null;
  selected: string | null;
  open(path: string): Promise<void>;
  select(name: string): void;
  close(): void;
}

let seq = 0;

export const useSourcesStore = create<SourcesState>((set) => ({
  path: null,
  loading: false,
  report: null,
  error: null,
  selected: null,
  async open(path) {
    const mine = ++seq;
    set({ path, loading: true, report: null, error: null, selected: null });
    const r = await getApi().api.invoke('sources.analyze', { node: currentNode(), path });
    if (mine !== seq) return;
    if (r.ok) set({ loading: false, report: r.result, selected: r.result.sources[0]?.name ?? null });
    else set({ loading: false, error: r.message });
  },
  select(name) {
    set({ selected: name });
  },
  close() {
    seq++;
    set({ path: null, loading: false, report: null, error: null, selected: null });
  },
}));

/** The absolute path of a partition (relative to the scanned root, as the scan shows it). */
export function partitionPath(root: string, rel: string): string {
  if (rel === '' || rel === '.') return root;
  const r = normalizeRootPathLenient(root);
  return r === '/' ? `/${rel}` : `${r}/${rel}`;
}
