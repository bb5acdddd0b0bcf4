// Which directory or file is a partition: the unit a store rolls and an operator reaps.
// Names are matched as raw bytes carried in latin1 strings; all patterns are ASCII so that is exact.
import type { PartitionKind } from '../../../shared/models';
import type { DataStoreKind } from '../../../shared/dataStoreModels';

const YEAR = /^(19|20)\d{2}$/;
const DAY_OF_YEAR = /^\d{3}$/;
const TWO_DIGITS = /^\d{2}$/;
const ISO_DATE = /^((19|20)\d{2})-(\d{2})-(\d{2})$/;

function inRange(s: string, lo: number, hi: number): boolean {
  const n = Number(s);
  return n >= lo && n <= hi;
}

/**
 * A day directory: `YYYY/DDD`, `YYYY/MM/DD` or `YYYY-MM-DD`.
 * `ancestors` are the directory's parent names, nearest first.
 */
export function isDayDirectory(name: string, ancestors: readonly string[]): boolean {
  const iso = ISO_DATE.exec(name);
  if (iso) return inRange(iso[3], 1, 12) && inRange(iso[4], 1, 31);
  const [parent, grandparent] = ancestors;
  if (DAY_OF_YEAR.test(name) && parent !== undefined && YEAR.test(parent)) return inRange(name, 1, 366);
  if (
    TWO_DIGITS.test(name) &&
    parent !== undefined &&
    grandparent !== undefined &&
    TWO_DIGITS.test(parent) &&
    YEAR.test(grandparent)
  ) {
    return inRange(name, 1, 31) && inRange(parent, 1, 12);
  }
  return false;
}

// Literal digits only right after a letter (sqlite3, bz2), and character classes with all ten digits or none:
// fileClassMemo.ts classifies names that differ only in other digits once, and its seeded test checks this.
// dotAll (s): a name may hold a newline and still be a partition.
const SQLITE = /^(.+\.(?:sqlite|sqlite3|db|db3|s3db))(-wal|-shm|-journal)?$/is;
const COMPRESSED = '(?:\\.(?:gz|xz|bz2|zst|lz4|z))?';
// app.log.3, app.log.3.gz, syslog.1
const ROTATED_NUMBERED = new RegExp(`^(.+)\\.(\\d{1,3})${COMPRESSED}$`, 'is');
// app.log-20260430, app.log-20260430.gz, app.log.2026-04-30.gz, kubelet's 0.log.20260430-120000
const ROTATED_DATED = new RegExp(`^(.+)[-.](\\d{8}(?:-\\d{6})?|\\d{4}-\\d{2}-\\d{2})${COMPRESSED}$`, 'is');
// seg-000042.log, 00000000000000123456.log, wal_00017
const SEGMENT = /^(?:[A-Za-z][A-Za-z0-9_]*[-_.])?\d{5,}(?:\.[A-Za-z0-9]+){0,2}$/;
const FIVE_DIGITS = /\d{5}/;
const ENDS_ROTATED = /(\d|\.(gz|xz|bz2|zst|lz4|z))$/i;

/**
 * One Kafka segment: its log, its indexes and snapshot, and their transient renames while the broker deletes,
 * cleans or swaps them. Grouped under the log's name, so a reap takes a segment whole or not at all.
 */
const KAFKA_SEGMENT = /^(\d{5,})\.(?:log|index|timeindex|snapshot|txnindex)(?:\.(?:deleted|cleaned|swap))?$/;
/** MySQL/MariaDB binary and relay logs by their usual names: binlog.000001, mysql-bin.000042, host-relay-bin.000003. */
const BINLOG = /^(?:.*[-_.])?(?:bin|binlog)\.\d{6,}$/s;
/** PostgreSQL WAL: 24 hex digits (timeline, log, segment), its .partial, timeline .history and .backup labels. */
const PG_WAL = /^(?:[0-9A-F]{24}(?:\.partial|\.[0-9A-F]{8}\.backup)?|[0-9A-F]{8}\.history)$/;
/** Prometheus: wal/ segments (8 digits), chunks_head/ and a block's chunks/ files (6 digits). */
const PROMETHEUS_WAL = /^\d{8}$/;
const PROMETHEUS_CHUNKS = /^\d{6}$/;

export interface FileClass {
  /** Files with the same group key in one directory form one tile and one reap unit. */
  groupKey: string;
  partition: PartitionKind | null;
  /**
   * A store whose own file this name is, by the name alone (and its directory's name): a reap plan never takes
   * it as a plain segment, whether or not the store itself was detected.
   */
  storeHint?: DataStoreKind;
}

const PLAIN: FileClass = { groupKey: '', partition: null };

/** By name (and, where the store's layout needs it, the parent directory's name): a store's own file, or null. */
export function storeHintOf(name: string, parent?: string): DataStoreKind | null {
  if (PG_WAL.test(name)) return 'postgresql';
  // Every segment of a scan comes here: the substring gate spares them BINLOG's backtracking `.*`.
  if (name.includes('bin') && BINLOG.test(name)) return 'mysql-binlog';
  if ((parent === 'wal' || parent?.startsWith('checkpoint.')) && PROMETHEUS_WAL.test(name)) return 'prometheus-tsdb';
  if ((parent === 'chunks_head' || parent === 'chunks') && PROMETHEUS_CHUNKS.test(name)) return 'prometheus-tsdb';
  return null;
}

/**
 * Classify a file by its name: a SQLite file with its -wal/-shm/-journal is one unit, a Kafka segment with its
 * indexes is one unit. `parent` (the directory's name) only adds the store hint of layouts that need it.
 */
export function classifyFile(name: string, parent?: string): FileClass {
  // Runs once a file, so cheap gates come before the full patterns.
  if (name.includes('.s') || name.includes('.d') || name.includes('.S') || name.includes('.D')) {
    const sqlite = SQLITE.exec(name);
    if (sqlite) return { groupKey: sqlite[1], partition: 'sqlite' };
  }
  const kafka = KAFKA_SEGMENT.exec(name);
  if (kafka) {
    // The .log file names its own group: its name, not a rope of a slice of it and ".log" (three strings,
    // kept for as long as the segment is).
    const logName = name.length === kafka[1].length + 4 && name.endsWith('.log') ? name : `${kafka[1]}.log`;
    return { groupKey: logName, partition: 'segment' };
  }
  if (ENDS_ROTATED.test(name) && (ROTATED_NUMBERED.test(name) || ROTATED_DATED.test(name))) {
    return withHint({ groupKey: name, partition: 'rotated' }, name, parent);
  }
  if (FIVE_DIGITS.test(name) && SEGMENT.test(name)) return withHint({ groupKey: name, partition: 'segment' }, name, parent);
  if (PG_WAL.test(name)) return { groupKey: name, partition: 'segment', storeHint: 'postgresql' };
  // mysql-bin.000042 is no partition by shape, but still a binlog by name (the gate keeps the scan's cost).
  if (name.includes('bin.') && BINLOG.test(name)) return { ...PLAIN, groupKey: name, storeHint: 'mysql-binlog' };
  return { ...PLAIN, groupKey: name };
}

function withHint(cls: FileClass, name: string, parent: string | undefined): FileClass {
  const hint = storeHintOf(name, parent);
  return hint ? { ...cls, storeHint: hint } : cls;
}
