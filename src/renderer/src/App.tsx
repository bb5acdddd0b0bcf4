// The node view: header with the node's identity, filesystems and roots on the left, the treemap of the
// selected root in the middle, its partitions on the right.
import { useEffect, useRef, useSyncExternalStore, type ReactElement } from 'react';
import { getApi } from './api/getApi';
import type { ConnectionStatus } from './api/wsApi';
import { AgeLegend } from './components/AgeLegend';
import { Breadcrumb } from './components/Breadcrumb';
import { FilesystemBars } from './components/FilesystemBars';
import { HeldView } from './components/HeldView';
import { PartitionTable } from './components/PartitionTable';
import { ReclaimDialog } from './components/ReclaimDialog';
import { RootList } from './components/RootList';
import { ScanProgress } from './components/ScanProgress';
import { Treemap } from './components/Treemap';
import { formatBytes } from './format';
import { useHeldStore } from './state/heldStore';
import { useNodeStore } from './state/nodeStore';
import { useScanStore } from './state/scanStore';
import { useViewStore, type CenterTab } from './state/viewStore';

// The socket's status as an external store, so a change between render and subscribe is never missed.
const subscribeStatus = (listener: () => void) => getApi().bridge?.onStatus(listener) ?? (() => undefined);
const readStatus = (): ConnectionStatus => getApi().bridge?.status() ?? 'open';

function Connection(): ReactElement | null {
  const status = useSyncExternalStore(subscribeStatus, readStatus);
  if (!getApi().bridge) return null;
  const text = status === 'open' ? 'connected' : status === 'connecting' ? 'connecting…' : 'reconnecting…';
  return (
    <span className={`conn ${status}`} data-testid="connection" data-status={status}>
      {text}
    </span>
  );
}

function Header(): ReactElement {
  const info = useNodeStore((s) => s.info);
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Spoolscope
      </div>
      <div className="node-id" data-testid="node">
        <span className="node-name">this machine</span>
        <span className="muted mono">{info?.hostname ?? '…'}</span>
      </div>
      <div className="spacer" />
      <Connection />
      {info && (
        <span className="muted" title={`data: ${info.dataDir}`}>
          v{info.version} · {info.frontDoor}
        </span>
      )}
    </header>
  );
}

const TABS: { id: CenterTab; label: string }[] = [
  { id: 'treemap', label: 'Treemap' },
  { id: 'held', label: 'Hidden usage' },
];

/** Treemap or hidden usage; arrow keys move between the tabs (the WAI-ARIA tabs pattern). */
function CenterTabs(): ReactElement {
  const tab = useViewStore((s) => s.tab);
  const held = useHeldStore((s) => s.report?.totalHeldBytes ?? null);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const go = (i: number) => {
    const t = TABS[(i + TABS.length) % TABS.length];
    useViewStore.getState().setTab(t.id);
    refs.current[(i + TABS.length) % TABS.length]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="View">
      {TABS.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={tab === t.id}
          aria-controls={`tabpanel-${t.id}`}
          tabIndex={tab === t.id ? 0 : -1}
          className={`tab${tab === t.id ? ' active' : ''}`}
          data-testid={`tab-${t.id}`}
          onClick={() => useViewStore.getState().setTab(t.id)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
              e.preventDefault();
              go(i + (e.key === 'ArrowRight' ? 1 : -1));
            }
          }}
        >
          {t.label}
          {t.id === 'held' && held !== null && held > 0 && <span className="tab-count held">{formatBytes(held)}</span>}
        </button>
      ))}
    </div>
  );
}

export function App(): ReactElement {
  const tab = useViewStore((s) => s.tab);
  useEffect(() => {
    const unsubscribe = useScanStore.getState().init();
    let live = true;
    void useNodeStore
      .getState()
      .load()
      .then((root) => {
        if (live && root) void useScanStore.getState().start(root);
      });
    void useHeldStore.getState().refresh();
    // A finished scan changes the bytes visible per filesystem: reconcile again.
    const unsubscribeScan = useScanStore.subscribe((s, prev) => {
      if (s.progress?.state === 'done' && prev.progress?.state !== 'done') void useHeldStore.getState().refresh();
    });
    return () => {
      live = false;
      unsubscribe();
      unsubscribeScan();
    };
  }, []);

  return (
    <div className="app">
      <Header />
      <main className="layout">
        <aside className="panel left" aria-label="Node">
          <FilesystemBars />
          <RootList />
        </aside>
        <section className={`center tab-${tab}`} aria-label={tab === 'held' ? 'Hidden usage' : 'Treemap'}>
          <CenterTabs />
          {tab === 'treemap' ? (
            <>
              <div className="toolbar" role="tabpanel" id="tabpanel-treemap" aria-labelledby="tab-treemap">
                <Breadcrumb />
                <ScanProgress />
              </div>
              <Treemap />
              <div className="center-footer">
                <AgeLegend />
                <span className="spacer" />
                <span className="keys" title="Click or Enter zooms in; Backspace or Escape zooms out; arrow keys move the selection">
                  <kbd>Enter</kbd> zoom · <kbd>Backspace</kbd> out · <kbd>←↑↓→</kbd> move
                </span>
              </div>
            </>
          ) : (
            <div className="tabpanel-held" role="tabpanel" id="tabpanel-held" aria-labelledby="tab-held">
              <HeldView />
            </div>
          )}
        </section>
        <aside className="panel right" aria-label="Partitions">
          <PartitionTable />
        </aside>
      </main>
      <ReclaimDialog />
    </div>
  );
}
