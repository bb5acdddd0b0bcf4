// What the treemap's box says when there is nothing to draw: an error, no root yet, a scan running, the
// tree loading, or a root with nothing allocated.
import type { ReactElement } from 'react';
import { formatBytes, formatCount, formatDuration } from '../../format';
import { useScanStore } from '../../state/scanStore';

export function TreemapEmptyState(): ReactElement {
  const progress = useScanStore((s) => s.progress);
  const root = useScanStore((s) => s.root);
  const startError = useScanStore((s) => s.startError);
  const resultsError = useScanStore((s) => s.resultsError);
  const loading = useScanStore((s) => s.loadingResults);
  let body: ReactElement;
  if (startError || resultsError) body = <div className="error">{startError ?? resultsError}</div>;
  else if (!root) body = <div>Pick or add a root on the left to scan it.</div>;
  else if (progress?.state === 'running')
    body = (
      <>
        <div className="big">
          {formatCount(progress.filesSeen)} files · {formatBytes(progress.bytesSeen)}
        </div>
        <div>
          Scanning <span className="mono">{root}</span> · {formatDuration(progress.elapsedMs)}
        </div>
      </>
    );
  else if (loading || !progress)
    body = (
      <div>
        <span className="spinner inline" aria-hidden="true" /> Loading the tree…
      </div>
    );
  else body = <div>Nothing allocated under this root.</div>;
  return <div className="treemap-empty">{body}</div>;
}
