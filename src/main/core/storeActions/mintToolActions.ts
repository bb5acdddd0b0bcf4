// Which tool actions a detected store offers, decided from the listing that found it: a journald vacuum, the
// truncation of a container's active log, unlinking the core dumps listed, apt-get clean. Each draft holds
// the identities execution re-checks (the directory's device and inode, each file's), the exact parameters
// and the bytes it is expected to free. A store whose directory the listing did not identify offers none.
import type { DataStore, StoreAction } from '../../../shared/dataStoreModels';
import { formatBytes } from '../../../shared/formatBytes';
import { displayName } from '../common/displayName';
import type { DetectedStore } from '../dataStores/detectedStore';
import { joinPath, nameOf, parentOf, type DirIndex } from '../dataStores/dirIndex';
import { shellWord } from '../dataStores/storeGuidance';
import type { ListedEntry } from '../dataStores/storeRecords';
import type { DirIdentity, FileIdentity, ToolActionDraft } from './toolActionSpec';

/** Core dumps one action unlinks at most (its stdin and the saved action stay small); a later listing offers the rest. */
export const MAX_CORE_FILES = 2000;
/** "--vacuum-size=1K": below any journal file, so every archived file goes (the active ones never do). */
export const VACUUM_ALL_ARCHIVED = '1K';
/** journald grows a journal file in steps of this many bytes (FILE_SIZE_INCREASE), a new one included. */
export const JOURNAL_ALLOCATION_STEP = 8 * 1024 * 1024;
const ARCHIVED_JOURNAL = /@.*\.journal~?$/s;
const JOURNAL_FILE = /\.journal~?$/s;
const CORE_FILE = /^core\..+/s;

function dirIdentity(index: DirIndex, path: string): DirIdentity | null {
  const e = index.get(path);
  return e && e.type === 'd' ? { path, dev: e.dev, ino: e.ino } : null;
}

function fileIdentity(e: ListedEntry): FileIdentity {
  return { name: nameOf(e.path), dev: e.dev, ino: e.ino, size: e.size, blocks: e.blocks, mtime: e.mtime };
}

/** Allocated bytes an unlink frees: an inode's only when this is its last link. */
function freedByUnlink(e: ListedEntry): number {
  return e.nlink <= 1 ? e.blocks * 512 : 0;
}

function journald(store: DetectedStore, index: DirIndex): ToolActionDraft[] {
  const dir = dirIdentity(index, store.path);
  if (!dir) return [];
  const journals = index.files(store.path).filter((e) => JOURNAL_FILE.test(nameOf(e.path)));
  const archived = journals.filter((e) => ARCHIVED_JOURNAL.test(nameOf(e.path)));
  const active = journals.filter((e) => !ARCHIVED_JOURNAL.test(nameOf(e.path)));
  const archivedBytes = archived.reduce((n, e) => n + e.blocks * 512, 0);
  const activeBytes = active.reduce((n, e) => n + e.blocks * 512, 0);
  const path = displayName(store.path);
  const base = { storeKind: store.kind, dir, confirm: null, risk: 'data-loss' as const };
  const out: ToolActionDraft[] = [];
  const vacuum = `journalctl --directory=${shellWord(path)} --vacuum-size=${VACUUM_ALL_ARCHIVED}`;
  if (archived.length > 0) {
    out.push({
      ...base,
      kind: 'journald-vacuum',
      vacuumSize: VACUUM_ALL_ARCHIVED,
      vacuumTime: null,
      rotate: false,
      expectedFreeBytes: archivedBytes,
      command: vacuum,
      summary: `removes the ${archived.length} archived journal file${archived.length === 1 ? '' : 's'} (${formatBytes(archivedBytes)}) through journald's own vacuum, which frees their blocks even while a reader holds them; the active files stay`,
    });
  }
  // Only journald can archive its active files: offered where it holds them.
  const journaldRuns = store.holders.some((h) => /^systemd-journal/.test(h.comm));
  // A new active file starts with journald's first allocation step (8 MiB), one per file rotated: that much
  // of the active bytes does not come back.
  const activeFreed = active.reduce((n, e) => n + Math.max(0, e.blocks * 512 - JOURNAL_ALLOCATION_STEP), 0);
  if (journaldRuns && activeBytes > 0) {
    out.push({
      ...base,
      kind: 'journald-vacuum',
      vacuumSize: VACUUM_ALL_ARCHIVED,
      vacuumTime: null,
      rotate: true,
      expectedFreeBytes: archivedBytes + activeFreed,
      command: `journalctl --rotate && ${vacuum}`,
      summary: `asks journald to archive its active files (every journal of the node), then removes every archived file here: the whole journal history (${formatBytes(archivedBytes + activeBytes)}) goes`,
    });
  }
  return out;
}

