// The tooltip of the hovered tile: a node's path, kind, sizes, file count and ages; or, for a hatched
// tile, the process holding deleted files. Placed beside the pointer, flipped to stay inside the box.
import { useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import { formatAge, formatBytes, formatCount, formatTimestamp } from '../../format';
import type { HeldTileInfo } from '../../treemap/heldTiles';
import type { Tile } from '../../treemap/layout';
import type { BoxSize } from './useBoxSize';

interface TooltipProps {
  tile: Tile;
  /** The pointer, in CSS pixels from the box's top left corner. */
  x: number;
  y: number;
  box: BoxSize;
  root: string;
  now: number;
}

/** Beside the pointer, or on its other side where the tooltip would overflow the box. */
function useTooltipPosition(x: number, y: number, box: BoxSize, tileKey: string) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ left: x + 14, top: y + 14 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    setPos({
      left: x + 14 + w > box.w ? Math.max(4, x - w - 14) : x + 14,
      top: y + 14 + h > box.h ? Math.max(4, y - h - 14) : y + 14,
    });
  }, [x, y, box.w, box.h, tileKey]);
  return { ref, pos };
}

function HeldDetails({ held }: { held: HeldTileInfo }): ReactElement {
  return (
    <>
      <div className="tooltip-path">Held by deleted-but-open files</div>
      <dl>
        <dt>Process</dt>
        <dd>
          {held.pid} {held.comm}
        </dd>
        <dt>Unit</dt>
        <dd>{held.unit ?? '–'}</dd>
        <dt>Allocated</dt>
        <dd>{formatBytes(held.bytes)}</dd>
        <dt>Files</dt>
        <dd>{formatCount(held.files)} deleted, still open</dd>
      </dl>
      <div className="tooltip-note">On this filesystem but in no directory: du cannot see it. Double-click (or Enter) to list the files and reclaim them.</div>
    </>
  );
}

function NodeDetails({ tile, root, now }: { tile: Tile; root: string; now: number }): ReactElement {
  const n = tile.node;
  const full = n.path === '' ? root : `${root === '/' ? '' : root}/${n.path}`;
  return (
    <>
      <div className="tooltip-path">{n.kind === 'more' ? `${full}/ (${formatCount(n.moreCount ?? 0)} smaller entries)` : full}</div>
      <dl>
        <dt>Kind</dt>
        <dd>{n.partition ? `${n.partition} partition` : n.kind === 'more' ? 'folded entries' : n.kind}</dd>
        <dt>Allocated</dt>
        <dd>{formatBytes(n.allocatedBytes)}</dd>
        <dt>Apparent</dt>
        <dd>{formatBytes(n.apparentBytes)}</dd>
        <dt>Files</dt>
        <dd>
          {formatCount(n.files)}
          {n.dirs > 0 ? ` in ${formatCount(n.dirs)} ${n.dirs === 1 ? 'directory' : 'directories'}` : ''}
        </dd>
        <dt>Newest</dt>
        <dd>
          {formatAge(n.newestMtime, now)} <span className="muted">{formatTimestamp(n.newestMtime)}</span>
        </dd>
        <dt>Oldest</dt>
        <dd>
          {formatAge(n.oldestMtime, now)} <span className="muted">{formatTimestamp(n.oldestMtime)}</span>
        </dd>
      </dl>
    </>
  );
}

export function TreemapTooltip({ tile, x, y, box, root, now }: TooltipProps): ReactElement {
  const { ref, pos } = useTooltipPosition(x, y, box, tile.key);
  const held = tile.held;
  return (
    <div className={held ? 'tooltip held' : 'tooltip'} ref={ref} style={{ left: pos.left, top: pos.top }} data-testid="treemap-tooltip">
      {held ? <HeldDetails held={held} /> : <NodeDetails tile={tile} root={root} now={now} />}
    </div>
  );
}
