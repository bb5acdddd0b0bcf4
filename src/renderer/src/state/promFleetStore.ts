// The fleet's Prometheus source in the window: the saved source, and the first page of its ranked rows
// (worst first), read when the fleet opens and on "Refresh all". The window never carries the whole fleet:
// PAGE rows at most, and the total.
import { create } from 'zustand';
import type { PrometheusSource, RankedFleetRow } from '../../../shared/prometheusModels';
import { getApi } from '../api/getApi';

export const PROM_PAGE = 50;

interface PromFleetState {
  source: PrometheusSource | null;
  loaded: boolean;
  reading: boolean;
  rows: RankedFleetRow[];
  total: number;
  /** Why the last reading failed (the SSH rows still show), or why the source could not be saved. */
  error: string | null;
  /** Reads the saved source; true when there is one. */
  load(): Promise<boolean>;
  read(): Promise<void>;
  save(source: PrometheusSource | null): Promise<{ ok: true } | { ok: false; message: string }>;
}

export const usePromFleetStore = create<PromFleetState>()((set, get) => ({
  source: null,
  loaded: false,
  reading: false,
  rows: [],
  total: 0,
  error: null,

  async load() {
    const r = await getApi().api.invoke('fleet.prometheus.get', {});
    const source = r.ok ? r.result.source : null;
    set({ source, loaded: true, error: r.ok ? null : r.message });
    return source !== null;
  },

  async read() {
    if (!get().source) return;
    set({ reading: true });
    const r = await getApi().api.invoke('fleet.prometheus.rows', { refresh: true, offset: 0, limit: PROM_PAGE });
    if (r.ok) set({ reading: false, rows: r.result.rows.filter((x) => x.source === 'prometheus'), total: r.result.total, error: r.result.error });
    else set({ reading: false, error: r.message });
  },

  async save(source) {
    const r = await getApi().api.invoke('fleet.prometheus.set', { source });
    if (!r.ok) return { ok: false, message: r.message };
    set({ source: r.result.source, rows: [], total: 0, error: null });
    if (r.result.source) void get().read();
    return { ok: true };
  },
}));
