// Keeps a live watch on the root on screen and shows the open alerts as a banner (the in-app form of the
// desktop notification; in a browser it is the only one). Dismissing hides an alert until its next episode.
import { useEffect, type ReactElement } from 'react';
import { useNodeStore } from '../state/nodeStore';
import { useScanStore } from '../state/scanStore';
import { formatMoment } from '../timeFormat';
import { useWatchStore, visibleAlerts } from '../state/watchStore';
import '../watch.css';
import { LOCAL_NODE } from '../../../shared/nodeNames';

export function LiveWatch(): ReactElement | null {
  // No live watch while an import is on screen: its growth would be this node's, not the export's.
  const imported = useScanStore((s) => s.imported !== null);
  const selectedRoot = useNodeStore((s) => s.selectedRoot);
  const root = imported ? null : selectedRoot;
  const alerts = useWatchStore((s) => s.alerts);
  const dismissed = useWatchStore((s) => s.dismissed);
  useEffect(() => useWatchStore.getState().init(), []);
  useEffect(() => {
    void useWatchStore.getState().follow(root);
  }, [root]);
  useEffect(() => {
    // Leaving the page (a browser tab closing) stops our share of the watch; the backend cannot tell.
    const leave = () => void useWatchStore.getState().follow(null);
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, []);
  const shown = visibleAlerts(alerts, dismissed);
  if (shown.length === 0) return null;
  return (
    <div className="alert-banner" role="alert" data-testid="alert-banner">
      {shown.slice(0, 3).map((a) => (
        <div key={a.key} className={`alert-row ${a.severity}`} data-kind={a.kind}>
          <span className="alert-sev">{a.severity === 'critical' ? 'Critical' : 'Warning'}</span>
          <span className="alert-msg">
            <bdi>{a.node === LOCAL_NODE ? '' : `${a.node}: `}{a.message}</bdi>
          </span>
          <span className="alert-since muted">since {formatMoment(a.since, Date.now())}</span>
          <button type="button" className="alert-dismiss" aria-label={`Dismiss: ${a.message}`} onClick={() => useWatchStore.getState().dismiss(a)}>
            ×
          </button>
        </div>
      ))}
      {shown.length > 3 && <div className="alert-more muted">and {shown.length - 3} more</div>}
    </div>
  );
}
