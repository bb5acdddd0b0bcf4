// Canvas treemap of the selected root, with its DOM twin (a treegrid of the same entries) and Find below it.
// One model for mouse and keyboard, on the canvas and in the twin: a click (or arrow keys) selects, a
// double-click (or Enter) zooms in; Backspace or Escape zooms out (anywhere but a text field). The pieces
// live in ./treemap/: sizing, layout, selection, pointer, keys, painting, the tooltip, the twin and Find.
import { useMemo, useRef, type ReactElement } from 'react';
import { useViewStore } from '../state/viewStore';
import { countMatches } from '../treemap/findFilter';
import { FindBox } from './treemap/FindBox';
import { treemapAriaLabel } from './treemap/treemapAriaLabel';
import { TreemapEmptyState } from './treemap/TreemapEmptyState';
import { TreemapTooltip } from './treemap/TreemapTooltip';
import { TreemapTwin } from './treemap/TreemapTwin';
import { useBoxSize } from './treemap/useBoxSize';
import { useSelectedTile } from './treemap/useSelectedTile';
import { treemapKeyDown, useZoomOutKeys } from './treemap/useTreemapKeyboard';
import { useTreemapLayout } from './treemap/useTreemapLayout';
import { useTreemapPaint } from './treemap/useTreemapPaint';
import { useTreemapPointer } from './treemap/useTreemapPointer';
import './treemap/treemap.css';

export function Treemap(): ReactElement {
  const notice = useViewStore((s) => s.notice);
  const zooming = useViewStore((s) => s.zooming);
  const findText = useViewStore((s) => s.findText);
  const selectedKey = useViewStore((s) => s.selectedKey);
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  // Effects run in the order of these hooks: measure, drop a stale hover, keep a selection, paint, keys.
  const size = useBoxSize(boxRef);
  const { tree, root, focus, focusIds, held, tiles, now } = useTreemapLayout(size);
  const pointer = useTreemapPointer(tiles, focus);
  const { selected, within } = useSelectedTile(tiles, focus?.path ?? null);
  useTreemapPaint(canvasRef, { tiles, size, root, focus, hover: pointer.hover, selected, within, now });
  useZoomOutKeys();
  const finding = findText.trim() !== '';
  const matches = useMemo(() => (finding && focus ? countMatches(focus, findText) + held.length : null), [finding, focus, findText, held]);
  const drawable = tree && focus && (focus.allocatedBytes > 0 || held.length > 0);

  return (
    <div className="treemap-area">
      <div className="treemap" ref={boxRef} data-testid="treemap" aria-busy={zooming}>
        {drawable ? (
          <>
            <canvas
              ref={canvasRef}
              tabIndex={0}
              role="application"
              aria-roledescription="treemap"
              aria-label={treemapAriaLabel(root, focus.path, selected, within, selectedKey)}
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
        ) : tree && finding ? (
          <div className="treemap-empty" data-testid="find-empty">
            <div>
              No loaded name here contains <bdi className="mono">{findText}</bdi>.
            </div>
          </div>
        ) : (
          <TreemapEmptyState />
        )}
      </div>
      <div className="twin-pane">
        <div className="twin-bar">
          <span className="twin-title" id="twin-title">
            Entries
          </span>
          <FindBox matches={matches} />
        </div>
        {tree && focus ? <TreemapTwin focus={focus} focusIds={focusIds} held={held} /> : <div className="twin-empty muted">No entries yet.</div>}
      </div>
    </div>
  );
}
