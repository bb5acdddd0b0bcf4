// The fleet table when a Prometheus source is saved: every ranked row (10,000 and more), worst first, as
// pages fetched while they scroll into view (promRowsStore), virtualized as the SSH table is. A row not
// fetched yet shows as a placeholder of the same height. A new reading every 30 s while it shows.
// Keyboard as the SSH table: arrows, Page Up/Down, Home/End move the selection; Enter opens the row's
// SSH node when one of that name is saved.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, type KeyboardEvent, type ReactElement } from 'react';
import { trendLabel, type RankedFleetRow } from '../../../../shared/prometheusModels';
import { formatDuration } from '../../../../shared/durationText';
import { fillLevel } from '../../../../shared/fillLevel';
import { fillPercentOfRatio, formatFill } from '../../../../shared/fillRatio';
import { useNavStore } from '../../state/navStore';
import { ROWS_PAGE } from '../../state/promRowPages';
import { PROM_REFRESH_MS, usePromRowsStore } from '../../state/promRowsStore';
import { onFleetGridKey } from './fleetGridKeys';

const ROW_HEIGHT = 38;
const HEAD_HEIGHT = 32;

function rowId(index: number): string {
  return `prom-row-${index}`;
}

function open(row: RankedFleetRow | undefined): void {
  if (row && (row.source === 'ssh' || row.sshState !== null)) useNavStore.getState().openNode(row.name);
}

const Row = memo(function Row({ row, index, selected }: { row: RankedFleetRow | undefined; index: number; selected: boolean }): ReactElement {
  const cls = `fleet-row${selected ? ' selected' : ''}`;
  if (!row) {
    return (
      <div id={rowId(index)} role="row" aria-rowindex={index + 2} aria-selected={selected} className={cls} data-testid="prom-row" data-loading="true">
        <div role="gridcell" className="muted">
          …
        </div>
      </div>
    );
  }
  const pct = row.worstFillRatio === null ? null : Math.min(Math.max(row.worstFillRatio, 0), 1);
  return (
    <div
      id={rowId(index)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={cls}
      data-testid="prom-row"
      data-node={row.name}
      data-risk={row.riskClass}
      onClick={() => {
        usePromRowsStore.getState().select(index);
        open(row);
      }}
    >
      <div role="gridcell" className="fc-state">
        {row.state}
      </div>
      <div role="gridcell" className="fc-node">
        <span className="fleet-name">{row.name}</span>
        <span className="muted mono fleet-address">{row.instance ?? row.source}</span>
      </div>
      <div role="gridcell" className="fc-fill">
        {pct === null ? (
          <span className="muted">–</span>
        ) : (
          <div className="fleet-fill">
            <span className={`fs-pct ${fillLevel(pct)} num`}>{formatFill(fillPercentOfRatio(pct))}</span>
            <span className="mono fleet-mount tail-ellipsis">
              <bdi>{row.worstMount}</bdi>
            </span>
          </div>
        )}
      </div>
      <div role="gridcell" className="fc-held num">
        {row.secondsToFull === null ? <span className="muted">–</span> : formatDuration(row.secondsToFull)}
      </div>
      <div role="gridcell" className="fc-root muted small">
        {row.trendWindowSeconds === null ? '' : trendLabel(row.trendWindowSeconds)}
      </div>
      <div role="gridcell" className="fc-when">
        {row.riskClass}
      </div>
      <div role="gridcell" className="fc-message" title={row.message ?? ''}>
        {row.sshState === null && row.source === 'prometheus' ? <span className="muted">no saved SSH node</span> : <span className="fc-note-text">{row.message}</span>}
      </div>
    </div>
  );
});

export function PromFleetTable(): ReactElement {
  const total = usePromRowsStore((s) => s.total);
  const pages = usePromRowsStore((s) => s.pages);
  const selected = usePromRowsStore((s) => s.selected);
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items.length ? items[0].index : 0;
  const last = items.length ? items[items.length - 1].index : 0;

  useEffect(() => {
    const rows = usePromRowsStore.getState();
    void rows.refresh();
    const timer = setInterval(() => void usePromRowsStore.getState().refresh(), PROM_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (total > 0) usePromRowsStore.getState().show(first, last);
  }, [first, last, total]);

  useEffect(() => {
    if (selected >= 0) virtualizer.scrollToIndex(selected, { align: 'auto' });
  }, [selected, virtualizer]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const rows = usePromRowsStore.getState();
    onFleetGridKey(e, rows, () => open(rows.rowAt(rows.selected)));
  };

  return (
    <div
      className="fleet-grid"
      role="grid"
      aria-label="Prometheus fleet, worst first"
      aria-rowcount={total + 1}
      aria-activedescendant={selected >= 0 ? rowId(selected) : undefined}
      tabIndex={0}
      data-testid="prom-table"
      onKeyDown={onKeyDown}
    >
      <div className="fleet-scroll" ref={scrollRef}>
        <div role="row" aria-rowindex={1} className="fleet-row fleet-head">
          <div role="columnheader">State</div>
          <div role="columnheader">Instance</div>
          <div role="columnheader" aria-sort="descending">
            Worst filesystem
          </div>
          <div role="columnheader" className="num">
            Full in
          </div>
          <div role="columnheader">Trend</div>
          <div role="columnheader">Risk</div>
          <div role="columnheader">Note</div>
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => (
            <div key={v.key} data-index={v.index} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start - HEAD_HEIGHT}px)` }}>
              <Row row={pages[Math.floor(v.index / ROWS_PAGE)]?.[v.index % ROWS_PAGE]} index={v.index} selected={v.index === selected} />
            </div>
          ))}
        </div>
        {total === 0 && <div className="fleet-empty muted">No rows yet.</div>}
      </div>
    </div>
  );
}
