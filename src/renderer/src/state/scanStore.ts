// One scan job of the selected root: start, live progress, cancel, and the results (aggregated tree and
// partition summary) fetched when the job ends. Deeper tree levels are fetched by node id on demand.
import { create } from 'zustand';
import type { ScanProgress, ScanSummary, WireTreeNode } from '../../../shared/models';
import { getApi } from '../api/getApi';
import { graft, resolveChain } from '../treemap/tree';
import { currentNode } from './navStore';
import { IMPORT_ACTIONS_DISABLED } from '../../../shared/nodeNames';
import { summaryWithoutMissingTimes, treeWithoutMissingTimes } from './importTimes';
export const TREE_DEPTH = 4;
/** Safety net under the pushed events (a reconnect can miss some): poll while running. */
const POLL_MS = 1000;

interface ScanState {
  root: string | null;
  jobId: string | null;
  /**
   * Set while the job on screen is an imported ncdu export (issue 19), not a scan of this node: its `root`
   * names a directory of another host, so nothing that acts on the node may be offered for it.
   */
  imported: ImportedOnScreen | null;
  progress: ScanProgress | null;
  /** When the job was seen to end (ms since the epoch): "scanned 3 min ago". Null while none has ended. */
  finishedAt: number | null;
  startError: string | null;
  tree: WireTreeNode | null;
  summary: ScanSummary | null;
  resultsError: string | null;
  loadingResults: boolean;
  /**
   * Colours are ages before this moment: the newest write under the root (on a live node that is now).
   * An archived root still shows which parts were written last instead of one uniform "old".
   */
  ageRefSec: number;
  /** Subscribes to pushed progress once; returns the unsubscribe function. */
  init(): () => void;
  start(root: string): Promise<void>;
  /** Shows an imported export's finished job (its tree and partitions) in place of the root's scan. */
  showImported(jobId: string, root: string, imported: ImportedOnScreen): Promise<void>;
  /** Cancel a running scan and forget the results (the node view is switching nodes). */
  reset(): void;
  cancel(): Promise<void>;
  /** Fetch deeper levels below the node at the end of `chain` and graft them in. Returns false on error. */
  expand(chain: readonly number[]): Promise<boolean>;
}

/** What the window says of an import on screen: the label it is kept under and the file it came from. */
export interface ImportedOnScreen {
  label: string;
  file: string;
}

/** Why an action is off while an import is on screen (a tooltip), or null when the scan is live. */
export function importedReason(imported: ImportedOnScreen | null): string | null {
  return imported ? `Off: ${imported.file} is ${IMPORT_ACTIONS_DISABLED}` : null;
}

let pollTimer: ReturnType<typeof setInterval> | null = null;
/** Bumped by every start, so a slow reply to an older start is recognised and its job cancelled. */
let startSeq = 0;

function stopPolling(): void {
  if (pollTimer) clearInterval(pollTimer);
  pollTimer = null;
}

export const useScanStore = create<ScanState>()((set, get) => {
  function applyProgress(p: ScanProgress): void {
    const { jobId, progress } = get();
    if (p.jobId !== jobId) return;
    // Snapshots can cross on the wire: a finished job never goes back to running.
    if (progress && progress.state !== 'running' && p.state === 'running') return;
    const ended = p.state !== 'running' && (!progress || progress.state === 'running');
    set(ended ? { progress: p, finishedAt: Date.now() } : { progress: p });
    if (ended) {
      stopPolling();
      void fetchResults(p.jobId);
    }
  }

  async function fetchResults(jobId: string): Promise<void> {
    const { api } = getApi();
    set({ loadingResults: true, resultsError: null });
    const [tree, summary] = await Promise.all([
      api.invoke('scan.tree', { jobId, depth: TREE_DEPTH }),
      api.invoke('scan.summary', { jobId }),
    ]);
    if (get().jobId !== jobId) return;
    const now = Date.now() / 1000;
    const imported = get().imported !== null;
    const shownTree = !tree.ok ? null : imported ? treeWithoutMissingTimes(tree.result.tree) : tree.result.tree;
    const newest = shownTree?.newestMtime ?? null;
    set({
      ageRefSec: newest === null ? now : Math.min(newest, now),
      loadingResults: false,
      tree: shownTree,
      summary: !summary.ok ? null : imported ? summaryWithoutMissingTimes(summary.result) : summary.result,
      resultsError: !tree.ok ? tree.message : !summary.ok ? summary.message : null,
    });
  }

  async function poll(jobId: string): Promise<void> {
    const r = await getApi().api.invoke('scan.progress', { jobId });
    if (r.ok) applyProgress(r.result);
  }

  /**
   * Cancels the running scan, if any, and forgets its results; `root` is what the view shows next, and `next`
   * the job taking its place, set in the same step (an import is never seen to go and come back).
   */
  function dropJob(root: string | null, next: { jobId: string; imported: ImportedOnScreen } | null = null): void {
    const { jobId, progress } = get();
    if (jobId && progress?.state === 'running') void getApi().api.invoke('scan.cancel', { jobId });
    stopPolling();
    set({ root, jobId: next?.jobId ?? null, imported: next?.imported ?? null, progress: null, finishedAt: null, startError: null, tree: null, summary: null, resultsError: null, loadingResults: false });
  }

  return {
    root: null,
    jobId: null,
    imported: null,
    progress: null,
    finishedAt: null,
    startError: null,
    tree: null,
    summary: null,
    resultsError: null,
    loadingResults: false,
    ageRefSec: Date.now() / 1000,

    init() {
      return getApi().api.subscribe('scan.progress', applyProgress);
    },

    async start(root) {
      dropJob(root);
      const seq = ++startSeq;
      const r = await getApi().api.invoke('scan.start', { node: currentNode(), root });
      if (seq !== startSeq) {
        if (r.ok) void getApi().api.invoke('scan.cancel', { jobId: r.result.jobId });
        return;
      }
      if (!r.ok) {
        set({ startError: r.message });
        return;
      }
      const jobId = r.result.jobId;
      set({ jobId });
      pollTimer = setInterval(() => void poll(jobId), POLL_MS);
      await poll(jobId);
    },

    async showImported(jobId, root, imported) {
      dropJob(root, { jobId, imported });
      // An older start still in flight must not replace the import when it answers.
      startSeq++;
      // The adopted job is already done: one progress read ends it here and fetches its tree and summary.
      await poll(jobId);
    },

    reset() {
      dropJob(null);
      startSeq++;
    },

    async cancel() {
      const { jobId } = get();
      if (!jobId) return;
      const r = await getApi().api.invoke('scan.cancel', { jobId });
      if (r.ok) await poll(jobId);
    },

    async expand(chain) {
      const { jobId, tree } = get();
      if (!jobId || !tree || chain.length === 0) return false;
      const nodes = resolveChain(tree, chain);
      if (nodes.length !== chain.length) return false;
      const target = nodes[nodes.length - 1];
      const r = await getApi().api.invoke(
        'scan.tree',
        chain.length === 1 ? { jobId, depth: TREE_DEPTH } : { jobId, nodeId: target.id, depth: TREE_DEPTH },
      );
      const now = get();
      if (now.jobId !== jobId || !now.tree) return false;
      if (!r.ok) {
        set({ resultsError: r.message });
        return false;
      }
      set({ tree: graft(now.tree, chain, now.imported ? treeWithoutMissingTimes(r.result.tree) : r.result.tree) });
      return true;
    },
  };
});
