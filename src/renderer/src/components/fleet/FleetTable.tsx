// Every node in one table, worst first (the backend's risk order): worst filesystem's fill, held bytes,
// largest scanned root, last refresh, state. Virtualized, so hundreds of rows cost a screenful of DOM.
// Keyboard: the grid holds focus and moves its selection (aria-activedescendant): arrows, Page Up/Down,
// Home/End; Enter opens the node. A row keeps its selection by name while rows re-sort under a refresh.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, type KeyboardEvent, type ReactElement } from 'react';
import type { FleetRow, NodeState } from '../../../../shared/nodeModels';
import { formatBytes } from '../../format';
import { formatDateTime } from '../../timeFormat';
import { useNow } from '../../hooks/useNow';
import { useFleetStore } from '../../state/fleetStore';
import { nodeLabel, useNavStore } from '../../state/navStore';
import { useNodeDialogStore } from '../../state/nodeDialogStore';
import { useNodeDirectoryStore } from '../../state/nodeDirectoryStore';
import { StateBadge } from './StateBadge';
import { FleetStoreNote } from '../dataStores/FleetStoreNote';
import { hasAccessDialog } from './stateLabels';
import { fillLevel } from '../../../../shared/fillLevel';
import { fillPercentOfRatio, formatFill } from '../../../../shared/fillRatio';
import { onFleetGridKey } from './fleetGridKeys';

const ROW_HEIGHT = 38;
/** The column header row, sticky at the top of the scrolled list (so its columns line up with the rows). */
const HEAD_HEIGHT = 32;

function rowId(name: string): string {
  return `fleet-row-${name}`;
}

