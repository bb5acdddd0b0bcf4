// Where the treemap is zoomed: the root, then each directory down to the focus; each one zooms out to it.
import type { ReactElement } from 'react';
import { formatBytes, formatCount } from '../format';
import { useScanStore } from '../state/scanStore';
import { useViewStore } from '../state/viewStore';
import { resolveChain } from '../treemap/tree';

export function Breadcrumb(): ReactElement | null {
  const tree = useScanStore((s) => s.tree);
  const root = useScanStore((s) => s.root);
  const focusChain = useViewStore((s) => s.focusChain);
  if (!tree || !root) return <div className="breadcrumb" />;
  const nodes = resolveChain(tree, focusChain.length > 0 ? focusChain : [tree.id]);
  const focus = nodes[nodes.length - 1];
  return (
    <>
      <nav className="breadcrumb" aria-label="Zoom path" data-testid="breadcrumb" data-focus-path={focus.path}>
        {nodes.map((n, i) => {
          const last = i === nodes.length - 1;
          return (
            <span key={n.id} className="crumb-item">
              {i > 0 && <span className="crumb-sep" aria-hidden="true">/</span>}
              <button
                type="button"
                className="crumb"
                data-path={n.path}
                aria-current={last ? 'page' : undefined}
                title={i === 0 ? root : `${root}/${n.path}`}
                onClick={() => void useViewStore.getState().zoomTo(nodes.slice(0, i + 1).map((x) => x.id))}
              >
                {i === 0 ? <bdi>{root}</bdi> : n.name}
              </button>
            </span>
          );
        })}
      </nav>
      <span
        className="focus-stats"
        data-testid="focus-stats"
        title={`${formatBytes(focus.allocatedBytes)} allocated, ${formatBytes(focus.apparentBytes)} apparent, ${formatCount(focus.files)} files`}
      >
        <strong>{formatBytes(focus.allocatedBytes)}</strong> · {formatCount(focus.files)} files
      </span>
    </>
  );
}
