// Hidden usage: disk held by deleted-but-open files (held.scan), the list's sort, expansion and selection,
// and the reclaim flow: plan (held.plan) shown first, then Confirm (held.reclaim {planId}), then the result.
// Nothing destructive is sent without a plan the user has seen: reclaim takes the id of the plan on screen.
// Memory held the same way (memfds, shared memory, /dev/shm) is shown apart and is never selectable.
import { create } from 'zustand';
import type { HeldHolder, HeldMemoryFile, HeldReport, MemoryKind, ReclaimPlan, ReclaimResult } from '../../../shared/heldModels';
import { getApi } from '../api/getApi';
import { currentNode } from './navStore';
import { useNodeStore } from './nodeStore';

export type HeldSortKey = 'bytes' | 'files' | 'pid';

export interface HeldSort {
  key: HeldSortKey;
  desc: boolean;
}

/** Files picked in the list: held.plan takes one process, so a selection belongs to one pid. */
export interface HeldSelection {
  pid: number;
  fds: number[];
}

export type ReclaimStage =
  | { stage: 'closed' }
  | { stage: 'planning'; pid: number; fds: number[] | null; label: string }
  | { stage: 'plan-error'; pid: number; fds: number[] | null; label: string; message: string }
  | { stage: 'plan'; plan: ReclaimPlan; label: string }
  | { stage: 'reclaiming'; plan: ReclaimPlan; label: string }
  | { stage: 'reclaim-error'; plan: ReclaimPlan; label: string; message: string }
  | { stage: 'done'; plan: ReclaimPlan; label: string; result: ReclaimResult };

/** Hidden usage opened with a report older than this is read again (a held scan is not cheap). */
export const HELD_MAX_AGE_MS = 60_000;

interface HeldState {
  report: HeldReport | null;
  /** When the report arrived (ms since the epoch); null before the first. */
  fetchedAt: number | null;
  /** The last held.scan failed (e.g. the backend does not offer it yet): shown inline, never thrown. */
  error: { code: string; message: string } | null;
  loading: boolean;
  sort: HeldSort;
  expanded: ReadonlySet<number>;
  selection: HeldSelection | null;
  /** A holder to scroll to and highlight (from a click on its hatched treemap tile). */
  focusPid: number | null;
  /** The memory section is expanded (kept across tab switches). */
  memoryOpen: boolean;
  reclaim: ReclaimStage;
  refresh(): Promise<void>;
  /** Hidden usage was opened: read again when the report is over HELD_MAX_AGE_MS old (or missing). */
  refreshIfStale(): Promise<void>;
  setSort(key: HeldSortKey): void;
  toggleExpanded(pid: number): void;
  toggleFile(pid: number, fd: number): void;
  selectAllFiles(pid: number, fds: number[]): void;
  clearSelection(): void;
  focusHolder(pid: number | null): void;
  setMemoryOpen(open: boolean): void;
  /** Ask for a plan for a whole process (fds null) or some of its files. Shows the dialog. */
  plan(pid: number, fds: number[] | null): Promise<void>;
  /** Execute the plan on screen. */
  confirm(): Promise<void>;
  closeReclaim(): void;
  /** Forget the previous node's report and selection (the node view is switching nodes). */
  reset(): void;
}

/** "4242 flowctl-go" plus the unit when there is one. */
export function holderLabel(h: Pick<HeldHolder, 'pid' | 'comm' | 'unit'>): string {
  return `${h.pid} ${h.comm}${h.unit ? `, ${h.unit}` : ''}`;
}

/** Memory held by deleted-but-open files, summed: bytes (each inode once), files, processes. */
export function memorySummary(report: HeldReport): { bytes: number; files: number; processes: number } {
  return { bytes: report.memoryBytes, files: report.memory.length + report.moreMemory, processes: new Set(report.memory.map((m) => m.pid)).size };
}

const MEMORY_KIND_LABEL: Record<MemoryKind, string> = {
  memfd: 'memfd',
  sysv: 'SysV shm',
  anonymous: 'shared anon',
  'dev-shm': '/dev/shm',
  unmounted: 'no mount',
};

/** A short label for why a file is memory. */
export function memoryKindLabel(kind: MemoryKind): string {
  return MEMORY_KIND_LABEL[kind];
}

/** The memory files shown, largest first (the report lists them so; kept here for any other order given). */
export function memoryRows(report: HeldReport, limit: number): HeldMemoryFile[] {
  return [...report.memory].sort((a, b) => b.allocatedBytes - a.allocatedBytes || a.pid - b.pid || a.fd - b.fd).slice(0, limit);
}

export function sortHolders(holders: readonly HeldHolder[], sort: HeldSort): HeldHolder[] {
  const sign = sort.desc ? -1 : 1;
  const by = (h: HeldHolder) => (sort.key === 'bytes' ? h.heldBytes : sort.key === 'files' ? h.fileCount : h.pid);
  return [...holders].sort((a, b) => sign * (by(a) - by(b)) || a.pid - b.pid);
}

let refreshSeq = 0;

