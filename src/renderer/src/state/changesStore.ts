// What grew since an earlier scan (issue 19), for the node view's Changes tab: the stored scans of the
// treemap's root (scan.history.list) and the diff of its latest scan, or the job on screen, against the one
// picked (scan.diff at that scan's time; by default the one before). Replies to an older request are dropped.
import { create } from 'zustand';
import type { ScanDiff, StoredScan } from '../../../shared/historyModels';
import { getApi } from '../api/getApi';
import { currentNode } from './navStore';
import { useScanStore } from './scanStore';
import { useNodeStore } from './nodeStore';
import type { ScanSummary, WireTreeNode } from '../../../shared/models';
import { desktopTransfers, uploadNcdu, type ImportAnswer } from '../api/ncduTransfer';
import { formatBytes } from '../format';

/** An ncdu export opened in the window: its scan job, kept under its label instead of a node. */
export interface ImportedView {
  label: string;
  root: string;
  jobId: string;
  file: string;
  summary: ScanSummary | null;
}

/** Stored scans offered to compare with, newest first. */
export const LISTED_SCANS = 100;

interface ChangesState {
  /** node, root and job the results are for: a change of any of them reloads. */
  loadedFor: string | null;
  scans: StoredScan[];
  /** The time of the stored scan picked to compare with; null: the one before the latest. */
  fromAt: number | null;
  diff: ScanDiff | null;
  loading: boolean;
  error: string | null;
  /** The treemap's Changes colours: each tile path's change since the scan compared with (null: not known). */
  tiles: { key: string; byPath: Record<string, number | null> } | null;
  /** Fetches the changes of the tree under `nodeId` (the treemap's focus; the root when omitted). */
  loadTileChanges(nodeId?: number): Promise<void>;
  /** An import on screen instead of the treemap's root; null: the root. */
  imported: ImportedView | null;
  /** An upload in progress (its file name), or why the last one failed. */
  upload: { file: string; error: string | null } | null;
  /** Uploads an export and shows what changed since the previous import under its label. */
  openImport(file: Blob & { name: string }): Promise<void>;
  /** Electron: opens an export the user picks in the main process's dialog (the file never crosses IPC). */
  openImportFromDialog(): Promise<void>;
  /** Electron: writes the root's export where the user picks; what it is doing or did, for the button's side. */
  saveExport(node: string, root: string): Promise<void>;
  desktopExport: { busy: boolean; text: string } | null;
  /** Back to the treemap's root. */
  closeImport(): void;
  /** Reads the list and the diff for the treemap's root, unless they are already for it. */
  loadIfStale(): Promise<void>;
  load(): Promise<void>;
  pick(scannedAt: number | null): Promise<void>;
}

/** The key of what is on screen: the node, the treemap's root and its finished job. */
export function changesKey(): string | null {
  const imported = useChangesStore.getState().imported;
  if (imported) return JSON.stringify([imported.label, imported.root, imported.jobId]);
  const { root, jobId, progress } = useScanStore.getState();
  if (!root) return null;
  const job = progress?.state === 'done' ? jobId : null;
  return JSON.stringify([currentNode(), root, job]);
}

/** Shows an opened export: in the Changes tab against the previous import under its label, and in the treemap. */
async function showOpened(answer: ImportAnswer, file: string): Promise<void> {
  const set = useChangesStore.setState;
  const get = useChangesStore.getState;
  set({ upload: null, imported: { label: answer.label, root: answer.root, jobId: answer.jobId, file, summary: null }, fromAt: null });
  // The treemap and the partition grid show the import too, with the node's actions off.
  void useScanStore.getState().showImported(answer.jobId, answer.root, { label: answer.label, file });
  const summary = await getApi().api.invoke('scan.summary', { jobId: answer.jobId });
  if (summary.ok && get().imported?.jobId === answer.jobId) set({ imported: { ...get().imported!, summary: summary.result } });
  await get().load();
}

let seq = 0;
/** scan.changes requests made per job and comparison (key:nodeId): each level is fetched once. */
const tileRequests = new Set<string>();