function containerLog(store: DetectedStore, index: DirIndex, shown: DataStore | null): ToolActionDraft[] {
  const activePath = store.activeFiles[0];
  const active = activePath ? index.get(activePath) : undefined;
  const dir = activePath ? dirIdentity(index, parentOf(activePath)) : null;
  if (!active || active.type !== 'f' || !dir) return [];
  // The name the operator must type: what detection's own truncate action asks for (the container's short id
  // or its name), else the container directory's name.
  const asked = shown?.actions.find((a) => a.command.startsWith('truncate ') && a.confirm)?.confirm;
  const container = asked ?? (store.kind === 'docker-json' ? (store.details.containerName ?? (store.details.containerId ?? nameOf(store.path)).slice(0, 12)) : displayName(nameOf(store.path)));
  return [
    {
      kind: 'truncate-container-log',
      storeKind: store.kind,
      dir,
      file: fileIdentity(active),
      container,
      confirm: container,
      risk: 'data-loss',
      expectedFreeBytes: active.blocks * 512,
      command: `truncate -s 0 ${shellWord(displayName(activePath))}`,
      summary: `empties container ${container}'s active log in place (the lines since its last rotation are lost); only while every writer has it open with O_APPEND, else truncation leaves NUL bytes that break docker logs`,
    },
  ];
}

function coredump(store: DetectedStore, index: DirIndex): ToolActionDraft[] {
  const dir = dirIdentity(index, store.path);
  if (!dir) return [];
  const cores = index
    .files(store.path)
    .filter((e) => CORE_FILE.test(nameOf(e.path)))
    // The largest first: a node with more than an action's worth frees the most now.
    .sort((a, b) => b.blocks - a.blocks || (a.path < b.path ? -1 : 1))
    .slice(0, MAX_CORE_FILES);
  if (cores.length === 0) return [];
  const bytes = cores.reduce((n, e) => n + freedByUnlink(e), 0);
  const path = displayName(store.path);
  return [
    {
      kind: 'unlink-core-dumps',
      storeKind: store.kind,
      dir,
      files: cores.map(fileIdentity),
      confirm: null,
      risk: 'low',
      expectedFreeBytes: bytes,
      command: `unlink the ${cores.length} core file${cores.length === 1 ? '' : 's'} listed in ${shellWord(path)} (each only with its listed inode and size, none open by a process)`,
      summary: `removes ${cores.length} core dump${cores.length === 1 ? '' : 's'} (${formatBytes(bytes)}) found at this listing; a core written or replaced since is left`,
    },
  ];
}

function aptCache(store: DetectedStore, index: DirIndex): ToolActionDraft[] {
  const dir = dirIdentity(index, store.path);
  if (!dir) return [];
  const debs = store.managedFiles.map((p) => index.get(p)).filter((e): e is ListedEntry => e !== undefined);
  const bytes = debs.reduce((n, e) => n + freedByUnlink(e), 0);
  // Pinned to the listed cache: a cache found elsewhere (a chroot's) is cleaned, not the system's.
  return [
    {
      kind: 'apt-clean',
      storeKind: store.kind,
      dir,
      confirm: null,
      risk: 'low',
      expectedFreeBytes: bytes,
      command: `apt-get -o Dir::Cache=${shellWord(displayName(store.path))} clean`,
      summary: `removes apt's ${debs.length} downloaded package${debs.length === 1 ? '' : 's'} (${formatBytes(bytes)}), only while no apt or dpkg holds its locks`,
    },
  ];
}

/** The tool actions a store offers; `shown` is its wire form (for the confirm text detection chose). */
export function toolActionDrafts(store: DetectedStore, index: DirIndex, shown: DataStore | null = null): ToolActionDraft[] {
  switch (store.kind) {
    case 'journald':
      return journald(store, index);
    case 'docker-json':
    case 'kubelet-cri':
      return containerLog(store, index, shown);
    case 'coredump':
      return coredump(store, index);
    case 'apt-cache':
      return aptCache(store, index);
    default:
      return [];
  }
}

/**
 * The operator actions a tool action makes redundant (the same command shown to copy): dropped from the list
 * where the tool's own, with an id, is offered.
 */
export function supersededBy(kind: ToolActionDraft['kind'], action: StoreAction): boolean {
  if (action.runnableBy !== 'operator') return false;
  switch (kind) {
    case 'journald-vacuum':
      return /^journalctl --directory=\S+ --vacuum-size=/.test(action.command);
    case 'truncate-container-log':
      return action.command.startsWith('truncate -s 0 ');
    case 'unlink-core-dumps':
      return action.command.startsWith('find ') && action.command.endsWith('-delete');
    case 'apt-clean':
      return action.command === 'apt-get clean';
  }
}

/** Joins a tool path to a name for display. */
export function displayFile(dir: string, name: string): string {
  return displayName(joinPath(dir, name));
}
