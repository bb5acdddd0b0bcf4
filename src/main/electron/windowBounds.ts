// The window opens where it was left: the bounds are saved (debounced) as it moves and resizes and once
// more when it closes, and restored at the next start only where they still fit a display, since a
// monitor unplugged since would otherwise open it off screen.
import type { BrowserWindow, Rectangle } from 'electron';
import type { WindowBounds } from '../../shared/settingsModels';

export interface WindowPlacement {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 800, height: 560 } as const;
/** This much of the window (its title bar end) must lie on a display for saved coordinates to be used. */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Where to open: the saved bounds when their top strip lies on one of the displays' work areas, the saved
 * size (fitted to the first display) without coordinates (the window manager places it) otherwise, the
 * default size when nothing was saved.
 */
export function placementFor(saved: WindowBounds | null, workAreas: readonly Rectangle[]): WindowPlacement {
  if (!saved) return { ...DEFAULT_SIZE, maximized: false };
  const width = Math.max(MIN_SIZE.width, saved.width);
  const height = Math.max(MIN_SIZE.height, saved.height);
  const titleStrip = { x: saved.x, y: saved.y, width, height: Math.min(height, MIN_VISIBLE.height) };
  const onScreen = workAreas.some((area) => {
    const o = overlap(titleStrip, area);
    return o.width >= MIN_VISIBLE.width && o.height >= Math.min(MIN_VISIBLE.height, titleStrip.height);
  });
  if (onScreen) return { x: saved.x, y: saved.y, width, height, maximized: saved.maximized };
  const area = workAreas[0];
  return {
    width: area ? Math.max(MIN_SIZE.width, Math.min(width, area.width)) : width,
    height: area ? Math.max(MIN_SIZE.height, Math.min(height, area.height)) : height,
    maximized: saved.maximized,
  };
}

type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isMinimized' | 'isDestroyed'>;

/**
 * Saves the window's normal (unmaximized) bounds and whether it is maximized, at most once per
 * `debounceMs` while it moves, and at once when it closes. A failed save is reported, never thrown: the
 * window must close even on a full disk. Returns a function that cancels a pending save.
 */
export function trackWindowBounds(win: TrackedWindow, save: (bounds: WindowBounds) => void, opts: { debounceMs?: number; onError?: (message: string) => void } = {}): () => void {
  const debounceMs = opts.debounceMs ?? 500;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = '';
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (win.isDestroyed() || win.isMinimized()) return;
    const b = win.getNormalBounds();
    const bounds: WindowBounds = { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized() };
    const key = JSON.stringify(bounds);
    if (key === last) return;
    try {
      save(bounds);
      last = key;
    } catch (err) {
      opts.onError?.(`the window's size and place could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event as 'resize', later);
  win.on('close', flush);
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