/** "just now", "4 min ago", "3 h ago"; a refresh is at most days old in practice. */
function sinceText(at: number | null, now: number): string {
  if (at === null) return 'never';
  const s = Math.max(0, (now - at) / 1000);
  if (s < 30) return 'just now';
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

function FillCell({ row }: { row: FleetRow }): ReactElement {
  if (row.worstFillRatio === null) return <span className="muted">–</span>;
  const pct = Math.min(Math.max(row.worstFillRatio, 0), 1);
  const level = fillLevel(pct);
  const fill = formatFill(fillPercentOfRatio(pct));
  return (
    <div className="fleet-fill" title={`${row.worstMount ?? ''}: ${fill} used, as df says`}>
      <span className={`fs-pct ${level} num`}>{fill}</span>
      <div className="bar small" aria-hidden="true">
        <div className={`bar-fill ${level}`} style={{ width: `${pct * 100}%` }} />
      </div>
      <span className="mono fleet-mount tail-ellipsis">
        <bdi>{row.worstMount}</bdi>
      </span>
    </div>
  );
}

function resolveAccess(name: string): void {
  const info = useNodeDirectoryStore.getState().nodes[name];
  if (info) useNodeDialogStore.getState().askFor(info);
}

/**
 * Opens the node's view; a row whose state needs the operator (a host key to review, a passphrase) opens
 * that dialog at once over it, as the state badge does, without waiting for the view's connection attempt
 * (which answers a changed key with an error, and asks nothing).
 */
function openNode(name: string, state: NodeState): void {
  useFleetStore.getState().select(name);
  useNavStore.getState().openNode(name);
  if (hasAccessDialog(state)) resolveAccess(name);
}

const FINGERPRINT = /SHA256:[A-Za-z0-9+/]+=*/;

/** The note (in full in its title); a host key's fingerprint on a line of its own, never cut: it is what is compared. */
function Note({ message }: { message: string | null }): ReactElement | null {
  if (!message) return null;
  const m = FINGERPRINT.exec(message);
  if (!m) return <span className="fc-note-text">{message}</span>;
  return (
    <>
      <span className="fc-note-text">{message}</span>
      <span className="fc-fingerprint mono" data-testid="fleet-fingerprint">
        {m[0]}
      </span>
    </>
  );
}

interface RowProps {
  row: FleetRow;
  index: number;
  selected: boolean;
  now: number;
}

/** Every snapshot brings new row objects: a row re-renders only when something it shows changed. */
function sameRow(a: RowProps, b: RowProps): boolean {
  if (a.index !== b.index || a.selected !== b.selected || a.now !== b.now) return false;
  const x = a.row;
  const y = b.row;
  return (
    x.name === y.name &&
    x.state === y.state &&
    x.message === y.message &&
    x.worstMount === y.worstMount &&
    x.worstFillRatio === y.worstFillRatio &&
    x.heldBytes === y.heldBytes &&
    x.largestRoot?.path === y.largestRoot?.path &&
    x.largestRoot?.allocatedBytes === y.largestRoot?.allocatedBytes &&
    x.lastRefreshAt === y.lastRefreshAt &&
    x.refreshing === y.refreshing &&
    x.risk === y.risk
  );
}

const Row = memo(function Row({ row, index, selected, now }: RowProps): ReactElement {
  const address = useNodeDirectoryStore((s) => s.nodes[row.name]?.address ?? '');
  return (
    <div
      id={rowId(row.name)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`fleet-row${selected ? ' selected' : ''}${row.refreshing ? ' refreshing' : ''}`}
      data-testid="fleet-row"
      data-node={row.name}
      data-state={row.state}
      data-risk={row.risk}
      onClick={() => openNode(row.name, row.state)}
    >
      <div role="gridcell" className="fc-state">
        <StateBadge state={row.state} message={row.message} onResolve={hasAccessDialog(row.state) ? () => resolveAccess(row.name) : undefined} />
        {row.refreshing && <span className="spinner" aria-label="refreshing" />}
      </div>
      <div role="gridcell" className="fc-node">
        <span className="fleet-name">{nodeLabel(row.name)}</span>
        <span className="muted mono fleet-address">{address}</span>
      </div>
      <div role="gridcell" className="fc-fill">
        <FillCell row={row} />
      </div>
      <div role="gridcell" className="fc-held num" data-testid="fleet-held">
        {row.heldBytes === null ? <span className="muted">–</span> : row.heldBytes > 0 ? formatBytes(row.heldBytes) : <span className="muted">0</span>}
      </div>
      <div role="gridcell" className="fc-root">
        {row.largestRoot ? (
          <>
            <span className="mono fleet-rootpath tail-ellipsis" title={row.largestRoot.path}>
              <bdi>{row.largestRoot.path}</bdi>
            </span>
            <span className="num">{formatBytes(row.largestRoot.allocatedBytes)}</span>
          </>
        ) : (
          <span className="muted">not scanned</span>
        )}
      </div>
      <div role="gridcell" className="fc-when num" title={row.lastRefreshAt ? formatDateTime(row.lastRefreshAt, { seconds: true }) : 'never refreshed'}>
        {sinceText(row.lastRefreshAt, now)}
      </div>
      <div role="gridcell" className="fc-message" title={row.message ?? ''}>
        <FleetStoreNote node={row.name} />
        <Note message={row.message} />
      </div>
    </div>
  );
}, sameRow);

export function FleetTable(): ReactElement {
  const rows = useFleetStore((s) => s.rows);
  const selected = useFleetStore((s) => s.selected);
  const now = useNow(15_000);
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => rows[i].name,
    overscan: 10,
    // The list starts below the header in the scrolled element, and must not scroll a row under it.
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
  });
  const selectedIndex = rows.findIndex((r) => r.name === selected);

  // Keep the selected row in view when it moves (keys) or when a refresh re-sorts it elsewhere.
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const fleet = useFleetStore.getState();
    onFleetGridKey(e, fleet, () => {
      const row = fleet.rows.find((r) => r.name === fleet.selected);
      if (row) openNode(row.name, row.state);
    });
  };

  return (
    <div
      className="fleet-grid"
      role="grid"
      aria-label="Nodes, worst first"
      aria-rowcount={rows.length + 1}
      aria-activedescendant={selected ? rowId(selected) : undefined}
      tabIndex={0}
      data-testid="fleet-table"
      onKeyDown={onKeyDown}
    >
      <div className="fleet-scroll" ref={scrollRef}>
        <div role="row" aria-rowindex={1} className="fleet-row fleet-head">
          <div role="columnheader">State</div>
          <div role="columnheader">Node</div>
          <div role="columnheader" aria-sort="descending">
            Worst filesystem
          </div>
          <div role="columnheader" className="num">
            Held
          </div>
          <div role="columnheader">Largest root</div>
          <div role="columnheader" className="num">
            Refreshed
          </div>
          <div role="columnheader">Note</div>
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => (
            // Measured: a row with a host key's fingerprint is taller than the others.
            <div key={v.key} ref={virtualizer.measureElement} data-index={v.index} style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start - HEAD_HEIGHT}px)` }}>
              <Row row={rows[v.index]} index={v.index} selected={rows[v.index].name === selected} now={now} />
            </div>
          ))}
        </div>
        {rows.length === 0 && <div className="fleet-empty muted">No nodes yet.</div>}
      </div>
    </div>
  );
}
