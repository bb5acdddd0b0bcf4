// The app: the fleet table of every node, or the node view of one node (header with the node's identity
// and state, filesystems and roots on the left, the treemap of the selected root in the middle, its
// partitions on the right). With only this machine known, it opens straight into its node view.
import { useEffect, useRef, type ReactElement } from 'react';
import { AgeLegend } from './components/AgeLegend';
import { Breadcrumb } from './components/Breadcrumb';
import { Connection } from './components/Connection';
import { FleetScreen } from './components/fleet/FleetScreen';
import { NodeAccessPanel } from './components/fleet/NodeAccessPanel';
import { NodeDialogs } from './components/fleet/NodeDialogs';
import { StateBadge } from './components/fleet/StateBadge';
import { hasAccessDialog } from './components/fleet/stateLabels';
import { FilesystemBars } from './components/FilesystemBars';
import { HeldView } from './components/HeldView';
import { PartitionGrid } from './components/partitionGrid/PartitionGrid';
import { ReclaimDialog } from './components/ReclaimDialog';
import { ReapDialog } from './components/ReapDialog';
import { ReapSelectionButton } from './components/ReapSelectionButton';
import { RootList } from './components/RootList';
import { ScanProgress } from './components/ScanProgress';
import { Treemap } from './components/Treemap';
import { formatBytes } from './format';
import { useFleetStore } from './state/fleetStore';
import { pollFilesystems } from './state/filesystemPolling';
import { useHeldStore } from './state/heldStore';
import { nodeLabel, useNavStore } from './state/navStore';
import { LOCAL_NODE } from '../../shared/nodeNames';
import { useNodeDialogStore } from './state/nodeDialogStore';
import { isUsable, useNodeDirectoryStore } from './state/nodeDirectoryStore';
import { useNodeStore } from './state/nodeStore';
import { useScanStore } from './state/scanStore';
import { useViewStore, type CenterTab } from './state/viewStore';
import { LiveWatch } from './components/LiveWatch';
import { StoreNotice } from './components/StoreNotice';
import { SourcesButton } from './components/sources/SourcesButton';
import { SourcesPanel } from './components/sources/SourcesPanel';
import { DataStoresView } from './components/dataStores/DataStoresView';
import { ChangesView } from './components/changes/ChangesView';
import { ImportedBanner } from './components/ImportedBanner';
import { ThemeSelect } from './components/ThemeSelect';
import { useThemeStore } from './theme/themeStore';
import { listenForAppCommands } from './appCommands';

function Header(): ReactElement {
  const info = useNodeStore((s) => s.info);
  const node = useNavStore((s) => s.node);
  const nodeInfo = useNodeDirectoryStore((s) => s.nodes[node]);
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Spoolscope
      </div>
      <button type="button" className="back" data-testid="to-fleet" title="Every node, worst first" onClick={() => useNavStore.getState().showFleet()}>
        ← Fleet
      </button>
      <div className="node-id" data-testid="node" data-node={node}>
        <span className="node-name">{nodeLabel(node)}</span>
        <span className="muted mono">{node === LOCAL_NODE ? (info?.hostname ?? '…') : (nodeInfo?.address ?? '…')}</span>
        {nodeInfo && (
          <StateBadge
            state={nodeInfo.state}
            message={nodeInfo.message}
            onResolve={hasAccessDialog(nodeInfo.state) ? () => useNodeDialogStore.getState().askFor(nodeInfo) : undefined}
          />
        )}
      </div>
      <div className="spacer" />
      <Connection />
      <ThemeSelect />
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
  { id: 'stores', label: 'Data stores' },
  { id: 'changes', label: 'Changes' },
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
          {t.id === 'held' && <HeldCount bytes={held} />}
        </button>
      ))}
    </div>
  );
}

/**
 * Disk held by deleted files, on the Hidden usage tab. Its place is kept, empty, while there is none, and is
 * as wide as any byte text: the count appears mid-incident, and a tab to its right that moved under the
 * pointer would take a click meant for its neighbour.
 */
function HeldCount({ bytes }: { bytes: number | null }): ReactElement {
  const shown = bytes !== null && bytes > 0;
  return (
    <span className={`tab-count held${shown ? '' : ' empty'}`} data-testid="held-count" aria-hidden={shown ? undefined : true}>
      {shown ? formatBytes(bytes) : ''}
    </span>
  );
}

/** Connects an SSH node when the node view opens it; the dialog its state asks for opens once. */
function useConnectOnOpen(node: string): void {
  useEffect(() => {
    if (node === LOCAL_NODE) return;
    let live = true;
    void useNodeDirectoryStore
      .getState()
      .connect(node)
      .then((r) => {
        if (live && !('error' in r)) useNodeDialogStore.getState().askFor(r);
      });
    return () => {
      live = false;
    };
  }, [node]);
}

