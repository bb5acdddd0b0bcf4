// Canvas treemap of the selected root. One model for mouse and keyboard: a click (or arrow keys) selects,
// a double-click (or Enter) zooms in; Backspace or Escape zooms out (anywhere but a text field). The pieces
// live in ./treemap/: sizing, layout, selection, pointer, keys, painting and the tooltip.
import { useRef, type ReactElement } from 'react';
import { useViewStore } from '../state/viewStore';
import { treemapAriaLabel } from './treemap/treemapAriaLabel';
import { TreemapEmptyState } from './treemap/TreemapEmptyState';
import { TreemapTooltip } from './treemap/TreemapTooltip';
import { useBoxSize } from './treemap/useBoxSize';
import { useSelectedTile } from './treemap/useSelectedTile';
import { treemapKeyDown, useZoomOutKeys } from './treemap/useTreemapKeyboard';
import { useTreemapLayout } from './treemap/useTreemapLayout';
import { useTreemapPaint } from './treemap/useTreemapPaint';
import { useTreemapPointer } from './treemap/useTreemapPointer';

export function Treemap(): ReactElement {
  const notice = useViewStore((s) => s.notice);
  const zooming = useViewStore((s) => s.zooming);
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  // Effects run in the order of these hooks: measure, drop a stale hover, keep a selection, paint, keys.
  const size = useBoxSize(boxRef);
  const { tree, root, focus, held, tiles, now } = useTreemapLayout(size);
  const pointer = useTreemapPointer(tiles, focus);
  const { selected, within } = useSelectedTile(tiles, focus?.path ?? null);
  useTreemapPaint(canvasRef, { tiles, size, root, focus, hover: pointer.hover, selected, within, now });
  useZoomOutKeys();

  return (
    <div className="treemap" ref={boxRef} data-testid="treemap" aria-busy={zooming}>
      {tree && focus && (focus.allocatedBytes > 0 || held.length > 0) ? (
        <>
          <canvas
            ref={canvasRef}
            tabIndex={0}
            role="application"
            aria-roledescription="treemap"
            aria-label={treemapAriaLabel(root, focus.path, selected)}
            data-testid="treemap-canvas"
            onKeyDown={treemapKeyDown(tiles, selected ?? within, tree)}
            onMouseMove={pointer.onMouseMove}
            onMouseLeave={pointer.onMouseLeave}
            onClick={pointer.onClick}
            onDoubleClick={pointer.onDoubleClick}
          />
          {pointer.hover && root && <TreemapTooltip tile={pointer.hover.tile} x={pointer.hover.x} y={pointer.hover.y} box={size} root={root} now={now} />}
          {notice && <div className="notice">{notice}</div>}
        </>
      ) : (
        <TreemapEmptyState />
      )}
    </div>
  );
}
