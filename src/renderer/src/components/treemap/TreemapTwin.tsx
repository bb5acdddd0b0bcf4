// The treemap's DOM twin: the same entries as a treegrid (name, size, kind, newest write) for keyboard and
// screen-reader users, in sync with the canvas both ways (one selection, the view store's). Rows are
// expanded lazily (ArrowRight, or to show what the canvas selected; an unloaded directory is fetched then)
// and virtualized, so a tree of any size renders the rows on screen. The same model as the canvas: a click
// or the arrow keys select, a double-click or Enter zooms (or opens a held tile's process).
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { WireTreeNode } from '../../../../shared/models';
import { formatBytes, formatTimestamp } from '../../format';
import { useScanStore } from '../../state/scanStore';
import { useViewStore } from '../../state/viewStore';
import type { HeldTileInfo } from '../../treemap/heldTiles';
import { ancestorKeys, twinRows, type TwinRow } from '../../treemap/twinRows';
import { MiddleTruncate } from '../MiddleTruncate';
import { activateTile } from './activateTile';

export const TWIN_ROW_HEIGHT = 26;
const PAGE_ROWS = 10;

interface Props {
  focus: WireTreeNode;
  /** Ids from the scan root to the focus. */
  focusIds: readonly number[];
  held: readonly HeldTileInfo[];
  /** The viewport before it is measured (tests have no layout). */
  initialHeight?: number;
}

function kindText(r: TwinRow): string {
  if (r.held) return 'held, deleted';
  const n = r.node!;
  if (n.kind === 'bucket') return `age bucket of ${n.count ?? 0} ${n.partition ?? 'partition'}s`;
  if (n.partition) return `${n.partition} partition`;
  if (n.link) return 'link';
  if (n.kind === 'more') return 'folded';
  if (n.kind === 'dir') return 'directory';
  if (n.kind === 'group') return 'files';
  return 'file';
}

function rowBytes(r: TwinRow): number {
  return r.held ? r.held.bytes : r.node!.allocatedBytes;
}

function keyPath(key: string): string {
  const nul = key.indexOf('\u0000');
  return nul === -1 ? key : key.slice(0, nul);
}

function open(r: TwinRow): void {
  activateTile({ key: r.key, node: r.node ?? ({} as WireTreeNode), chain: r.chain, held: r.held ?? undefined, parentKey: r.parentKey });
}

