// The partition grid's rules (issue 16): what it lists, how its columns sort, what Find keeps, and where
// each key moves its one cursor.
import { describe, expect, it } from 'vitest';
import type { ScanSummary } from '../../../src/shared/models';
import { ariaSort, findRows, gridKey, gridRows, nextSort, sortRows, type GridRow } from '../../../src/renderer/src/components/partitionGrid/gridModel';

function summary(): ScanSummary {
  return {
    root: '/var/log',
    device: 1,
    allocatedBytes: 1000,
    apparentBytes: 1000,
    files: 10,
    dirs: 3,
    partitions: [
      { id: 1, path: 'core/2026/120', kind: 'day', allocatedBytes: 500, apparentBytes: 500, files: 3, newestMtime: 300, oldestMtime: 100 },
      { id: 2, path: 'core/2026/119', kind: 'day', allocatedBytes: 100, apparentBytes: 100, files: 4, newestMtime: 200, oldestMtime: 100 },
      { id: 3, path: 'wal/segment-000042.log', kind: 'segment', allocatedBytes: 100, apparentBytes: 100, files: 1, newestMtime: null, oldestMtime: null },
    ],
    morePartitions: { count: 0, allocatedBytes: 0 },
    looseFiles: [
      { id: 9, path: 'app/app.log', kind: 'file', allocatedBytes: 250, apparentBytes: 250, newestMtime: 400 },
      { id: 10, path: 'wal/segment-000043.log', kind: 'link', allocatedBytes: 0, apparentBytes: 20, newestMtime: 50 },
    ],
    partial: false,
    errors: [],
  };
}

const paths = (rows: GridRow[]) => rows.map((r) => r.path);

describe('partition grid rows', () => {
  it('lists partitions, then loose files and links, each marked as what it is', () => {
    const rows = gridRows(summary());
    expect(rows.map((r) => [r.path, r.kind, r.partition])).toEqual([
      ['core/2026/120', 'day', true],
      ['core/2026/119', 'day', true],
      ['wal/segment-000042.log', 'segment', true],
      ['app/app.log', 'file', false],
      ['wal/segment-000043.log', 'link', false],
    ]);
    // A link has no file count; its row keys never collide with a partition's id.
    expect(rows[4].files).toBeNull();
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(gridRows(null)).toEqual([]);
  });

  it('Find keeps the paths containing its text, ignoring case', () => {
    const rows = gridRows(summary());
    expect(paths(findRows(rows, ' SEGMENT-0000 '))).toEqual(['wal/segment-000042.log', 'wal/segment-000043.log']);
    expect(findRows(rows, '')).toHaveLength(rows.length);
    expect(findRows(rows, 'nothing')).toEqual([]);
  });
});

describe('partition grid sorting', () => {
  const rows = gridRows(summary());

  it('sorts by size, largest first, equal sizes by path so a refresh does not shuffle them', () => {
    expect(paths(sortRows(rows, { column: 'size', direction: 'descending' }))).toEqual(['core/2026/120', 'app/app.log', 'core/2026/119', 'wal/segment-000042.log', 'wal/segment-000043.log']);
    expect(paths(sortRows(rows, { column: 'size', direction: 'ascending' }))[0]).toBe('wal/segment-000043.log');
  });

  it('puts rows without a value last in either direction (no mtime, no growth, a link has no files)', () => {
    expect(paths(sortRows(rows, { column: 'newest', direction: 'ascending' })).at(-1)).toBe('wal/segment-000042.log');
    expect(paths(sortRows(rows, { column: 'newest', direction: 'descending' })).at(-1)).toBe('wal/segment-000042.log');
    expect(paths(sortRows(rows, { column: 'files', direction: 'descending' })).slice(0, 2)).toEqual(['core/2026/119', 'core/2026/120']);
    expect(paths(sortRows(rows, { column: 'files', direction: 'ascending' })).at(-1)).toBe('wal/segment-000043.log');
    const growth = (p: string) => (p === 'core/2026/119' ? 5 : p === 'app/app.log' ? 900 : null);
    expect(paths(sortRows(rows, { column: 'growth', direction: 'descending' }, growth)).slice(0, 2)).toEqual(['app/app.log', 'core/2026/119']);
  });

  it('sorts by path; a header click flips its own column and starts another the way it is read', () => {
    expect(paths(sortRows(rows, { column: 'name', direction: 'ascending' }))).toEqual([...paths(rows)].sort());
    expect(nextSort({ column: 'size', direction: 'descending' }, 'size')).toEqual({ column: 'size', direction: 'ascending' });
    expect(nextSort({ column: 'size', direction: 'descending' }, 'name')).toEqual({ column: 'name', direction: 'ascending' });
    expect(nextSort({ column: 'name', direction: 'ascending' }, 'newest')).toEqual({ column: 'newest', direction: 'descending' });
    expect(ariaSort({ column: 'size', direction: 'descending' }, 'size')).toBe('descending');
    expect(ariaSort({ column: 'size', direction: 'descending' }, 'name')).toBe('none');
  });
});