export const useChangesStore = create<ChangesState>()((set, get) => ({
  loadedFor: null,
  scans: [],
  fromAt: null,
  diff: null,
  loading: false,
  error: null,
  imported: null,
  upload: null,
  tiles: null,
  desktopExport: null,
  async loadTileChanges(nodeId) {
    const { jobId, progress } = useScanStore.getState();
    if (!jobId || progress?.state !== 'done') return;
    const fromAt = get().fromAt;
    const key = JSON.stringify([jobId, fromAt]);
    const loaded = get().tiles?.key === key ? get().tiles : null;
    if (loaded && nodeId !== undefined && tileRequests.has(`${key}:${nodeId}`)) return;
    if (loaded && nodeId === undefined && tileRequests.has(`${key}:root`)) return;
    tileRequests.add(`${key}:${nodeId ?? 'root'}`);
    const r = await getApi().api.invoke('scan.changes', { jobId, ...(nodeId !== undefined ? { nodeId } : {}), ...(fromAt !== null ? { at: fromAt } : {}) });
    if (!r.ok) {
      tileRequests.delete(`${key}:${nodeId ?? 'root'}`);
      return;
    }
    if (JSON.stringify([useScanStore.getState().jobId, get().fromAt]) !== key) return;
    const byId = new Map(r.result.changes.map((c) => [c.id, c.deltaBytes]));
    const byPath: Record<string, number | null> = { ...(get().tiles?.key === key ? get().tiles!.byPath : {}) };
    const walk = (n: WireTreeNode) => {
      if (byId.has(n.id)) byPath[n.path] = byId.get(n.id)!;
      for (const c of n.children ?? []) walk(c);
    };
    walk(r.result.tree);
    set({ tiles: { key, byPath } });
  },
  async openImport(file) {
    set({ upload: { file: file.name, error: null } });
    let answer: ImportAnswer;
    try {
      answer = await uploadNcdu(file);
    } catch (err) {
      set({ upload: { file: file.name, error: (err as Error).message } });
      return;
    }
    await showOpened(answer, file.name);
  },
  async openImportFromDialog() {
    const ncdu = desktopTransfers();
    if (!ncdu) return;
    set({ upload: { file: 'the export', error: null } });
    const r = await ncdu.openExport((bytes) => set({ upload: { file: `the export (${formatBytes(bytes)} read)`, error: null } }));
    if (!r.ok) set({ upload: { file: 'the export', error: r.message } });
    else if (!r.result) set({ upload: null });
    else await showOpened(r.result, r.result.file);
  },
  async saveExport(node, root) {
    const ncdu = desktopTransfers();
    if (!ncdu || get().desktopExport?.busy) return;
    set({ desktopExport: { busy: true, text: 'Choosing where to save…' } });
    const r = await ncdu.exportRoot(node, root, (bytes) => set({ desktopExport: { busy: true, text: `Writing… ${formatBytes(bytes)}` } }));
    if (!r.ok) set({ desktopExport: { busy: false, text: `Export failed: ${r.message}` } });
    else if (!r.result) set({ desktopExport: null });
    else set({ desktopExport: { busy: false, text: `Saved ${formatBytes(r.result.bytes)} to ${r.result.path}${r.result.partial ? ' (partial: some entries could not be read)' : ''}` } });
  },
  closeImport() {
    set({ imported: null, upload: null, fromAt: null });
    const root = useNodeStore.getState().selectedRoot;
    // The node's own root is scanned again in the import's place (that reloads the changes as it ends).
    if (useScanStore.getState().imported) {
      if (root) void useScanStore.getState().start(root);
      else useScanStore.getState().reset();
    }
    void get().load();
  },
  async loadIfStale() {
    const key = changesKey();
    if (key !== null && key !== get().loadedFor) await get().load();
  },
  async load() {
    const key = changesKey();
    if (key === null) return;
    const [node, root, job] = JSON.parse(key) as [string, string, string | null];
    const mine = ++seq;
    // A new root or node starts from its default comparison; a new job of the same root keeps the pick.
    const sameRoot = get().loadedFor !== null && JSON.stringify((JSON.parse(get().loadedFor!) as unknown[]).slice(0, 2)) === JSON.stringify([node, root]);
    const fromAt = sameRoot ? get().fromAt : null;
    set({ loading: true, error: null, loadedFor: key, fromAt, ...(sameRoot ? {} : { scans: [], diff: null }) });
    const { api } = getApi();
    const [list, diff] = await Promise.all([
      api.invoke('scan.history.list', { node, root, limit: LISTED_SCANS }),
      api.invoke('scan.diff', { node, root, ...(job ? { jobId: job } : {}), ...(fromAt !== null ? { at: fromAt } : {}) }),
    ]);
    if (mine !== seq) return;
    if (!list.ok || !diff.ok) {
      set({ loading: false, error: (!list.ok ? list.message : !diff.ok ? diff.message : null) ?? 'failed' });
      return;
    }
    set({ loading: false, scans: list.result.scans, diff: diff.result });
  },
  async pick(scannedAt) {
    set({ fromAt: scannedAt });
    await get().load();
  },
}));

// Another root picked (or the node changed) while an import was on screen: the scan store dropped the import,
// so the Changes tab goes back to the node too.
useScanStore.subscribe((s, prev) => {
  if (prev.imported && !s.imported && useChangesStore.getState().imported) useChangesStore.setState({ imported: null, upload: null, fromAt: null });
});
