// The partitions of the scanned root and the large files beside them, as one keyboard grid (role="grid"):
// one Tab stop, the arrow keys move (the cursor is aria-activedescendant), Enter opens a row's sources,
// Space or a click shows it in the treemap, the column headers sort (aria-sort). A table of buttons took
// 62 Tabs to get past. Rows past a screenful are virtualized; Find narrows the rows to paths holding its text.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { WatchPartition } from '../../../../shared/watchModels';
import { formatAge, formatBytes, formatCount, formatShortTime, formatTimestamp, nowSeconds } from '../../format';
import { middleTruncate } from '../../middleTruncate';
import { useScanStore } from '../../state/scanStore';
import { partitionPath, useSourcesStore } from '../../state/sourcesStore';
import { useViewStore } from '../../state/viewStore';
import { useWatchStore } from '../../state/watchStore';
import { ageColor } from '../../treemap/ageColor';
import { parentPath } from '../../treemap/tree';
import { formatRate } from '../../watchFormat';
import { Sparkline } from '../Sparkline';
import { COLUMNS, DEFAULT_SORT, ariaSort, findRows, gridKey, gridRows, nextSort, sortRows, type Cursor, type GridRow, type Sort, type SortColumn } from './gridModel';
import { useFindText } from './useFindText';
import { useNameWidth } from './useNameWidth';

const ROW_HEIGHT = 40;
const HEAD_HEIGHT = 28;
/** Up to this many rows are all in the DOM; past it only a screenful (and a margin) is. */
const ALL_ROWS_UP_TO = 200;

const HEADERS: Record<SortColumn, { label: string; title: string; num: boolean }> = {
  name: { label: 'Partition', title: 'Path under the root; sorts by path', num: false },
  size: { label: 'Allocated', title: 'Disk blocks allocated (du); sorts by size', num: true },
  growth: { label: 'Growth', title: 'Live growth (bytes/s) from the watch', num: true },
  files: { label: 'Files', title: 'Files in the partition', num: true },
  newest: { label: 'Newest', title: 'Newest write inside', num: true },
};

const KIND_TEXT: Record<GridRow['kind'], string> = {
  day: 'day',
  segment: 'segment',
  rotated: 'rotated',
  sqlite: 'sqlite',
  bucket: 'age bucket: partitions of one directory and one age range, summed; a reap takes them all',
  file: 'file, not a partition',
  link: 'link, holds nothing',
};

/** The mark on a row that is no partition: spelt out where the column has room. */
function looseTag(kind: 'file' | 'link', nameChars: number): string {
  if (kind === 'link') return 'link';
  return nameChars >= 26 ? 'not a partition' : 'file';
}

const rowDomId = (key: string) => `pg-row-${key}`;
const headDomId = (col: number) => `pg-head-${COLUMNS[col]}`;

function openSources(r: GridRow): void {
  const { root, imported } = useScanStore.getState();
  // An import's paths are another host's: no sources are read for them here.
  if (imported) return;
  // A bucket is many partitions: sources are read per partition.
  if (root && r.kind !== 'link' && r.kind !== 'bucket') void useSourcesStore.getState().open(partitionPath(root, r.path));
}

interface RowProps {
  r: GridRow;
  index: number;
  max: number;
  now: number;
  ageRef: number;
  active: boolean;
  selected: boolean;
  growth: WatchPartition | undefined;
  nameChars: number;
  onPick(index: number): void;
}