export function TreemapTwin({ focus, focusIds, held, initialHeight = 200 }: Props): ReactElement {
  const selectedKey = useViewStore((s) => s.selectedKey);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const gridRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const fetching = useRef(new Set<string>());

  // A new focus starts folded.
  useEffect(() => setExpanded(new Set()), [focus.id]);

  // The canvas (or anything else) selected a node inside: open the rows above it so it shows.
  useEffect(() => {
    if (!selectedKey || selectedKey.startsWith('\u0000')) return;
    const need = ancestorKeys(keyPath(selectedKey), focus.path).filter((k) => !expanded.has(k));
    if (need.length > 0) setExpanded((e) => new Set([...e, ...need]));
  }, [selectedKey, focus.path, expanded]);

  const rows = useMemo(() => twinRows(focus, focusIds, expanded, held), [focus, focusIds, expanded, held]);
  const activeIndex = useMemo(() => rows.findIndex((r) => r.key === selectedKey), [rows, selectedKey]);

  // An expanded row whose entries are not loaded: fetch them once.
  useEffect(() => {
    for (const r of rows) {
      if (!r.loading || fetching.current.has(r.key)) continue;
      fetching.current.add(r.key);
      void useScanStore.getState().expand(r.chain);
    }
  }, [rows]);

  const rangeExtractor = useCallback(
    (range: Range) => {
      // The active row is always rendered, so it can hold the focus (its tabindex) while scrolled away.
      const out = defaultRangeExtractor(range);
      if (activeIndex >= 0 && !out.includes(activeIndex)) out.push(activeIndex);
      return out.sort((a, b) => a - b);
    },
    [activeIndex],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => TWIN_ROW_HEIGHT,
    overscan: 6,
    initialRect: { width: 600, height: initialHeight },
    rangeExtractor,
  });

  // Keep the selected row in view (not one just clicked: the rows must stay under the pointer for its
  // second click); when the focus is in the twin, move it onto that row.
  const moved = useRef(false);
  const clicked = useRef(false);
  useLayoutEffect(() => {
    if (activeIndex < 0) return;
    if (clicked.current) clicked.current = false;
    else virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
    const grid = gridRef.current;
    if (!moved.current || !grid) return;
    moved.current = false;
    const el = grid.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    if (el && document.activeElement !== el) el.focus({ preventScroll: true });
  }, [activeIndex, virtualizer]);

  const selectAt = (i: number) => {
    const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (!r) return;
    moved.current = true;
    useViewStore.getState().select(r.key);
  };
  const toggle = (r: TwinRow, to: boolean) => {
    setExpanded((e) => {
      const next = new Set(e);
      if (to) next.add(r.key);
      else next.delete(r.key);
      return next;
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = activeIndex >= 0 ? activeIndex : 0;
    const r = rows[i];
    if (!r) return;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        selectAt(activeIndex < 0 ? 0 : i + 1);
        break;
      case 'ArrowUp':
        selectAt(i - 1);
        break;
      case 'PageDown':
        selectAt(i + PAGE_ROWS);
        break;
      case 'PageUp':
        selectAt(i - PAGE_ROWS);
        break;
      case 'Home':
        selectAt(0);
        break;
      case 'End':
        selectAt(rows.length - 1);
        break;
      case 'ArrowRight':
        if (r.expandable && !r.expanded) toggle(r, true);
        else if (r.expanded && rows[i + 1]?.parentKey === r.key) selectAt(i + 1);
        break;
      case 'ArrowLeft':
        if (r.expanded) toggle(r, false);
        else if (r.parentKey !== null) selectAt(rows.findIndex((x) => x.key === r.parentKey));
        break;
      case 'Enter':
        open(r);
        break;
      case ' ':
        useViewStore.getState().select(r.key);
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const items = virtualizer.getVirtualItems();
  const tabStop = activeIndex >= 0 ? activeIndex : 0;
  return (
    <div
      ref={gridRef}
      className="twin"
      role="treegrid"
      aria-label={`Entries of ${focus.path === '' ? 'the root' : focus.path}, as in the treemap`}
      aria-rowcount={rows.length + 1}
      aria-multiselectable="false"
      data-testid="treemap-twin"
      data-rows={rows.length}
      onKeyDown={onKeyDown}
    >
      <div className="twin-head" role="row" aria-rowindex={1}>
        <div role="columnheader" className="twin-name">Name</div>
        <div role="columnheader" className="twin-size">Size</div>
        <div role="columnheader" className="twin-kind">Kind</div>
        <div role="columnheader" className="twin-newest">Newest write</div>
      </div>
      <div className="twin-body" ref={scrollRef} role="rowgroup">
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const r = rows[v.index];
            const selected = v.index === activeIndex;
            return (
              <div
                key={r.key}
                role="row"
                data-index={v.index}
                data-key={r.key}
                data-testid="twin-row"
                aria-rowindex={v.index + 2}
                aria-level={r.level}
                aria-posinset={r.posInSet}
                aria-setsize={r.setSize}
                aria-expanded={r.expandable ? r.expanded : undefined}
                aria-selected={selected}
                aria-busy={r.loading || undefined}
                tabIndex={v.index === tabStop ? 0 : -1}
                className={`twin-row${selected ? ' selected' : ''}${r.held ? ' held' : ''}`}
                style={{ transform: `translateY(${v.start}px)`, height: TWIN_ROW_HEIGHT }}
                onClick={() => {
                  clicked.current = r.key !== useViewStore.getState().selectedKey;
                  useViewStore.getState().select(r.key);
                }}
                onDoubleClick={() => open(r)}
              >
                <div role="gridcell" className="twin-name" style={{ paddingLeft: 6 + (r.level - 1) * 16 }}>
                  <span
                    className="twin-toggle"
                    aria-hidden="true"
                    onClick={(e) => {
                      if (!r.expandable) return;
                      e.stopPropagation();
                      toggle(r, !r.expanded);
                    }}
                  >
                    {r.expandable ? (r.expanded ? '▾' : '▸') : ''}
                  </span>
                  <MiddleTruncate text={r.loading ? `${r.label} (loading…)` : r.label} className="mono" />
                </div>
                <div role="gridcell" className="twin-size">{formatBytes(rowBytes(r))}</div>
                <div role="gridcell" className="twin-kind">{kindText(r)}</div>
                <div role="gridcell" className="twin-newest">{r.node ? formatTimestamp(r.node.newestMtime) : '–'}</div>
              </div>
            );
          })}
        </div>
      </div>
      {rows.length === 0 && <div className="twin-empty">Nothing here matches.</div>}
    </div>
  );
}
