// The node's Data stores tab: every database, broker, journal, container log and system cache found under
// the configured roots and each kind's well-known home (stores.list), largest first (logrotate's coverage
// notes last), the first STORES_SHOWN then "Show all". Read when the tab first opens for a node (the probe lists every file there), and on Refresh.
import { useEffect, useState, type ReactElement } from 'react';
import type { DataStore } from '../../../../shared/dataStoreModels';
import { formatBytes, formatCount } from '../../format';
import { useDataStoresStore } from '../../state/dataStoresStore';
import { nodeLabel, useNavStore } from '../../state/navStore';
import { StoreActDialog } from './StoreActDialog';
import { StoreCard } from './StoreCard';
import './dataStores.css';

export const STORES_SHOWN = 12;

/** Largest first; logrotate's coverage (information about a log, not a store of its own) after the stores. */
function byWeight(a: DataStore, b: DataStore): number {
  return Number(a.kind === 'logrotate') - Number(b.kind === 'logrotate') || b.bytes - a.bytes || a.path.localeCompare(b.path);
}

export function DataStoresView(): ReactElement {
  const node = useNavStore((s) => s.node);
  const listed = useDataStoresStore((s) => s.byNode[node]);
  const loading = useDataStoresStore((s) => s.loadingNode === node);
  const error = useDataStoresStore((s) => (s.error?.node === node ? s.error.message : null));
  const [showAll, setShowAll] = useState(false);
  useEffect(() => {
    void useDataStoresStore.getState().loadIfMissing();
    setShowAll(false);
    return () => useDataStoresStore.getState().closeAct();
  }, [node]);
  const report = listed?.report ?? null;
  const stores = report ? [...report.stores].sort(byWeight) : [];
  const shown = showAll ? stores : stores.slice(0, STORES_SHOWN);
  const total = stores.reduce((a, s) => a + s.bytes, 0);
  return (
    <div className="ds-view" data-testid="data-stores" data-state={loading ? 'loading' : report ? 'done' : error ? 'error' : 'idle'}>
      <div className="held-head ds-head">
        <h2 className="held-title">Data stores</h2>
        {report && (
          <span className="held-total" data-testid="data-stores-total">
            {formatCount(stores.length)} on {nodeLabel(node)} · {formatBytes(total)}
          </span>
        )}
        {loading && <span className="spinner inline" aria-label="reading the stores" />}
        <span className="spacer" />
        <button type="button" disabled={loading} onClick={() => void useDataStoresStore.getState().load()} data-testid="data-stores-refresh">
          Refresh
        </button>
      </div>
      <div className="ds-body">
        {error && (
          <div className="held-notice" role="alert" data-testid="data-stores-error">
            <strong>The stores could not be listed.</strong> <span className="mono">{error}</span>
          </div>
        )}
        {!report && loading && <p className="muted ds-empty">Looking for databases, brokers, journals and caches… nothing is changed.</p>}
        {report && (
          <p className="muted ds-where">
            Looked in{' '}
            {report.locations.map((l, i) => (
              <span key={l}>
                {i > 0 && ', '}
                <span className="mono">{l}</span>
              </span>
            ))}
            . A store’s files are never unlinked by a reap unless its kind allows it; its own way to free space is listed with it.
          </p>
        )}
        {report && (report.partial || report.warnings.length > 0) && (
          <div className="held-notice" data-testid="data-stores-partial">
            {report.partial && <strong>Partial: </strong>}
            {report.warnings.slice(0, 5).join(' · ')}
            {report.warnings.length > 5 && ` (and ${formatCount(report.warnings.length - 5)} more)`}
          </div>
        )}
        {report && stores.length === 0 && <p className="muted ds-empty">No data store found there.</p>}
        <ul className="ds-cards">
          {shown.map((s) => (
            <StoreCard key={`${s.kind}:${s.path}`} store={s} onRun={(store, action) => void useDataStoresStore.getState().openAct(store, action)} />
          ))}
        </ul>
        {stores.length > shown.length && (
          <button type="button" className="link ds-show-all" onClick={() => setShowAll(true)} data-testid="data-stores-show-all">
            Show all {formatCount(stores.length)} stores
          </button>
        )}
      </div>
      <StoreActDialog />
    </div>
  );
}