export const useHeldStore = create<HeldState>()((set, get) => ({
  report: null,
  fetchedAt: null,
  error: null,
  loading: false,
  sort: { key: 'bytes', desc: true },
  expanded: new Set<number>(),
  selection: null,
  focusPid: null,
  memoryOpen: false,
  reclaim: { stage: 'closed' },

  async refresh() {
    const seq = ++refreshSeq;
    set({ loading: true });
    const node = currentNode();
    const r = await getApi().api.invoke('held.scan', { node });
    if (seq !== refreshSeq || node !== currentNode()) return;
    if (!r.ok) {
      set({ loading: false, error: { code: r.code, message: r.message } });
      return;
    }
    const report = r.result;
    const pids = new Set(report.holders.map((h) => h.pid));
    const { selection, expanded } = get();
    // Keep what the user opened and picked, where it still exists.
    const keptSelection = selection && pids.has(selection.pid) ? selection : null;
    const stillThere = keptSelection
      ? new Set(report.holders.find((h) => h.pid === keptSelection.pid)!.files.map((f) => f.fd))
      : new Set<number>();
    const fds = keptSelection ? keptSelection.fds.filter((fd) => stillThere.has(fd)) : [];
    set({
      loading: false,
      error: null,
      report,
      fetchedAt: Date.now(),
      expanded: new Set([...expanded].filter((p) => pids.has(p))),
      selection: keptSelection && fds.length > 0 ? { pid: keptSelection.pid, fds } : null,
    });
  },

  async refreshIfStale() {
    const { loading, fetchedAt } = get();
    if (loading) return;
    if (fetchedAt !== null && Date.now() - fetchedAt <= HELD_MAX_AGE_MS) return;
    await get().refresh();
  },

  setSort(key) {
    const { sort } = get();
    // A new column starts largest first, except pid (ascending reads naturally); the same column flips.
    set({ sort: sort.key === key ? { key, desc: !sort.desc } : { key, desc: key !== 'pid' } });
  },

  toggleExpanded(pid) {
    const next = new Set(get().expanded);
    if (next.has(pid)) next.delete(pid);
    else next.add(pid);
    set({ expanded: next });
  },

  toggleFile(pid, fd) {
    const { selection } = get();
    if (!selection || selection.pid !== pid) {
      set({ selection: { pid, fds: [fd] } });
      return;
    }
    const fds = selection.fds.includes(fd) ? selection.fds.filter((x) => x !== fd) : [...selection.fds, fd];
    set({ selection: fds.length > 0 ? { pid, fds } : null });
  },

  selectAllFiles(pid, fds) {
    set({ selection: fds.length > 0 ? { pid, fds: [...fds] } : null });
  },

  clearSelection() {
    set({ selection: null });
  },

  focusHolder(pid) {
    if (pid === null) {
      set({ focusPid: null });
      return;
    }
    const expanded = new Set(get().expanded);
    expanded.add(pid);
    set({ focusPid: pid, expanded });
  },

  setMemoryOpen(open) {
    set({ memoryOpen: open });
  },

  async plan(pid, fds) {
    const holder = get().report?.holders.find((h) => h.pid === pid);
    const who = holder ? holderLabel(holder) : String(pid);
    const label = fds ? `${fds.length} selected ${fds.length === 1 ? 'file' : 'files'} of ${who}` : `every deleted file held by ${who}`;
    set({ reclaim: { stage: 'planning', pid, fds, label } });
    const r = await getApi().api.invoke('held.plan', fds ? { node: currentNode(), pid, fds } : { node: currentNode(), pid });
    const now = get().reclaim;
    if (now.stage !== 'planning' || now.pid !== pid) return;
    if (!r.ok) set({ reclaim: { stage: 'plan-error', pid, fds, label, message: r.message } });
    else set({ reclaim: { stage: 'plan', plan: r.result, label } });
  },

  async confirm() {
    const now = get().reclaim;
    if (now.stage !== 'plan' || now.plan.entries.length === 0) return;
    const { plan, label } = now;
    set({ reclaim: { stage: 'reclaiming', plan, label } });
    const r = await getApi().api.invoke('held.reclaim', { planId: plan.planId });
    if (!r.ok) {
      set({ reclaim: { stage: 'reclaim-error', plan, label, message: r.message } });
    } else {
      set({ reclaim: { stage: 'done', plan, label, result: r.result }, selection: null });
    }
    // Either way the disk may have changed: show what is true now (a filesystem read sent before the
    // reclaim ended is already old).
    await Promise.all([get().refresh(), useNodeStore.getState().refreshFilesystems({ changed: true })]);
  },

  reset() {
    refreshSeq++;
    set({ report: null, fetchedAt: null, error: null, loading: false, expanded: new Set<number>(), selection: null, focusPid: null, memoryOpen: false, reclaim: { stage: 'closed' } });
  },

  closeReclaim() {
    const { reclaim } = get();
    if (reclaim.stage === 'reclaiming') return;
    set({ reclaim: { stage: 'closed' } });
  },
}));
