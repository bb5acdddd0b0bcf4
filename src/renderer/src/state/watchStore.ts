// The live watch of the root on screen: its latest snapshot (pushed, coalesced by the backend), the open
// alerts (pushed as fire/clear events, their text kept live by each snapshot), the treemap's colour mode,
// and the history chart's data.
import { create } from 'zustand';
import type { HistorySeries, WatchAlert, WatchSnapshot } from '../../../shared/watchModels';
import { getApi } from '../api/getApi';
import { currentNode } from './navStore';

/** 'changes': the signed change since an earlier stored scan (issue 19, state/changesStore.ts). */
export type ColorMode = 'age' | 'growth' | 'changes';
export type HistoryRange = 'day' | 'week';

/** Sample every 3 s: cheap on the node, and the snapshot stream stays far below the 4/s cap. */
export const WATCH_INTERVAL_MS = 3000;

interface WatchState {
  node: string | null;
  root: string | null;
  watchId: string | null;
  snapshot: WatchSnapshot | null;
  error: string | null;
  alerts: WatchAlert[];
  /** Alerts the user hid from the banner, by key and start (a new episode shows again). */
  dismissed: string[];
  colorMode: ColorMode;
  history: { mount: string; range: HistoryRange; series: HistorySeries[]; error: string | null } | null;
  /** Subscribes to snapshots and alert events; returns the unsubscribe. */
  init(): () => void;
  /** Watches `root` on the current node (stopping the previous watch); null stops. */
  follow(root: string | null): Promise<void>;
  dismiss(alert: WatchAlert): void;
  setColorMode(mode: ColorMode): void;
  loadHistory(mount: string, range: HistoryRange): Promise<void>;
  closeHistory(): void;
}

const dismissKey = (a: WatchAlert) => `${a.key}@${a.since}`;

/**
 * Bumped by every follow that may start a watch. The backend counts each start as a share of the watch of
 * that node and root, so a start answered after a newer follow must be stopped again, even when the newer
 * follow came back to the same root (it started its own share).
 */
let followSeq = 0;

/**
 * The open alerts with the text and severity of the same episodes in a snapshot: the backend rewrites an
 * open alert's message every sample ("/data is 96% full", not the 91% it fired at). Alerts the snapshot
 * does not hold (another node's, or one that fired after it was built) are left as they are.
 */
export function withLiveText(alerts: readonly WatchAlert[], live: readonly WatchAlert[]): WatchAlert[] {
  if (live.length === 0) return alerts as WatchAlert[];
  const byEpisode = new Map(live.map((a) => [dismissKey(a), a]));
  let changed = false;
  const out = alerts.map((a) => {
    const now = byEpisode.get(dismissKey(a));
    if (!now || (now.message === a.message && now.severity === a.severity)) return a;
    changed = true;
    return { ...a, message: now.message, severity: now.severity };
  });
  return changed ? out : (alerts as WatchAlert[]);
}

export function visibleAlerts(alerts: readonly WatchAlert[], dismissed: readonly string[]): WatchAlert[] {
  const hidden = new Set(dismissed);
  return alerts.filter((a) => !hidden.has(dismissKey(a))).sort((a, b) => (a.severity === b.severity ? a.since - b.since : a.severity === 'critical' ? -1 : 1));
}

export const useWatchStore = create<WatchState>()((set, get) => ({
  node: null,
  root: null,
  watchId: null,
  snapshot: null,
  error: null,
  alerts: [],
  dismissed: [],
  colorMode: 'age',
  history: null,

  init() {
    const { api } = getApi();
    const offSnapshot = api.subscribe('watch.snapshot', (s) => {
      if (s.watchId === get().watchId) set({ snapshot: s, alerts: withLiveText(get().alerts, s.alerts) });
    });
    const offAlert = api.subscribe('alerts.event', (e) => {
      const rest = get().alerts.filter((a) => a.key !== e.key);
      if (e.transition === 'fire') {
        const { transition: _t, at: _at, ...alert } = e;
        set({ alerts: [...rest, alert] });
      } else {
        set({ alerts: rest });
      }
    });
    void api.invoke('alerts.active', {}).then((r) => {
      if (r.ok) set({ alerts: r.result.alerts });
    });
    return () => {
      offSnapshot();
      offAlert();
    };
  },

  async follow(root) {
    const node = currentNode();
    const { watchId, node: prevNode, root: prevRoot } = get();
    if (root === prevRoot && node === prevNode && watchId) return;
    const seq = ++followSeq;
    const { api } = getApi();
    set({ node, root, watchId: null, snapshot: null, error: null });
    if (watchId) void api.invoke('watch.stop', { watchId });
    if (!root) return;
    const r = await api.invoke('watch.start', { node, root, intervalMs: WATCH_INTERVAL_MS });
    // The user moved on while this started: stop it again.
    if (seq !== followSeq) {
      if (r.ok) void api.invoke('watch.stop', { watchId: r.result.watchId });
      return;
    }
    if (!r.ok) {
      set({ error: r.message });
      return;
    }
    set({ watchId: r.result.watchId });
    const first = await api.invoke('watch.snapshot', { watchId: r.result.watchId });
    if (first.ok && get().watchId === r.result.watchId && !get().snapshot) set({ snapshot: first.result, alerts: withLiveText(get().alerts, first.result.alerts) });
  },

  dismiss(alert) {
    set({ dismissed: [...get().dismissed.slice(-200), dismissKey(alert)] });
  },

  setColorMode(mode) {
    set({ colorMode: mode });
  },

  async loadHistory(mount, range) {
    const node = currentNode();
    const root = get().root ?? undefined;
    set({ history: { mount, range, series: get().history?.mount === mount ? (get().history?.series ?? []) : [], error: null } });
    const r = await getApi().api.invoke('watch.history', { node, mount, root, range, maxPoints: 240, maxSeries: 6 });
    if (get().history?.mount !== mount || get().history?.range !== range) return;
    set({ history: r.ok ? { mount, range, series: r.result.series, error: null } : { mount, range, series: [], error: r.message } });
  },

  closeHistory() {
    set({ history: null });
  },
}));

/** Growth of a partition (or anything under a path) in the growth window, from the latest snapshot. */
export function growthLookup(snapshot: WatchSnapshot | null): ((path: string) => number | null) | null {
  if (!snapshot) return null;
  const exact = new Map(snapshot.partitions.map((p) => [p.path, p.grewBytes]));
  return (path) => {
    const hit = exact.get(path);
    if (hit !== undefined) return hit;
    // A directory tile: the growth of the partitions inside it.
    const prefix = path === '' ? '' : `${path}/`;
    let sum: number | null = null;
    for (const p of snapshot.partitions) if (p.path.startsWith(prefix)) sum = (sum ?? 0) + p.grewBytes;
    return sum;
  };
}
