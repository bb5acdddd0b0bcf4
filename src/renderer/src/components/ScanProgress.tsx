// The scan job's state: live counters and Cancel while it runs, the outcome, how long ago it ran (kept true
// as time passes: an old treemap must read as old) and Rescan after.
import type { ReactElement } from 'react';
import { formatAge, formatBytes, formatCount, formatDuration, formatShortTime } from '../format';
import { useNow } from '../hooks/useNow';
import { useNodeStore } from '../state/nodeStore';
import { importedReason, useScanStore } from '../state/scanStore';

export function ScanProgress(): ReactElement | null {
  const progress = useScanStore((s) => s.progress);
  const startError = useScanStore((s) => s.startError);
  const root = useScanStore((s) => s.root);
  const finishedAt = useScanStore((s) => s.finishedAt);
  const imported = useScanStore((s) => s.imported);
  // Minute steps: "just now", "1 min ago"...
  const now = useNow(10_000);
  const selectedRoot = useNodeStore((s) => s.selectedRoot);
  const rescan = () => {
    const r = selectedRoot ?? root;
    if (r) void useScanStore.getState().start(r);
  };

  if (startError) {
    return (
      <div className="scan-status" data-testid="scan-status" data-state="failed">
        <span className="badge failed">failed</span>
        <span title={startError}>{startError.length > 60 ? `${startError.slice(0, 60)}…` : startError}</span>
        <button type="button" onClick={rescan}>
          Retry
        </button>
      </div>
    );
  }
  if (!progress) {
    return root ? (
      <div className="scan-status" data-testid="scan-status" data-state="starting">
        <span className="spinner" aria-hidden="true" /> Starting scan…
      </div>
    ) : null;
  }
  const counters = `${formatCount(progress.filesSeen)} files · ${formatBytes(progress.bytesSeen)} · ${formatDuration(progress.elapsedMs)}`;
  if (progress.state === 'running') {
    return (
      <div className="scan-status" data-testid="scan-status" data-state="running" role="status">
        <span className="spinner" aria-hidden="true" />
        <span>Scanning: {counters}</span>
        <button type="button" className="danger" onClick={() => void useScanStore.getState().cancel()}>
          Cancel
        </button>
      </div>
    );
  }
  // The clock ticks every 10 s: a scan that ended since the last tick ended "just now", not in the future.
  const nowSec = Math.max(now, finishedAt ?? 0) / 1000;
  const age =
    finishedAt === null ? null : (
      <span className="scan-age" data-testid="scan-age" title={`at ${formatShortTime(finishedAt / 1000, nowSec)}`}>
        {formatAge(finishedAt / 1000, nowSec)}
      </span>
    );
  if (imported) {
    return (
      <div className="scan-status" data-testid="scan-status" data-state="imported" role="status">
        {progress.partial && <span className="badge partial" title="ncdu could not read some entries">partial</span>}
        <span>
          Imported <bdi className="mono">{imported.file}</bdi>
        </span>
        <button type="button" disabled title={importedReason(imported)!} data-testid="rescan">
          Rescan
        </button>
      </div>
    );
  }
  const problems = progress.errors.length > 0 ? `\n${progress.errors.slice(0, 10).join('\n')}` : '';
  return (
    <div className="scan-status" data-testid="scan-status" data-state={progress.state} role="status">
      {progress.state === 'failed' && <span className="badge failed">failed</span>}
      {progress.partial && progress.state !== 'failed' && (
        <span
          className="badge partial"
          title={(progress.state === 'cancelled' ? 'Cancelled: the tree shows what was scanned before.' : 'Some entries could not be read.') + problems}
        >
          partial
        </span>
      )}
      <span title={`${progress.message ? `${progress.message}\n` : ''}${counters}`}>
        {progress.state === 'failed' ? (
          (progress.message ?? 'Scan failed')
        ) : (
          <>
            {progress.state === 'cancelled' ? 'Cancelled ' : 'Scanned '}
            {age}
            {progress.state === 'cancelled' ? ` after ${counters}` : `, in ${formatDuration(progress.elapsedMs)}`}
          </>
        )}
      </span>
      <button type="button" onClick={rescan}>
        Rescan
      </button>
    </div>
  );
}
