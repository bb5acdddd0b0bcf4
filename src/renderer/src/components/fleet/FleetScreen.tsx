// The fleet home screen: every node, worst first, with refresh-all, add and import. Opening it the first
// time in a session refreshes every node (the numbers an operator came for), a few at a time; with a
// Prometheus source it reads that instead, and a node is connected over SSH only when it is opened.
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useFleetStore } from '../../state/fleetStore';
import { usePromFleetStore } from '../../state/promFleetStore';
import { usePromRowsStore } from '../../state/promRowsStore';
import { PrometheusDialog } from './PrometheusDialog';
import { PromFleetStrip } from './PromFleetStrip';
import { PromFleetTable } from './PromFleetTable';
import { useNodeDialogStore } from '../../state/nodeDialogStore';
import { Connection } from '../Connection';
import { ThemeSelect } from '../ThemeSelect';
import { FleetTable } from './FleetTable';
import { STATE_LABEL, STATE_TONE } from './stateLabels';

let refreshedThisSession = false;

function StateSummary(): ReactElement {
  const rows = useFleetStore((s) => s.rows);
  const refreshing = rows.filter((r) => r.refreshing).length;
  const bad = rows.filter((r) => STATE_TONE[r.state] === 'bad' || STATE_TONE[r.state] === 'warn');
  const counts = new Map<string, number>();
  for (const r of bad) counts.set(STATE_LABEL[r.state], (counts.get(STATE_LABEL[r.state]) ?? 0) + 1);
  return (
    <span className="fleet-summary muted" data-testid="fleet-summary" data-refreshing={refreshing}>
      {rows.length} {rows.length === 1 ? 'node' : 'nodes'}
      {refreshing > 0 && ` · refreshing ${refreshing}`}
      {[...counts].map(([label, n]) => ` · ${n} ${label}`).join('')}
    </span>
  );
}

export function FleetScreen(): ReactElement {
  const error = useFleetStore((s) => s.error);
  const anyRefreshing = useFleetStore((s) => s.rows.some((r) => r.refreshing));
  const tableWrap = useRef<HTMLDivElement | null>(null);
  const [promOpen, setPromOpen] = useState(false);
  const promUrl = usePromFleetStore((s) => s.source?.url ?? null);

  useEffect(() => {
    void useFleetStore
      .getState()
      .load()
      .then(() => usePromFleetStore.getState().load())
      .then((hasSource) => {
        if (hasSource) return void usePromFleetStore.getState().read();
        if (refreshedThisSession) return;
        refreshedThisSession = true;
        void useFleetStore.getState().refresh();
      });
    // The table takes the keys at once: arrows and Enter work without a click.
    tableWrap.current?.querySelector<HTMLElement>('[role=grid]')?.focus();
  }, []);

  return (
    <div className="app fleet-screen">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Spoolscope
        </div>
        <div className="node-id">
          <span className="node-name">Fleet</span>
          <StateSummary />
        </div>
        <div className="spacer" />
        <Connection />
        <ThemeSelect />
      </header>
      <main className="fleet-main">
        <div className="toolbar fleet-toolbar">
          <button
            type="button"
            className="primary"
            data-testid="fleet-refresh"
            onClick={() => {
              void useFleetStore.getState().refresh();
              void usePromFleetStore.getState().read().then(() => (promUrl !== null ? usePromRowsStore.getState().refresh() : undefined));
            }}
          >
            {anyRefreshing ? 'Refreshing…' : 'Refresh all'}
          </button>
          <button type="button" data-testid="add-node" onClick={() => useNodeDialogStore.getState().open({ kind: 'add' })}>
            Add node…
          </button>
          <button type="button" data-testid="import-ssh-config" onClick={() => useNodeDialogStore.getState().open({ kind: 'import' })}>
            Import ~/.ssh/config…
          </button>
          <button type="button" data-testid="prometheus-source" onClick={() => setPromOpen(true)}>
            Prometheus…
          </button>
          {error && (
            <span className="error" role="alert">
              {error}
            </span>
          )}
          <span className="spacer" />
          <span className="keys">
            <kbd>↑↓</kbd> move · <kbd>Enter</kbd> open · sorted by worst filesystem, then held bytes
          </span>
        </div>
        <PromFleetStrip />
        <div className="fleet-table-wrap" ref={tableWrap}>
          {/* With a Prometheus source its ranked rows (SSH rows merged in) are the table, paged. */}
          {promUrl !== null ? <PromFleetTable key={promUrl} /> : <FleetTable />}
        </div>
      </main>
      {promOpen && <PrometheusDialog onClose={() => setPromOpen(false)} />}
    </div>
  );
}
