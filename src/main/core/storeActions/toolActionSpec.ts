// A tool action as it is kept between `stores.list` (which mints it) and `stores.act` (which runs it, once):
// everything execution re-checks on the node, with nothing taken from the caller but the id and the confirm
// text. Paths are raw (latin1, one char per byte: the node's bytes), identities as the listing read them.
import type { DataStoreKind, StoreAction } from '../../../shared/dataStoreModels';
import type { ToolActionKind } from '../../../shared/storeActionModels';

/** A directory as the listing saw it: physical path, device and inode. */
export interface DirIdentity {
  path: string;
  dev: number;
  ino: number;
}

/** A file as the listing saw it, by its name in its (verified) directory. */
export interface FileIdentity {
  name: string;
  dev: number;
  ino: number;
  size: number;
  blocks: number;
  mtime: number;
}

interface SpecBase {
  actionId: string;
  node: string;
  createdAt: number;
  expiresAt: number;
  storeKind: DataStoreKind;
  /** The store's directory, the one every step is taken from. */
  dir: DirIdentity;
  expectedFreeBytes: number;
  /** The text --confirm must equal, or null. */
  confirm: string | null;
  /** What runs, as shown to the operator (display form). */
  command: string;
  summary: string;
  risk: StoreAction['risk'];
}

export interface JournaldVacuumSpec extends SpecBase {
  kind: 'journald-vacuum';
  /** journalctl's --vacuum-size value ("1K": every archived file) or null. */
  vacuumSize: string | null;
  /** journalctl's --vacuum-time value ("2weeks") or null. */
  vacuumTime: string | null;
  /** journalctl --rotate first, so the active files become archived and vacuumable (needs journald running). */
  rotate: boolean;
}

export interface TruncateLogSpec extends SpecBase {
  kind: 'truncate-container-log';
  file: FileIdentity;
  /** The container it belongs to (display form), the confirm text. */
  container: string;
}

export interface UnlinkCoresSpec extends SpecBase {
  kind: 'unlink-core-dumps';
  files: FileIdentity[];
}

export interface AptCleanSpec extends SpecBase {
  kind: 'apt-clean';
}

export type ToolActionSpec = JournaldVacuumSpec | TruncateLogSpec | UnlinkCoresSpec | AptCleanSpec;

/** A spec before it has an id, a node and a lifetime: what minting decides from the listing. */
export type ToolActionDraft = ToolActionSpec extends infer S ? (S extends ToolActionSpec ? Omit<S, 'actionId' | 'node' | 'createdAt' | 'expiresAt'> : never) : never;

export const TOOL_ACTION_KINDS: readonly ToolActionKind[] = ['journald-vacuum', 'truncate-container-log', 'unlink-core-dumps', 'apt-clean'];

/** The wire form `stores.list` shows for a minted action. */
export function wireAction(spec: ToolActionSpec): StoreAction {
  return {
    id: spec.actionId,
    command: spec.command,
    summary: spec.summary,
    runnableBy: 'tool',
    risk: spec.risk,
    expectedFreeBytes: spec.expectedFreeBytes,
    confirm: spec.confirm,
  };
}