describe('partition grid keys', () => {
  const at = (row: number, col = 0) => ({ row, col });

  it('moves between rows with the arrows, pages and Home/End, clamped to the rows', () => {
    expect(gridKey({ key: 'ArrowDown' }, at(0), 5, 3)).toEqual({ kind: 'move', cursor: at(1) });
    expect(gridKey({ key: 'ArrowDown' }, at(4), 5, 3)).toEqual({ kind: 'move', cursor: at(4) });
    expect(gridKey({ key: 'PageDown' }, at(1), 5, 3)).toEqual({ kind: 'move', cursor: at(4) });
    expect(gridKey({ key: 'PageUp' }, at(4), 5, 3)).toEqual({ kind: 'move', cursor: at(1) });
    expect(gridKey({ key: 'PageUp' }, at(1), 5, 3)).toEqual({ kind: 'move', cursor: at(0) });
    expect(gridKey({ key: 'End' }, at(1), 5, 3)).toEqual({ kind: 'move', cursor: at(4) });
    expect(gridKey({ key: 'Home' }, at(3), 5, 3)).toEqual({ kind: 'move', cursor: at(0) });
    // Left and Right on a row belong to nobody else: taken, and nothing moves.
    expect(gridKey({ key: 'ArrowRight' }, at(2), 5, 3)).toEqual({ kind: 'none' });
  });

  it('reaches the header above the first row, where Left/Right pick a column and Enter or Space sorts', () => {
    expect(gridKey({ key: 'ArrowUp' }, at(0, 0), 5, 3)).toEqual({ kind: 'move', cursor: at(-1, 0) });
    expect(gridKey({ key: 'ArrowUp' }, at(-1, 0), 5, 3)).toEqual({ kind: 'move', cursor: at(-1, 0) });
    expect(gridKey({ key: 'ArrowRight' }, at(-1, 0), 5, 3)).toEqual({ kind: 'move', cursor: at(-1, 1) });
    expect(gridKey({ key: 'ArrowRight' }, at(-1, 4), 5, 3)).toEqual({ kind: 'move', cursor: at(-1, 4) });
    expect(gridKey({ key: 'ArrowLeft' }, at(-1, 0), 5, 3)).toEqual({ kind: 'move', cursor: at(-1, 0) });
    expect(gridKey({ key: 'End' }, at(-1, 0), 5, 3)).toEqual({ kind: 'move', cursor: at(-1, 4) });
    expect(gridKey({ key: 'Enter' }, at(-1, 1), 5, 3)).toEqual({ kind: 'sort', column: 'size' });
    expect(gridKey({ key: ' ' }, at(-1, 4), 5, 3)).toEqual({ kind: 'sort', column: 'newest' });
    expect(gridKey({ key: 'ArrowDown' }, at(-1, 2), 5, 3)).toEqual({ kind: 'move', cursor: at(0, 2) });
    // Ctrl+Home and Ctrl+End leave the header for the first and last row.
    expect(gridKey({ key: 'Home', ctrlKey: true }, at(-1, 3), 5, 3)).toEqual({ kind: 'move', cursor: at(0, 3) });
    expect(gridKey({ key: 'End', ctrlKey: true }, at(-1, 3), 5, 3)).toEqual({ kind: 'move', cursor: at(4, 3) });
  });

  it('opens sources with Enter and shows the row in the treemap with Space; leaves Tab and other keys alone', () => {
    expect(gridKey({ key: 'Enter' }, at(2), 5, 3)).toEqual({ kind: 'open', row: 2 });
    expect(gridKey({ key: ' ' }, at(2), 5, 3)).toEqual({ kind: 'reveal', row: 2 });
    expect(gridKey({ key: 'Tab' }, at(2), 5, 3)).toBeNull();
    expect(gridKey({ key: 'a' }, at(2), 5, 3)).toBeNull();
  });

  it('with no rows (Find matched nothing) the cursor stays on the header and Enter does nothing', () => {
    expect(gridKey({ key: 'ArrowDown' }, at(-1, 0), 0, 3)).toEqual({ kind: 'move', cursor: at(-1, 0) });
    expect(gridKey({ key: 'Home', ctrlKey: true }, at(-1, 0), 0, 3)).toEqual({ kind: 'move', cursor: at(-1, 0) });
    expect(gridKey({ key: 'Enter' }, at(0), 0, 3)).toEqual({ kind: 'none' });
  });
});

describe('partition grid: an age bucket (issue 17)', () => {
  it('is one row, a partition a reap can take, with its bytes and files', () => {
    const s = summary();
    s.partitions.push({ id: 4, path: 'wal/[segments 2026-11-05]', kind: 'bucket', allocatedBytes: 9000, apparentBytes: 9000, files: 300, newestMtime: 90, oldestMtime: 10, count: 300, bucket: { memberKind: 'segment', dir: 'wal', from: 0, to: 86_400 } });
    const rows = gridRows(s).filter((r) => r.kind === 'bucket');
    expect(rows.map((r) => [r.path, r.partition, r.allocatedBytes, r.files])).toEqual([['wal/[segments 2026-11-05]', true, 9000, 300]]);
  });
});