/** The node view of the navStore's node; its data loads once the node can be used (local, or connected). */
function NodeView(): ReactElement {
  const tab = useViewStore((s) => s.tab);
  const node = useNavStore((s) => s.node);
  const nodeInfo = useNodeDirectoryStore((s) => s.nodes[node]);
  // This machine is always usable; an SSH node once connected (or partial). A node that was usable and is
  // reconnecting keeps its view: a dropped connection the registry is retrying must not restart the scan.
  const wasUsable = useRef<string | null>(null);
  const usable =
    node === LOCAL_NODE || (nodeInfo !== undefined && (isUsable(nodeInfo.state) || (nodeInfo.state === 'connecting' && wasUsable.current === node)));
  wasUsable.current = usable ? node : null;
  useConnectOnOpen(node);
  useEffect(() => {
    if (!usable) return;
    // Another node's figures must never show under this node's name.
    useScanStore.getState().reset();
    useHeldStore.getState().reset();
    useNodeStore.getState().reset();
    const unsubscribe = useScanStore.getState().init();
    let live = true;
    void useNodeStore
      .getState()
      .load()
      .then((root) => {
        if (live && root) void useScanStore.getState().start(root);
      });
    // A filesystem mounted (or filled) after the view opened must show: re-read while the page is visible.
    const stopPolling = pollFilesystems();
    void useHeldStore.getState().refresh();
    // A finished scan changes the bytes visible per filesystem: reconcile again.
    const unsubscribeScan = useScanStore.subscribe((s, prev) => {
      if (s.progress?.state === 'done' && prev.progress?.state !== 'done') void useHeldStore.getState().refresh();
    });
    return () => {
      live = false;
      stopPolling();
      unsubscribe();
      unsubscribeScan();
    };
  }, [node, usable]);

  if (!usable) {
    return (
      <div className="app">
        <Header />
        <main className="node-access-main">
          {nodeInfo ? <NodeAccessPanel info={nodeInfo} /> : <p className="muted node-access">Loading {node}…</p>}
        </main>
      </div>
    );
  }

  return (
    <div className="app">
      <Header />
      <div className="notices">
        <StoreNotice />
        <ImportedBanner />
        <LiveWatch />
      </div>
      <main className={`layout tab-${tab}`}>
        <aside className="panel left" aria-label="Node">
          <FilesystemBars />
          <RootList />
        </aside>
        <section className={`center tab-${tab}`} aria-label={TABS.find((t) => t.id === tab)?.label ?? 'Treemap'}>
          <CenterTabs />
          {tab === 'treemap' ? (
            <>
              <div className="toolbar" role="tabpanel" id="tabpanel-treemap" aria-labelledby="tab-treemap">
                <Breadcrumb />
                <ScanProgress />
                <div className="sel-actions">
                  <SourcesButton />
                  <ReapSelectionButton />
                </div>
              </div>
              <Treemap />
              <div className="center-footer">
                <AgeLegend />
                <span className="spacer" />
                <span className="keys" title="A click selects; a double-click or Enter zooms in; Backspace or Escape zooms out; arrow keys move the selection">
                  <kbd>Enter</kbd> zoom · <kbd>Backspace</kbd> out · <kbd>←↑↓→</kbd> move
                </span>
              </div>
            </>
          ) : tab === 'held' ? (
            <div className="tabpanel-held" role="tabpanel" id="tabpanel-held" aria-labelledby="tab-held">
              <HeldView />
            </div>
          ) : tab === 'changes' ? (
            <div className="tabpanel-changes" role="tabpanel" id="tabpanel-changes" aria-labelledby="tab-changes">
              <ChangesView />
            </div>
          ) : (
            <div className="tabpanel-stores" role="tabpanel" id="tabpanel-stores" aria-labelledby="tab-stores">
              <DataStoresView />
            </div>
          )}
        </section>
        <aside className="panel right" aria-label="Partitions">
          <PartitionGrid />
        </aside>
      </main>
      <ReclaimDialog />
      <ReapDialog />
      <SourcesPanel />
    </div>
  );
}

/** Opens on the fleet when SSH nodes are saved; with only this machine, straight into its node view. */
function useStartScreen(): void {
  useEffect(() => {
    const unsubscribeNodes = useNodeDirectoryStore.getState().init();
    const unsubscribeFleet = useFleetStore.getState().init();
    void useNodeDirectoryStore
      .getState()
      .load()
      .then((nodes) => {
        const nav = useNavStore.getState();
        if (nav.screen !== 'starting') return;
        if (nodes.some((n) => n.kind === 'ssh')) nav.showFleet();
        else nav.openNode(LOCAL_NODE);
      });
    return () => {
      unsubscribeNodes();
      unsubscribeFleet();
    };
  }, []);
}

/** The saved theme, and the desktop menu's commands, for as long as the app is up. */
function useThemeAndCommands(): void {
  useEffect(() => {
    const stopTheme = useThemeStore.getState().init();
    const stopCommands = listenForAppCommands();
    return () => {
      stopTheme();
      stopCommands();
    };
  }, []);
}

export function App(): ReactElement {
  const screen = useNavStore((s) => s.screen);
  useStartScreen();
  useThemeAndCommands();
  return (
    <>
      {screen === 'fleet' ? <FleetScreen /> : screen === 'node' ? <NodeView /> : <div className="app starting" data-testid="starting" />}
      <NodeDialogs />
    </>
  );
}
