// Paints the tiles on the canvas whenever what they show changes: sized to the box at the device pixel
// ratio, coloured by age or by growth, the reap plan outlined, and what was drawn published for tests.
// A whole repaint takes two frames: the tiles first, their words in the next. Cold, on a 100,000-entry tree,
// one pass held the page 75 to 110 ms; the tiles with their layout take 35 to 50 ms and the words 20 to 35
// (bench/treemap-bench.ts), so no frame holds it past the 50 ms budget and the tiles show a frame sooner.
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import type { WireTreeNode } from '../../../../shared/models';
import { plannedPaths, useReapStore } from '../../state/reapStore';
import { useScanStore } from '../../state/scanStore';
import { growthLookup, useWatchStore } from '../../state/watchStore';
import { useChangesStore } from '../../state/changesStore';
import { publishTreemap } from '../../treemap/debugHook';
import { drawTreemap, type DrawState } from '../../treemap/draw';
import type { Tile } from '../../treemap/layout';
import { treemapPalette } from '../../treemap/palette';
import { hoverRegions, repaintRegions } from '../../treemap/hoverRepaint';
import { drawReapHighlight, withCoveredBuckets } from '../../treemap/reapHighlight';
import { useDocumentTheme } from './useDocumentTheme';
import type { BoxSize } from './useBoxSize';
import type { Hover } from './useTreemapPointer';

export interface PaintInput {
  tiles: Tile[];
  size: BoxSize;
  root: string | null;
  focus: WireTreeNode | null;
  hover: Hover | null;
  selected: Tile | null;
  /** The drawn tile holding a selection that is not drawn itself. */
  within: Tile | null;
  now: number;
}

/** In the growth colour mode, each tile's growth from the live watch and the largest among the leaves. */
function useGrowthColours(tiles: readonly Tile[]): DrawState['growth'] {
  const colorMode = useWatchStore((s) => s.colorMode);
  const watchSnapshot = useWatchStore((s) => (s.colorMode === 'growth' ? s.snapshot : null));
  return useMemo(() => {
    const of = colorMode === 'growth' ? growthLookup(watchSnapshot) : null;
    if (!of) return colorMode === 'growth' ? { of: () => null, max: 0 } : null;
    const max = Math.max(0, ...tiles.filter((t) => t.leaf && !t.held).map((t) => of(t.node.path) ?? 0));
    return { of, max };
  }, [colorMode, watchSnapshot, tiles]);
}

/** In the Changes colour mode, each tile's signed change since the scan compared with, fetched for the focus. */
function useChangeColours(tiles: readonly Tile[], focus: WireTreeNode | null): DrawState['changes'] {
  const colorMode = useWatchStore((s) => s.colorMode);
  const byPath = useChangesStore((s) => (colorMode === 'changes' ? (s.tiles?.byPath ?? null) : null));
  const focusId = focus && focus.path !== '' ? focus.id : undefined;
  useEffect(() => {
    if (colorMode !== 'changes') return;
    // The legend names the scan compared with: the Changes tab's diff, read here too when that tab was never opened.
    void useChangesStore.getState().loadIfStale();
    void useChangesStore.getState().loadTileChanges(focusId);
  }, [colorMode, focusId]);
  return useMemo(() => {
    if (colorMode !== 'changes') return null;
    const of = (path: string) => byPath?.[path] ?? null;
    const max = Math.max(0, ...tiles.filter((t) => t.leaf && !t.held).map((t) => Math.abs(of(t.node.path) ?? 0)));
    return { of, max };
  }, [colorMode, byPath, tiles]);
}

