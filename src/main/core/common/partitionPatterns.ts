// Which directory or file is a partition: the unit a store rolls and an operator reaps.
// Names are matched as raw bytes carried in latin1 strings; all patterns are ASCII so that is exact.
import type { PartitionKind } from '../../../shared/models';

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

// dotAll (s): a name may hold a newline and still be a partition.
const SQLITE = /^(.+\.(?:sqlite|sqlite3|db|db3|s3db))(-wal|-shm|-journal)?$/is;
const COMPRESSED = '(?:\\.(?:gz|xz|bz2|zst|lz4|z))?';
// app.log.3, app.log.3.gz, syslog.1
const ROTATED_NUMBERED = new RegExp(`^(.+)\\.(\\d{1,3})${COMPRESSED}$`, 'is');
// app.log-20260430, app.log-20260430.gz, app.log.2026-04-30.gz
const ROTATED_DATED = new RegExp(`^(.+)[-.](\\d{8}|\\d{4}-\\d{2}-\\d{2})${COMPRESSED}$`, 'is');
// seg-000042.log, 00000000000000123456.log, wal_00017
const SEGMENT = /^(?:[A-Za-z][A-Za-z0-9_]*[-_.])?\d{5,}(?:\.[A-Za-z0-9]+){0,2}$/;
const FIVE_DIGITS = /\d{5}/;
const ENDS_ROTATED = /(\d|\.(gz|xz|bz2|zst|lz4|z))$/i;

export interface FileClass {
  /** Files with the same group key in one directory form one tile and one reap unit. */
  groupKey: string;
  partition: PartitionKind | null;
}

const PLAIN: FileClass = { groupKey: '', partition: null };

/** Classify a file by its name: a SQLite file with its -wal/-shm/-journal is one unit. */
export function classifyFile(name: string): FileClass {
  // Runs once a file, so cheap gates come before the full patterns.
  if (name.includes('.s') || name.includes('.d') || name.includes('.S') || name.includes('.D')) {
    const sqlite = SQLITE.exec(name);
    if (sqlite) return { groupKey: sqlite[1], partition: 'sqlite' };
  }
  if (ENDS_ROTATED.test(name) && (ROTATED_NUMBERED.test(name) || ROTATED_DATED.test(name))) {
    return { groupKey: name, partition: 'rotated' };
  }
  if (FIVE_DIGITS.test(name) && SEGMENT.test(name)) return { groupKey: name, partition: 'segment' };
  return { ...PLAIN, groupKey: name };
}
