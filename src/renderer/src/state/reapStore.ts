// Reaping a root's partitions: the policy form, the plan (reap.plan) shown first with the treemap
// highlighting what goes, then Confirm (reap.execute {planId}: the id of the plan on screen, never a path),
// progress from reap.progress events, and the result with statvfs-measured freed bytes.
import { create } from 'zustand';
import { DEFAULT_KEEP_NEWEST, type ReapPlan, type ReapPolicy, type ReapProgress, type ReapResult } from '../../../shared/reapModels';
import { getApi } from '../api/getApi';
import { reapConfirmReady } from '../components/dataStores/reapStoreGroups';
import { useHeldStore } from './heldStore';
import { currentNode } from './navStore';
import { useNodeStore } from './nodeStore';
import { useScanStore } from './scanStore';

export type ReapStage =
  | { stage: 'closed' }
  | { stage: 'planning' }
  | { stage: 'plan-error'; message: string }
  | { stage: 'plan'; plan: ReapPlan }
  | { stage: 'reaping'; plan: ReapPlan; progress: ReapProgress | null }
  | { stage: 'reap-error'; plan: ReapPlan; message: string }
  | { stage: 'done'; plan: ReapPlan; result: ReapResult };

interface ReapState {
  root: string | null;
  policy: ReapPolicy;
  /** Partitions picked by hand (from the treemap's selection); empty for a policy plan. */
  picked: string[];
  saveAsPolicy: boolean;
  flow: ReapStage;
  /** What is typed in the drawer's confirmation box, for a plan that takes units of a stopped data store. */
  confirmText: string;
  setConfirmText(text: string): void;
  open(root: string, picked?: string[]): Promise<void>;
  setPolicy(patch: Partial<ReapPolicy>): void;
  setSaveAsPolicy(save: boolean): void;
  setPicked(picked: string[]): void;
  /** A plan for the form as it stands; nothing is changed on the node. */
  replan(): Promise<void>;
  confirm(): Promise<void>;
  close(): void;
}

const DEFAULT_POLICY: ReapPolicy = { maxBytes: null, maxAgeDays: null, keepNewest: DEFAULT_KEEP_NEWEST };
let planSeq = 0;

/** Display paths the plan removes: the treemap outlines these tiles and everything inside them. */
export function plannedPaths(flow: ReapStage): ReadonlySet<string> | null {
  if (flow.stage !== 'plan' && flow.stage !== 'reaping') return null;
  return new Set(flow.plan.entries.map((e) => e.path));
}

export const useReapStore = create<ReapState>()((set, get) => ({
  root: null,
  policy: DEFAULT_POLICY,
  picked: [],
  saveAsPolicy: false,
  flow: { stage: 'closed' },
  confirmText: '',

  setConfirmText(text) {
    set({ confirmText: text });
  },

  async open(root, picked = []) {
    set({ root, picked, saveAsPolicy: false, flow: { stage: 'planning' } });
    const r = await getApi().api.invoke('reap.policy.get', { node: currentNode(), root });
    if (get().root !== root) return;
    set({ policy: r.ok ? r.result : DEFAULT_POLICY });
    await get().replan();
  },

  setPolicy(patch) {
    set({ policy: { ...get().policy, ...patch } });
  },

  setSaveAsPolicy(save) {
    set({ saveAsPolicy: save });
  },

  setPicked(picked) {
    set({ picked });
  },

  async replan() {
    const { root, policy, picked, saveAsPolicy } = get();
    if (!root) return;
    const seq = ++planSeq;
    // A new plan asks for its own confirmation (another store, another text): nothing typed carries over.
    set({ flow: { stage: 'planning' }, confirmText: '' });
    const { api } = getApi();
    const node = currentNode();
    if (saveAsPolicy && picked.length === 0) {
      const saved = await api.invoke('reap.policy.set', { node, root, policy });
      if (!saved.ok) {
        if (seq === planSeq) set({ flow: { stage: 'plan-error', message: `the policy was not saved: ${saved.message}` } });
        return;
      }
    }
    const scanJobId = useScanStore.getState().jobId ?? undefined;
    const r = await api.invoke('reap.plan', picked.length > 0 ? { node, root, policy, partitions: picked, scanJobId } : { node, root, policy });
    if (seq !== planSeq || get().root !== root) return;
    set({ flow: r.ok ? { stage: 'plan', plan: r.result } : { stage: 'plan-error', message: r.message } });
  },

  async confirm() {
    const flow = get().flow;
    if (flow.stage !== 'plan' || flow.plan.entries.length === 0) return;
    const { plan } = flow;
    // A stopped data store's units go only with its confirmation typed back exactly (the backend checks too).
    const typed = get().confirmText;
    if (!reapConfirmReady(plan, typed)) return;
    set({ flow: { stage: 'reaping', plan, progress: null } });
    const { api } = getApi();
    const unsubscribe = api.subscribe('reap.progress', (p) => {
      const now = get().flow;
      if (now.stage === 'reaping' && p.planId === plan.planId) set({ flow: { ...now, progress: p } });
    });
    try {
      const r = await api.invoke('reap.execute', plan.confirm ? { planId: plan.planId, confirm: typed } : { planId: plan.planId });
      set({ flow: r.ok ? { stage: 'done', plan, result: r.result } : { stage: 'reap-error', plan, message: r.message } });
    } finally {
      unsubscribe();
    }
    // Either way the disk may have changed: the filesystem bars, the treemap of the root and hidden usage (its
    // reconciliation is df's used bytes) show what is true now.
    const root = get().root;
    if (root && useScanStore.getState().root === root) void useScanStore.getState().start(root);
    await Promise.all([useNodeStore.getState().refreshFilesystems({ changed: true }), useHeldStore.getState().refresh()]);
  },

  close() {
    const flow = get().flow;
    if (flow.stage === 'reaping') return;
    planSeq++;
    set({ flow: { stage: 'closed' }, confirmText: '' });
  },
}));