export function useTreemapPaint(canvasRef: RefObject<HTMLCanvasElement | null>, { tiles, size, root, focus, hover, selected, within, now }: PaintInput): void {
  const theme = useDocumentTheme();
  const ageRefSec = useScanStore((s) => s.ageRefSec);
  const reapFlow = useReapStore((s) => s.flow);
  // A bucket tile is marked when the plan covers it: its partitions are listed by their own paths.
  const planned = useMemo(() => withCoveredBuckets(plannedPaths(reapFlow), 'plan' in reapFlow ? reapFlow.plan.entries : [], tiles), [reapFlow, tiles]);
  const growth = useGrowthColours(tiles);
  const changes = useChangeColours(tiles, focus);

  const hoverKey = hover?.tile.key ?? null;
  // Everything the picture shows but the hovered tile: a new one is a whole repaint, the same one with another
  // hovered tile repaints only where hover shows.
  const scene = useMemo(
    () => ({ tiles, size, selected, within, now, ageRefSec, root, focus, growth, changes, planned, theme }),
    [tiles, size, selected, within, now, ageRefSec, root, focus, growth, changes, planned, theme],
  );
  const painted = useRef<{ scene: typeof scene; hoverKey: string | null } | null>(null);
  // The words of the last whole repaint, until the frame that draws them.
  const pendingWords = useRef<{ frame: number; finish: () => void } | null>(null);
  useEffect(
    () => () => {
      if (pendingWords.current) cancelAnimationFrame(pendingWords.current.frame);
      pendingWords.current = null;
    },
    [],
  );

  useEffect(() => {
    const { tiles, size, selected, within, now, ageRefSec, root, focus, growth, changes, planned, theme } = scene;
    const canvas = canvasRef.current;
    if (!canvas || size.w === 0) return;
    const pw = Math.round(size.w * size.dpr);
    const ph = Math.round(size.h * size.dpr);
    const resized = canvas.width !== pw || canvas.height !== ph;
    if (resized) {
      canvas.width = pw;
      canvas.height = ph;
    }
    canvas.style.width = `${size.w}px`;
    canvas.style.height = `${size.h}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    const state: DrawState = {
      palette: treemapPalette(theme),
      hoverKey,
      selectedKey: selected?.key ?? null,
      selectedWithinKey: within?.key ?? null,
      nowSec: now,
      ageRefSec,
      growth,
      changes,
      planned,
    };
    const last = painted.current;
    painted.current = { scene, hoverKey };
    const waiting = pendingWords.current;
    if (!resized && last?.scene === scene) {
      if (last.hoverKey === hoverKey) return;
      // The words still to come are drawn first, as the repaint left them: the regions below then draw theirs
      // again over a finished picture, never twice over one tile.
      if (waiting) {
        cancelAnimationFrame(waiting.frame);
        waiting.finish();
      }
      repaintRegions(ctx, tiles, [...hoverRegions(tiles, last.hoverKey), ...hoverRegions(tiles, hoverKey)], (some) => {
        drawTreemap(ctx, some, size.w, size.h, state);
        drawReapHighlight(ctx, some, planned);
      });
      return;
    }
    if (waiting) cancelAnimationFrame(waiting.frame);
    drawTreemap(ctx, tiles, size.w, size.h, state, 'tiles');
    const reapTiles = drawReapHighlight(ctx, tiles, planned);
    // Published once the words are on: what tests and a reader of the page find is the finished picture.
    const finish = () => {
      pendingWords.current = null;
      drawTreemap(ctx, tiles, size.w, size.h, state, 'labels');
      publishTreemap(
        { root, focusPath: focus?.path ?? '', selectedKey: selected?.key ?? null, width: size.w, height: size.h, devicePixelRatio: size.dpr },
        tiles,
      );
      canvas.dataset.focusPath = focus?.path ?? '';
      canvas.dataset.tiles = String(tiles.length);
      canvas.dataset.reapTiles = String(reapTiles);
      canvas.dataset.colorMode = changes ? 'changes' : growth ? 'growth' : 'age';
      canvas.dataset.theme = theme;
    };
    pendingWords.current = { frame: requestAnimationFrame(finish), finish };
  }, [canvasRef, scene, hoverKey]);
}
