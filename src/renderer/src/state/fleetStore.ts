// The fleet table: rows as the backend sorts them (worst first), pushed as fleet.rows snapshots, and the
// selected row, kept by name so it stays on its node while rows re-sort during a refresh.
import { create } from 'zustand';
import type { FleetRow } from '../../../shared/nodeModels';
import { getApi } from '../api/getApi';

interface FleetState {
  rows: FleetRow[];
  loaded: boolean;
  error: string | null;
  selected: string | null;
  /** Subscribes to fleet.rows once; returns the unsubscribe function. */
  init(): () => void;
  load(): Promise<void>;
  /** Refreshes every node (names omitted) or the given ones. */
  refresh(names?: string[]): Promise<void>;
  select(name: string | null): void;
  /** Moves the selection by `delta` rows, clamped to the table. */
  move(delta: number): void;
  moveTo(edge: 'first' | 'last'): void;
}

export const useFleetStore = create<FleetState>()((set, get) => {
  const setRows = (rows: FleetRow[]) => {
    const { selected } = get();
    set({ rows, loaded: true, error: null, selected: selected && rows.some((r) => r.name === selected) ? selected : (rows[0]?.name ?? null) });
  };
  const moveToIndex = (i: number) => {
    const { rows } = get();
    if (rows.length === 0) return;
    set({ selected: rows[Math.min(Math.max(i, 0), rows.length - 1)].name });
  };
  return {
    rows: [],
    loaded: false,
    error: null,
    selected: null,

    init() {
      return getApi().api.subscribe('fleet.rows', (p) => setRows(p.rows));
    },

    async load() {
      const r = await getApi().api.invoke('fleet.rows', {});
      if (r.ok) setRows(r.result.rows);
      else set({ loaded: true, error: r.message });
    },

    async refresh(names) {
      const r = await getApi().api.invoke('fleet.refresh', names ? { names } : {});
      set({ error: r.ok ? null : r.message });
    },

    select(name) {
      set({ selected: name });
    },

    move(delta) {
      const { rows, selected } = get();
      const i = rows.findIndex((r) => r.name === selected);
      moveToIndex(i < 0 ? 0 : i + delta);
    },

    moveTo(edge) {
      moveToIndex(edge === 'first' ? 0 : get().rows.length - 1);
    },
  };
});
