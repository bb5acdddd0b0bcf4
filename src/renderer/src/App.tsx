// The node view: header with the node's identity, filesystems and roots on the left, the treemap of the
// selected root in the middle, its partitions on the right.
import { useEffect, useSyncExternalStore, type ReactElement } from 'react';
import { getApi } from './api/getApi';
import type { ConnectionStatus } from './api/wsApi';
import { AgeLegend } from './components/AgeLegend';
import { Breadcrumb } from './components/Breadcrumb';
import { FilesystemBars } from './components/FilesystemBars';
import { PartitionTable } from './components/PartitionTable';
import { RootList } from './components/RootList';
import { ScanProgress } from './components/ScanProgress';
import { Treemap } from './components/Treemap';
import { useNodeStore } from './state/nodeStore';
import { useScanStore } from './state/scanStore';

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

export function App(): ReactElement {
  useEffect(() => {
    const unsubscribe = useScanStore.getState().init();
    let live = true;
    void useNodeStore
      .getState()
      .load()
      .then((root) => {
        if (live && root) void useScanStore.getState().start(root);
      });
    return () => {
      live = false;
      unsubscribe();
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
        <section className="center" aria-label="Treemap">
          <div className="toolbar">
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
        </section>
        <aside className="panel right" aria-label="Partitions">
          <PartitionTable />
        </aside>
      </main>
    </div>
  );
}
