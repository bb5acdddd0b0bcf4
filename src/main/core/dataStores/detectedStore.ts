// A data store as detection found it, before it is told on the wire: raw paths, the exact set of files it
// manages, and the figures its guidance is written from.
import type { DataStoreKind, StoreEvidence, StoreHolder } from '../../../shared/dataStoreModels';
import type { DirIndex } from './dirIndex';
import type { StoreReads } from './storeRecords';

/** A unit a stopped store may lose whole (a Prometheus block directory), with what orders it (oldest first). */
export interface StoreUnit {
  path: string;
  /** Prometheus: the block's maxTime (ms); else the newest mtime inside (s). Larger is newer. */
  order: number;
}

export interface StoreDetails {
  version?: string;
  /** PostgreSQL. */
  walBytes?: number;
  walSegments?: number;
  readyForArchive?: number;
  slots?: string[];
  /** MySQL/MariaDB: binary (or relay) logs in index order, and the index file. */
  binlogs?: { name: string; bytes: number }[];
  indexPath?: string;
  relay?: boolean;
  /** journald. */
  archivedBytes?: number;
  archivedFiles?: number;
  activeBytes?: number;
  /** Docker json-file. */
  containerId?: string;
  /** Docker's name for it (config.v2.json's Name without its slash); null when unreadable. */
  containerName?: string | null;
  logMaxSize?: string | null;
  logMaxFile?: string | null;
  /** Kafka: partition directories by size. */
  partitions?: { name: string; bytes: number }[];
  /** ClickHouse. */
  detachedBytes?: number;
  shadowBytes?: number;
  /** apt cache. */
  debs?: number;
  /** snap: revisions by snap. */
  snaps?: { name: string; revision: string; bytes: number }[];
  /** generic WAL: the sibling that marks it (a lock, checkpoint or manifest). */
  marker?: string;
  /** A process that names the store in its arguments (a server's data directory flag). */
  serverPid?: number;
}

export interface DetectedStore {
  kind: DataStoreKind;
  /** Raw absolute path of the store (a directory, or the binlog index). */
  path: string;
  /** Directories whose every file the store manages. */
  managedDirs: string[];
  /** Single files it manages (binary logs and their index, a container's logs). */
  managedFiles: string[];
  /** Files a reap never takes even where the kind allows rotated files: the active logs. */
  activeFiles: string[];
  /** For kinds a stopped store may lose whole units of (prometheus-tsdb): its units. */
  units: StoreUnit[];
  evidence: StoreEvidence[];
  details: StoreDetails;
  /** Filled in after detection: who holds a file or a lock in it now. */
  holders: StoreHolder[];
  /** Filled in after detection: allocated bytes and files it manages, as far as the listing went. */
  bytes: number;
  files: number;
}

export interface Processes {
  comms: ReadonlyMap<number, string>;
  cmdlines: ReadonlyMap<number, readonly string[]>;
}

/** What every detector reads. */
export interface DetectionContext {
  index: DirIndex;
  reads: StoreReads;
  processes: Processes;
}

export function newStore(kind: DataStoreKind, path: string, evidence: StoreEvidence[], more: Partial<DetectedStore> = {}): DetectedStore {
  return { kind, path, managedDirs: [], managedFiles: [], activeFiles: [], units: [], evidence, details: {}, holders: [], bytes: 0, files: 0, ...more };
}
