// The Prometheus fleet's ranked rows as the window's table holds them: the total, and the pages the table
// has asked for (bounded, see promRowPages). A page is fetched when it scrolls into view, by paging the
// backend's last reading (refresh: false); refresh() takes a new reading (every 30 s while the table shows),
// drops every held page, and fetches again the pages on screen. The selection is a row index: it moves
// without waiting for a page, so keys stay immediate on rows not fetched yet.
import { create } from 'zustand';
import type { RankedFleetRow } from '../../../shared/prometheusModels';
import { getApi } from '../api/getApi';
import { ROWS_PAGE, boundPages, pagesCovering } from './promRowPages';

export const PROM_REFRESH_MS = 30_000;

interface PromRowsState {
  total: number;
  pages: Record<number, RankedFleetRow[]>;
  /** Index of the selected row, -1 when none. */
  selected: number;
  error: string | null;
  readAt: number | null;
  /** The rows on screen, as the table last said. */
  range: { first: number; last: number };
  /** Fetches the pages covering rows first..last that are not held (and not already asked for). */
  show(first: number, last: number): void;
  /** A new reading from Prometheus; held pages are replaced by the ones on screen. */
  refresh(): Promise<void>;
  move(delta: number): void;
  moveTo(edge: 'first' | 'last'): void;
  select(index: number): void;
  /** The row at `index` when its page is held. */
  rowAt(index: number): RankedFleetRow | undefined;
  clear(): void;
}

/** Bumped by refresh() and clear(): a page answered for an older reading is not kept. */
let generation = 0;
const inFlight = new Set<number>();

export const usePromRowsStore = create<PromRowsState>()((set, get) => {
  const fetchPage = async (page: number, refresh: boolean): Promise<void> => {
    const gen = generation;
    inFlight.add(page);
    const r = await getApi().api.invoke('fleet.prometheus.rows', { refresh, offset: page * ROWS_PAGE, limit: ROWS_PAGE });
    if (gen !== generation) return;
    inFlight.delete(page);
    if (!r.ok) return set({ error: r.message });
    const { first, last } = get().range;
    const wanted = pagesCovering(first, last, r.result.total);
    const pages = boundPages({ ...get().pages, [page]: r.result.rows }, wanted.length ? wanted : [page]);
    set({ pages, total: r.result.total, error: r.result.error, readAt: r.result.readAt });
  };

  const clampSelect = (i: number) => {
    const total = get().total;
    if (total === 0) return;
    set({ selected: Math.min(Math.max(i, 0), total - 1) });
  };

  return {
    total: 0,
    pages: {},
    selected: -1,
    error: null,
    readAt: null,
    range: { first: 0, last: ROWS_PAGE - 1 },

    show(first, last) {
      const prev = get().range;
      if (prev.first !== first || prev.last !== last) set({ range: { first, last } });
      const held = get().pages;
      for (const p of pagesCovering(first, last, get().total)) if (!held[p] && !inFlight.has(p)) void fetchPage(p, false);
    },

    async refresh() {
      generation++;
      inFlight.clear();
      const { first, last } = get().range;
      const onScreen = pagesCovering(first, last, Math.max(get().total, last + 1));
      const firstPage = onScreen[0] ?? 0;
      // The new reading is taken once (refresh: true), then its other pages on screen are paged from it.
      // The older reading's pages on screen stay shown until theirs arrive (no blank flash); the rest go.
      const gen = generation;
      await fetchPage(firstPage, true);
      if (gen !== generation) return;
      const now = pagesCovering(first, last, get().total);
      set({ pages: Object.fromEntries(Object.entries(get().pages).filter(([p]) => now.includes(Number(p)))) });
      for (const p of now) if (p !== firstPage && !inFlight.has(p)) void fetchPage(p, false);
    },

    move(delta) {
      const s = get().selected;
      clampSelect(s < 0 ? 0 : s + delta);
    },
    moveTo(edge) {
      clampSelect(edge === 'first' ? 0 : get().total - 1);
    },
    select(index) {
      clampSelect(index);
    },
    rowAt(index) {
      return get().pages[Math.floor(index / ROWS_PAGE)]?.[index % ROWS_PAGE];
    },
    clear() {
      generation++;
      inFlight.clear();
      set({ total: 0, pages: {}, selected: -1, error: null, readAt: null });
    },
  };
});