function Row({ r, index, max, now, ageRef, active, selected, growth, nameChars, onPick }: RowProps): ReactElement {
  const dir = parentPath(r.path);
  const name = r.path.slice(dir === '' ? 0 : dir.length + 1);
  const dirText = dir === '' ? './' : `${dir}/`;
  // The directory line is set smaller (10.5 px against the name's 12 px): more of it fits.
  const dirChars = Math.floor((nameChars * 12) / 10.5);
  return (
    <div
      id={rowDomId(r.key)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`pg-row${active ? ' active' : ''}${selected ? ' selected' : ''}${r.partition ? '' : ` loose ${r.kind}`}`}
      data-path={r.path}
      data-kind={r.kind}
      onClick={() => onPick(index)}
    >
      <div role="gridcell" className="pg-name" title={`${r.path} · ${KIND_TEXT[r.kind]}`}>
        <span className="p-age-dot" style={{ background: r.kind === 'link' ? 'transparent' : ageColor(r.newestMtime, ageRef) }} aria-hidden="true" />
        <div className="p-text">
          <div className="p-name">
            <bdi>{middleTruncate(name, nameChars)}</bdi>
            {r.kind === 'link' && <span className="pg-arrow" aria-hidden="true"> →</span>}
          </div>
          <div className="p-dir">
            <bdi>{middleTruncate(dirText, Math.max(4, dirChars - (r.partition ? r.kind.length + 3 : looseTag(r.kind as 'file' | 'link', nameChars).length + 3)))}</bdi>
            {r.partition ? <span> · {r.kind}</span> : <span className={`pg-tag ${r.kind}`} title={KIND_TEXT[r.kind]}>{looseTag(r.kind as 'file' | 'link', nameChars)}</span>}
          </div>
        </div>
        {r.kind !== 'link' && (
          <button
            type="button"
            tabIndex={-1}
            className="p-sources"
            data-testid="partition-sources"
            title={`Who writes ${r.path}: sources against their baseline, and their messages (Enter)`}
            onClick={(e) => {
              e.stopPropagation();
              openSources(r);
            }}
          >
            Sources…
          </button>
        )}
      </div>
      <div role="gridcell" className="num p-size" title={`apparent ${formatBytes(r.apparentBytes)}`}>
        {r.kind === 'link' ? <span className="muted">link</span> : formatBytes(r.allocatedBytes)}
        <div className="p-size-bar" aria-hidden="true">
          <span style={{ width: `${max > 0 ? (r.allocatedBytes / max) * 100 : 0}%` }} />
        </div>
      </div>
      <div role="gridcell" className="num p-growth" title={growth ? `grew ${formatBytes(growth.grewBytes)} in the watch window` : 'not changed since the watch started'}>
        {growth ? (
          <>
            <span className={`p-rate${(growth.bytesPerSecond ?? 0) > 0 ? ' hot' : ''}`}>{formatRate(growth.bytesPerSecond)}</span>
            <Sparkline values={growth.spark} width={44} height={12} label={`${r.path} size, last samples`} />
          </>
        ) : (
          <span className="muted">–</span>
        )}
      </div>
      <div role="gridcell" className="num pg-files">
        {r.files === null ? <span className="muted">–</span> : formatCount(r.files)}
      </div>
      <div role="gridcell" className="num pg-newest" title={`${formatAge(r.newestMtime, now)} · ${formatTimestamp(r.newestMtime)}`}>
        {formatShortTime(r.newestMtime, now)}
      </div>
    </div>
  );
}

