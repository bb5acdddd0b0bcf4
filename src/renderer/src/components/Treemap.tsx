// Canvas treemap of the selected root. Mouse: hover for details, click to zoom. Keyboard (canvas focused):
// arrows move the selection, Enter zooms into it; Backspace or Escape zooms out (anywhere but a text field).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import { formatAge, formatBytes, formatCount, formatDuration, formatTimestamp, nowSeconds } from '../format';
import { useHeldStore } from '../state/heldStore';
import { useNodeStore } from '../state/nodeStore';
import { useScanStore } from '../state/scanStore';
import { DRAWN_LEVELS, useViewStore } from '../state/viewStore';
import { publishTreemap } from '../treemap/debugHook';
import { drawTreemap } from '../treemap/draw';
import { drawReapHighlight } from '../treemap/reapHighlight';
import { plannedPaths, useReapStore } from '../state/reapStore';
import { growthLookup, useWatchStore } from '../state/watchStore';
import { heldTilesFor } from '../treemap/heldTiles';
import { hitTest, layoutTreemap, neighbour, tileArea, type Direction, type Tile } from '../treemap/layout';
import { isZoomable, resolveChain } from '../treemap/tree';
import { filesystemOf } from './FilesystemBars';

interface Size {
  w: number;
  h: number;
  dpr: number;
}

const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** The selection to show when the stored one is not a leaf on screen: inside it if it was a container, else the largest. */
function fallbackSelection(tiles: readonly Tile[], key: string | null): Tile | null {
  const leaves = tiles.filter((t) => t.leaf && t.node.kind !== 'more' && !t.held);
  const pool = key ? leaves.filter((t) => t.key.startsWith(`${key}/`)) : [];
  const from = pool.length > 0 ? pool : leaves.length > 0 ? leaves : tiles.filter((t) => t.leaf);
  let best: Tile | null = null;
  for (const t of from) if (!best || tileArea(t) > tileArea(best)) best = t;
  return best;
}

function Tooltip({ tile, x, y, box, root, now }: { tile: Tile; x: number; y: number; box: Size; root: string; now: number }): ReactElement {
  const n = tile.node;
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
  }, [x, y, box.w, box.h, tile.key]);
  const full = n.path === '' ? root : `${root}/${n.path}`;
  const held = tile.held;
  return held ? (
    <div className="tooltip held" ref={ref} style={{ left: pos.left, top: pos.top }} data-testid="treemap-tooltip">
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
      <div className="tooltip-note">On this filesystem but in no directory: du cannot see it. Click to list the files and reclaim them.</div>
    </div>
  ) : (
    <div className="tooltip" ref={ref} style={{ left: pos.left, top: pos.top }} data-testid="treemap-tooltip">
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
    </div>
  );
}

