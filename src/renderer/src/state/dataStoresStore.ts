// Data stores (issue 15) in the window: the stores list of the node on screen (stores.list, read when its Data
// stores tab opens or is refreshed), kept per node for the fleet table's store-risk note (nodes opened in this
// session only: the fleet refresh never runs the stores probe), and a tool action's flow: its dry run first
// (stores.act dryRun), then Confirm with the typed text where the action asks for one, then the result with
// the freed bytes by statvfs; after a run the filesystems and the stores list are read again.
import { create } from 'zustand';
import type { DataStore, DataStoreKind, StoreAction, StoresReport } from '../../../shared/dataStoreModels';
import type { StoreActResult } from '../../../shared/storeActionModels';
import { getApi } from '../api/getApi';
import { currentNode } from './navStore';
import { useNodeStore } from './nodeStore';
import { useReapStore } from './reapStore';

/** Nodes whose stores list is kept for the fleet notes; the oldest read is dropped past this. */
export const KEPT_NODE_REPORTS = 200;

export interface NodeStores {
  report: StoresReport;
  /** The node's configured roots when the list was read: a note names stores inside them only. */
  roots: string[];
  at: number;
}

export type ActFlow =
  | { stage: 'closed' }
  | { stage: 'checking'; store: DataStore; action: StoreAction }
  | { stage: 'check-error'; store: DataStore; action: StoreAction; message: string }
  | { stage: 'checked'; store: DataStore; action: StoreAction; dry: StoreActResult }
  | { stage: 'running'; store: DataStore; action: StoreAction; dry: StoreActResult }
  | { stage: 'run-error'; store: DataStore; action: StoreAction; dry: StoreActResult; message: string }
  | { stage: 'done'; store: DataStore; action: StoreAction; dry: StoreActResult; result: StoreActResult };

/** A store a reap plan of the node kept files of (store-managed, store-active): from the plan's guidance. */
export interface PlannedStore {
  kind: DataStoreKind;
  path: string;
}

interface DataStoresState {
  /** Node name -> its latest stores list. */
  byNode: Record<string, NodeStores>;
  /** Node name -> the stores its latest reap plan in this session kept files of. */
  plannedByNode: Record<string, PlannedStore[]>;
  /** The node whose list is being read, if any. */
  loadingNode: string | null;
  /** The last read of the node on screen failed: why. */
  error: { node: string; message: string } | null;
  act: ActFlow;
  /** The confirmation typed in the action dialog. */
  actTyped: string;
  load(): Promise<void>;
  /** Reads the list once per node view (the tab opened again does not re-run the probe). */
  loadIfMissing(): Promise<void>;
  openAct(store: DataStore, action: StoreAction): Promise<void>;
  setActTyped(text: string): void;
  confirmAct(): Promise<void>;
  closeAct(): void;
}

/** Whether the action dialog may run the action now: its dry run passed and its confirmation is typed. */
export function actReady(flow: ActFlow, typed: string): boolean {
  if (flow.stage !== 'checked' || flow.dry.refused !== null) return false;
  return flow.action.confirm === null || typed === flow.action.confirm;
}

function keepNewest(byNode: Record<string, NodeStores>): Record<string, NodeStores> {
  const names = Object.keys(byNode);
  if (names.length <= KEPT_NODE_REPORTS) return byNode;
  const newest = names.sort((a, b) => byNode[b].at - byNode[a].at).slice(0, KEPT_NODE_REPORTS);
  return Object.fromEntries(newest.map((n) => [n, byNode[n]]));
}

let loadSeq = 0;

export const useDataStoresStore = create<DataStoresState>()((set, get) => ({
  byNode: {},
  plannedByNode: {},
  loadingNode: null,
  error: null,
  act: { stage: 'closed' },
  actTyped: '',

  async load() {
    const node = currentNode();
    const seq = ++loadSeq;
    set({ loadingNode: node });
    const r = await getApi().api.invoke('stores.list', { node });
    if (seq !== loadSeq) return;
    set({ loadingNode: null });
    if (!r.ok) {
      set({ error: { node, message: r.message } });
      return;
    }
    const roots = node === currentNode() ? useNodeStore.getState().roots.map((x) => x.path) : (get().byNode[node]?.roots ?? []);
    set({ error: null, byNode: keepNewest({ ...get().byNode, [node]: { report: r.result, roots, at: Date.now() } }) });
  },

  async loadIfMissing() {
    const node = currentNode();
    if (get().byNode[node] || get().loadingNode === node) return;
    await get().load();
  },

  async openAct(store, action) {
    if (action.id === null) return;
    set({ act: { stage: 'checking', store, action }, actTyped: '' });
    // The dry run runs every check of the real one on the node and changes nothing; it does not use the id.
    const r = await getApi().api.invoke('stores.act', { actionId: action.id, dryRun: true, confirm: null });
    const now = get().act;
    if (now.stage !== 'checking' || now.action !== action) return;
    set({ act: r.ok ? { stage: 'checked', store, action, dry: r.result } : { stage: 'check-error', store, action, message: r.message } });
  },

  setActTyped(text) {
    set({ actTyped: text });
  },

  async confirmAct() {
    const flow = get().act;
    if (flow.stage !== 'checked' || flow.action.id === null || !actReady(flow, get().actTyped)) return;
    const { store, action, dry } = flow;
    set({ act: { stage: 'running', store, action, dry } });
    const r = await getApi().api.invoke('stores.act', { actionId: flow.action.id, dryRun: false, confirm: action.confirm === null ? null : get().actTyped });
    set({ act: r.ok ? { stage: 'done', store, action, dry, result: r.result } : { stage: 'run-error', store, action, dry, message: r.message } });
    // Either way the disk may have changed, and the action's id is used: the bars and the list (with fresh
    // ids) show what is true now.
    await Promise.all([useNodeStore.getState().refreshFilesystems({ changed: true }), get().load()]);
  },

  closeAct() {
    if (get().act.stage === 'running') return;
    set({ act: { stage: 'closed' }, actTyped: '' });
  },
}));

// A reap plan names the stores under its root that kept files from it: the fleet note learns of them without
// running the stores probe.
useReapStore.subscribe((s, prev) => {
  if (s.flow === prev.flow || s.flow.stage !== 'plan') return;
  const plan = s.flow.plan;
  const kept = new Set(plan.skipped.filter((k) => k.code === 'store-managed' || k.code === 'store-active').map((k) => k.store));
  const stores = (plan.guidance ?? []).filter((g) => kept.has(g.path)).map((g) => ({ kind: g.kind, path: g.path }));
  const { plannedByNode } = useDataStoresStore.getState();
  if (stores.length === 0 && !plannedByNode[plan.node]) return;
  useDataStoresStore.setState({ plannedByNode: { ...plannedByNode, [plan.node]: stores } });
});
