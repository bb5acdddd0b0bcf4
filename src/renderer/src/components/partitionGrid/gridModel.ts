// The partition grid's rules, without React: which rows it lists (partitions, then large loose files and
// links, each marked), how a column sorts them, what Find keeps, and where a key moves the cursor.
import type { LooseFile, PartitionKind, PartitionSummary, ScanSummary } from '../../../../shared/models';

export type RowKind = PartitionKind | 'bucket' | 'file' | 'link';

export interface GridRow {
  /** Stable within a scan: the scan node id, prefixed by what it is. */
  key: string;
  path: string;
  kind: RowKind;
  /** A partition is a unit a reap takes; a loose file or a link is not. */
  partition: boolean;
  allocatedBytes: number;
  apparentBytes: number;
  /** Files in the unit; null for a link. */
  files: number | null;
  newestMtime: number | null;
}

export type SortColumn = 'name' | 'size' | 'growth' | 'files' | 'newest';
export type SortDirection = 'ascending' | 'descending';
export interface Sort {
  column: SortColumn;
  direction: SortDirection;
}

/** The columns in display order: the cursor's column index points into this. */
export const COLUMNS: readonly SortColumn[] = ['name', 'size', 'growth', 'files', 'newest'];
export const DEFAULT_SORT: Sort = { column: 'size', direction: 'descending' };

function fromPartition(p: PartitionSummary): GridRow {
  return { key: `p${p.id}`, path: p.path, kind: p.kind, partition: true, allocatedBytes: p.allocatedBytes, apparentBytes: p.apparentBytes, files: p.files, newestMtime: p.newestMtime };
}

function fromLoose(f: LooseFile): GridRow {
  return { key: `f${f.id}`, path: f.path, kind: f.kind, partition: false, allocatedBytes: f.allocatedBytes, apparentBytes: f.apparentBytes, files: f.kind === 'link' ? null : 1, newestMtime: f.newestMtime };
}

/** Partitions and the summary's loose files (an older backend sends none). */
export function gridRows(summary: ScanSummary | null): GridRow[] {
  if (!summary) return [];
  return [...summary.partitions.map(fromPartition), ...(summary.looseFiles ?? []).map(fromLoose)];
}

/** Rows whose path contains `text`, ignoring case; all rows for blank text. */
export function findRows(rows: readonly GridRow[], text: string): GridRow[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [...rows];
  return rows.filter((r) => r.path.toLowerCase().includes(needle));
}

const byPath = (a: GridRow, b: GridRow) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Sorted by the column; rows without a value (no growth, no mtime) go last in both directions, and equal
 * values keep path order so a live refresh does not shuffle them.
 */
export function sortRows(rows: readonly GridRow[], sort: Sort, growthOf: (path: string) => number | null = () => null): GridRow[] {
  const value = (r: GridRow): number | null => {
    switch (sort.column) {
      case 'size':
        return r.allocatedBytes;
      case 'growth':
        return growthOf(r.path);
      case 'files':
        return r.files;
      case 'newest':
        return r.newestMtime;
      case 'name':
        return null;
    }
  };
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (sort.column === 'name') return sign * byPath(a, b);
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? byPath(a, b) : va === null ? 1 : -1;
    return sign * (va - vb) || byPath(a, b);
  });
}

/** A header click: the same column flips; another starts the way it is most often read (names A-Z, figures largest first). */
export function nextSort(current: Sort, column: SortColumn): Sort {
  if (current.column === column) return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column, direction: column === 'name' ? 'ascending' : 'descending' };
}

export function ariaSort(sort: Sort, column: SortColumn): 'ascending' | 'descending' | 'none' {
  return sort.column === column ? sort.direction : 'none';
}

/** Row -1 is the header row (its cells sort); 0.. are data rows. Column matters on the header only. */
export interface Cursor {
  row: number;
  col: number;
}

export type GridAction = { kind: 'move'; cursor: Cursor } | { kind: 'sort'; column: SortColumn } | { kind: 'open'; row: number } | { kind: 'reveal'; row: number } | { kind: 'none' };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
}

/**
 * What a key does (the WAI-ARIA grid pattern, one Tab stop): Up/Down, Page Up/Down and Home/End move
 * between rows; Up from the first row reaches the header, where Left/Right (Home/End) pick a column and
 * Enter or Space sorts by it, and Ctrl+Home/End go back to the first/last row; on a row Enter opens its sources and Space shows it in the
 * treemap. Null: not the grid's key (Tab leaves the grid).
 */
export function gridKey(input: KeyInput, cursor: Cursor, rowCount: number, pageRows: number): GridAction | null {
  const last = rowCount - 1;
  const clampRow = (r: number) => Math.max(-1, Math.min(last, r));
  const move = (row: number, col = cursor.col): GridAction => ({ kind: 'move', cursor: { row: clampRow(row), col: Math.max(0, Math.min(COLUMNS.length - 1, col)) } });
  const ctrl = input.ctrlKey === true || input.metaKey === true;
  const onHeader = cursor.row < 0;
  switch (input.key) {
    case 'ArrowDown':
      return move(Math.min(cursor.row + 1, Math.max(last, -1)));
    case 'ArrowUp':
      return move(cursor.row - 1);
    case 'ArrowLeft':
      return onHeader ? move(cursor.row, cursor.col - 1) : { kind: 'none' };
    case 'ArrowRight':
      return onHeader ? move(cursor.row, cursor.col + 1) : { kind: 'none' };
    case 'PageDown':
      return move(Math.min(Math.max(cursor.row, 0) + pageRows, last));
    case 'PageUp':
      return move(Math.max(cursor.row - pageRows, rowCount > 0 ? 0 : -1));
    case 'Home':
      return onHeader && !ctrl ? move(-1, 0) : move(Math.min(0, last));
    case 'End':
      return onHeader && !ctrl ? move(-1, COLUMNS.length - 1) : move(last);
    case 'Enter':
      return onHeader ? { kind: 'sort', column: COLUMNS[cursor.col] } : rowCount > 0 ? { kind: 'open', row: cursor.row } : { kind: 'none' };
    case ' ':
      return onHeader ? { kind: 'sort', column: COLUMNS[cursor.col] } : rowCount > 0 ? { kind: 'reveal', row: cursor.row } : { kind: 'none' };
    default:
      return null;
  }
}