function EmptyState(): ReactElement {
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

export function Treemap(): ReactElement {
  const tree = useScanStore((s) => s.tree);
  const root = useScanStore((s) => s.root);
  const ageRefSec = useScanStore((s) => s.ageRefSec);
  const device = useScanStore((s) => s.summary?.device ?? null);
  const colorMode = useWatchStore((s) => s.colorMode);
  const watchSnapshot = useWatchStore((s) => (s.colorMode === 'growth' ? s.snapshot : null));
  const heldReport = useHeldStore((s) => s.report);
  const reapFlow = useReapStore((s) => s.flow);
  const planned = useMemo(() => plannedPaths(reapFlow), [reapFlow]);
  const filesystems = useNodeStore((s) => s.filesystems);
  const focusChain = useViewStore((s) => s.focusChain);
  const selectedKey = useViewStore((s) => s.selectedKey);
  const notice = useViewStore((s) => s.notice);
  const zooming = useViewStore((s) => s.zooming);
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<Size>({ w: 0, h: 0, dpr: 1 });
  const [hover, setHover] = useState<{ tile: Tile; x: number; y: number } | null>(null);

  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      setSize((s) => {
        const next = { w: Math.floor(r.width), h: Math.floor(r.height), dpr: window.devicePixelRatio || 1 };
        return s.w === next.w && s.h === next.h && s.dpr === next.dpr ? s : next;
      });
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    // Browser zoom changes the pixel ratio without resizing the box.
    window.addEventListener('resize', measure);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);

  const focusNodes = useMemo(() => (tree ? resolveChain(tree, focusChain.length > 0 ? focusChain : [tree.id]) : []), [tree, focusChain]);
  const focus = focusNodes[focusNodes.length - 1] ?? null;
  const now = useMemo(() => nowSeconds(), [tree]);
  // Held files are in no directory: their tiles belong to the whole root, beside its top-level entries.
  const atRoot = focusNodes.length === 1;
  const rootMount = useMemo(() => filesystemOf(filesystems, root)?.mount ?? null, [filesystems, root]);
  const held = useMemo(() => (atRoot && tree ? heldTilesFor(heldReport, device, rootMount) : []), [atRoot, tree, heldReport, device, rootMount]);
  const tiles = useMemo(
    () => (focus ? layoutTreemap(focus, focusNodes.map((n) => n.id).slice(0, -1).concat(focus.id), size.w, size.h, DRAWN_LEVELS, held) : []),
    [focus, focusNodes, size.w, size.h, held],
  );
  const growth = useMemo(() => {
    const of = colorMode === 'growth' ? growthLookup(watchSnapshot) : null;
    if (!of) return colorMode === 'growth' ? { of: () => null, max: 0 } : null;
    const max = Math.max(0, ...tiles.filter((t) => t.leaf && !t.held).map((t) => of(t.node.path) ?? 0));
    return { of, max };
  }, [colorMode, watchSnapshot, tiles]);
  // A zoom moves every tile: a tooltip from before would describe the wrong one.
  useEffect(() => setHover(null), [focus]);
  const selected = useMemo(() => tiles.find((t) => t.key === selectedKey && t.leaf) ?? null, [tiles, selectedKey]);

  // Something is always selected, so the keyboard has a place to start.
  useEffect(() => {
    if (tiles.length === 0 || selected) return;
    const fb = fallbackSelection(tiles, selectedKey);
    if (fb) useViewStore.getState().select(fb.key);
  }, [tiles, selected, selectedKey]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size.w === 0) return;
    const pw = Math.round(size.w * size.dpr);
    const ph = Math.round(size.h * size.dpr);
    if (canvas.width !== pw || canvas.height !== ph) {
      canvas.width = pw;
      canvas.height = ph;
    }
    canvas.style.width = `${size.w}px`;
    canvas.style.height = `${size.h}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    drawTreemap(ctx, tiles, size.w, size.h, { hoverKey: hover?.tile.key ?? null, selectedKey: selected?.key ?? null, nowSec: now, ageRefSec, growth });
    const reapTiles = drawReapHighlight(ctx, tiles, planned);
    publishTreemap(
      { root, focusPath: focus?.path ?? '', selectedKey: selected?.key ?? null, width: size.w, height: size.h, devicePixelRatio: size.dpr },
      tiles,
    );
    canvas.dataset.focusPath = focus?.path ?? '';
    canvas.dataset.tiles = String(tiles.length);
    canvas.dataset.reapTiles = String(reapTiles);
    canvas.dataset.colorMode = growth ? 'growth' : 'age';
  }, [tiles, size, hover, selected, now, ageRefSec, root, focus, growth, planned]);

  const activate = useCallback((t: Tile) => {
    const view = useViewStore.getState();
    if (t.held) {
      view.select(t.key);
      useHeldStore.getState().focusHolder(t.held.pid);
      view.setTab('held');
    } else if (isZoomable(t.node)) void view.zoomTo(t.chain);
    else if (t.parentKey !== null) void view.zoomTo(t.chain.slice(0, -1), t.key);
    else view.select(t.key);
  }, []);

  // Backspace / Escape zoom out from anywhere except a text field.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.key !== 'Backspace' && e.key !== 'Escape') || isTextField(e.target) || e.defaultPrevented) return;
      e.preventDefault();
      void useViewStore.getState().zoomOut();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const dir = ARROWS[e.key];
    if (dir) {
      e.preventDefault();
      const from = selected ?? fallbackSelection(tiles, null);
      if (!from) return;
      const next = selected ? neighbour(tiles, from, dir) : from;
      if (next) useViewStore.getState().select(next.key);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (selected) activate(selected);
    } else if (e.key === 'Home') {
      e.preventDefault();
      if (tree) void useViewStore.getState().zoomTo([tree.id]);
    }
  };

  const pointAt = (e: MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const label = selected?.held
    ? selected.held.label
    : selected
    ? `${selected.node.kind === 'more' ? `${selected.node.moreCount ?? 0} more entries` : selected.node.path}, ${formatBytes(selected.node.allocatedBytes)}`
    : 'empty';

  return (
    <div className="treemap" ref={boxRef} data-testid="treemap" aria-busy={zooming}>
      {tree && focus && (focus.allocatedBytes > 0 || held.length > 0) ? (
        <>
          <canvas
            ref={canvasRef}
            tabIndex={0}
            role="application"
            aria-roledescription="treemap"
            aria-label={`Treemap of ${root ?? ''}/${focus.path}. Selected: ${label}. Arrow keys move, Enter zooms in, Backspace zooms out.`}
            data-testid="treemap-canvas"
            onKeyDown={onKeyDown}
            onMouseMove={(e) => {
              const p = pointAt(e);
              const t = hitTest(tiles, p.x, p.y);
              setHover(t ? { tile: t, ...p } : null);
            }}
            onMouseLeave={() => setHover(null)}
            onClick={(e) => {
              const p = pointAt(e);
              const t = hitTest(tiles, p.x, p.y);
              if (t) activate(t);
              e.currentTarget.focus();
            }}
          />
          {hover && root && <Tooltip tile={hover.tile} x={hover.x} y={hover.y} box={size} root={root} now={now} />}
          {notice && <div className="notice">{notice}</div>}
        </>
      ) : (
        <EmptyState />
      )}
    </div>
  );
}