export function PartitionGrid(): ReactElement {
  const summary = useScanStore((s) => s.summary);
  const loading = useScanStore((s) => s.loadingResults);
  const progress = useScanStore((s) => s.progress);
  const ageRef = useScanStore((s) => s.ageRefSec);
  const selectedKey = useViewStore((s) => s.selectedKey);
  const findText = useFindText();
  // This node's live growth never goes beside an import's partitions, even where the paths agree.
  const importedView = useScanStore((s) => s.imported !== null);
  const watched = useWatchStore((s) => (importedView ? undefined : s.snapshot?.partitions));
  const growthByPath = useMemo(() => new Map((watched ?? []).map((g) => [g.path, g])), [watched]);
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [cursor, setCursor] = useState<Cursor>({ row: 0, col: 0 });
  const all = useMemo(() => gridRows(summary), [summary]);
  const rows = useMemo(
    () => sortRows(findRows(all, findText), sort, (p) => growthByPath.get(p)?.bytesPerSecond ?? null),
    [all, findText, sort, growthByPath],
  );
  const now = useMemo(() => nowSeconds(), [summary]);
  const partitions = all.filter((r) => r.partition);
  const inPartitions = partitions.reduce((s, p) => s + p.allocatedBytes, 0) + (summary?.morePartitions.allocatedBytes ?? 0);
  const max = rows.reduce((m, r) => Math.max(m, r.allocatedBytes), 0);
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const gridRef = useRef<HTMLDivElement | null>(null);
  const nameChars = useNameWidth(gridRef, all.length > 0);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => rows[i].key,
    overscan: rows.length <= ALL_ROWS_UP_TO ? ALL_ROWS_UP_TO : 12,
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
  });

  // The treemap's selection is the grid's too: a tile picked there puts the cursor on its row. Only a new
  // selection moves it: a re-sort keeps the cursor where the keys put it (the header, a position).
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  useEffect(() => {
    const index = selectedKey === null ? -1 : rowsRef.current.findIndex((r) => r.path === selectedKey);
    if (index >= 0) setCursor((c) => (c.row === index ? c : { row: index, col: c.col }));
  }, [selectedKey]);
  // A new scan or a narrower Find: keep the cursor on a row that exists.
  const row = Math.min(cursor.row, rows.length - 1);
  useEffect(() => {
    if (row >= 0) virtualizer.scrollToIndex(row, { align: 'auto' });
  }, [row, virtualizer]);

  const pick = (index: number) => {
    const r = rows[index];
    if (!r) return;
    setCursor({ row: index, col: cursor.col });
    void useViewStore
      .getState()
      .reveal(r.path)
      .then(() => {
        // A partition folded into a "more" tile cannot be selected on the treemap; the row still is the
        // selection, so Sources of… and Reap… act on it (the treemap's notice says where it is folded).
        if (useViewStore.getState().selectedKey !== r.path) useViewStore.setState({ selectedKey: r.path });
      });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const action = gridKey(e, { row, col: cursor.col }, rows.length, pageRows);
    if (!action) return;
    e.preventDefault();
    // Keys used here never reach the treemap's own handler (Backspace and Escape are not ours).
    e.stopPropagation();
    switch (action.kind) {
      case 'move': {
        // A narrow panel hides the files and growth columns: Left and Right step over them.
        if (action.cursor.row < 0 && action.cursor.col !== cursor.col) {
          const step = action.cursor.col > cursor.col ? 1 : -1;
          let col = action.cursor.col;
          while (col > 0 && col < COLUMNS.length - 1 && document.getElementById(headDomId(col))?.offsetParent === null) col += step;
          action.cursor = { row: -1, col };
        }
        setCursor(action.cursor);
        const r = rows[action.cursor.row];
        // Moving selects (the toolbar's Sources of… and Reap… follow); Space or a click also zooms to it.
        if (r) useViewStore.getState().select(r.path);
        break;
      }
      case 'sort':
        setSort((s) => nextSort(s, action.column));
        break;
      case 'open':
        if (rows[action.row]) openSources(rows[action.row]);
        break;
      case 'reveal':
        pick(action.row);
        break;
      case 'none':
        break;
    }
  };

  const activeId = row < 0 ? headDomId(cursor.col) : rows[row] ? rowDomId(rows[row].key) : undefined;
  const more = summary?.morePartitions.count ?? 0;
  const loose = all.length - partitions.length;

  return (
    <>
      <div className="table-head">
        <h2 className="panel-title" id="pg-title">
          Partitions and large files
        </h2>
        {summary && (
          <div className="totals" data-testid="partition-totals">
            {formatCount(partitions.length + more)} {partitions.length + more === 1 ? 'partition holds' : 'partitions hold'} {formatBytes(inPartitions)} of {formatBytes(summary.allocatedBytes)}
            {loose > 0 && <> · {formatCount(loose)} large files or links beside them</>}
            {findText.trim() !== '' && (
              <span className="pg-found" data-testid="partition-found">
                {' '}
                · {formatCount(rows.length)} match “<bdi>{findText.trim()}</bdi>”
              </span>
            )}
            {summary.partial && <span className="badge partial">partial</span>}
          </div>
        )}
      </div>
      {!summary ? (
        <div className="empty-note">{loading || progress?.state === 'running' ? 'Waiting for the scan…' : 'No scan yet.'}</div>
      ) : all.length === 0 ? (
        <div className="empty-note">No partitions detected under this root (day directories, segments, rotated files, SQLite stores).</div>
      ) : (
        <div
          ref={gridRef}
          className="pg-grid"
          role="grid"
          aria-labelledby="pg-title"
          aria-rowcount={rows.length + 1}
          aria-colcount={COLUMNS.length}
          aria-activedescendant={activeId}
          tabIndex={0}
          data-testid="partitions"
          data-focus-home=""
          onKeyDown={onKeyDown}
        >
          {/* tabIndex -1: Chromium makes a scroller a Tab stop of its own; the grid is the one stop. */}
          <div className="pg-scroll" ref={scrollRef} tabIndex={-1}>
            <div role="row" aria-rowindex={1} className="pg-row pg-head">
              {COLUMNS.map((c, i) => (
                <div
                  key={c}
                  id={headDomId(i)}
                  role="columnheader"
                  aria-sort={ariaSort(sort, c)}
                  className={`${HEADERS[c].num ? 'num ' : ''}pg-col-${c}${row < 0 && cursor.col === i ? ' active' : ''}`}
                  title={HEADERS[c].title}
                  data-testid={`sort-${c}`}
                  onClick={() => {
                    setCursor({ row: -1, col: i });
                    setSort((s) => nextSort(s, c));
                  }}
                >
                  {HEADERS[c].label}
                  <span className="pg-sort" aria-hidden="true">
                    {sort.column === c ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                  </span>
                </div>
              ))}
            </div>
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((v) => {
                const r = rows[v.index];
                return (
                  <div key={v.key} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: v.size, transform: `translateY(${v.start - HEAD_HEIGHT}px)` }}>
                    <Row
                      r={r}
                      index={v.index}
                      max={max}
                      now={now}
                      ageRef={ageRef}
                      active={v.index === row}
                      selected={r.path === selectedKey}
                      growth={growthByPath.get(r.path)}
                      nameChars={nameChars}
                      onPick={pick}
                    />
                  </div>
                );
              })}
            </div>
            {rows.length === 0 && <div className="empty-note">No partition or file path contains “{findText.trim()}”.</div>}
            {more > 0 && (
              <div className="pg-more" data-testid="partitions-more">
                {formatCount(more)} more partitions · {formatBytes(summary.morePartitions.allocatedBytes)}
              </div>
            )}
          </div>
        </div>
      )}
    </>
  );
}
