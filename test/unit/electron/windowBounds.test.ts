// The window opens where it was left, unless that place is on no display any more; its bounds are saved
// as it moves (debounced) and when it closes, and a save that fails never stops it closing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SIZE, placementFor, trackWindowBounds } from '../../../src/main/electron/windowBounds';
import { followSavedTheme } from '../../../src/main/electron/nativeThemeSync';
import { createEventHub } from '../../../src/main/rpc/eventHub';

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const leftMonitor = { x: -2560, y: 0, width: 2560, height: 1410 };

describe('placementFor', () => {
  it('opens at the default size, placed by the window manager, when nothing was saved', () => {
    expect(placementFor(null, [laptop])).toEqual({ ...DEFAULT_SIZE, maximized: false });
  });

  it('restores bounds that lie on a display, on a second monitor too', () => {
    const saved = { x: -2000, y: 100, width: 1440, height: 900, maximized: false };
    expect(placementFor(saved, [laptop, leftMonitor])).toEqual({ x: -2000, y: 100, width: 1440, height: 900, maximized: false });
    expect(placementFor({ ...saved, x: 200, maximized: true }, [laptop])).toMatchObject({ x: 200, maximized: true });
  });

  it('keeps the size but drops a place that is on no display now (the monitor was unplugged)', () => {
    const saved = { x: -2400, y: 100, width: 2300, height: 1300, maximized: false };
    const p = placementFor(saved, [laptop]);
    expect(p.x).toBeUndefined();
    expect(p.y).toBeUndefined();
    expect(p).toMatchObject({ width: 1920, height: 1050 });
  });

  it('drops a place whose title bar is off the top or only a sliver is on screen', () => {
    expect(placementFor({ x: 100, y: -500, width: 1000, height: 800, maximized: false }, [laptop]).x).toBeUndefined();
    expect(placementFor({ x: 1880, y: 100, width: 1000, height: 800, maximized: false }, [laptop]).x).toBeUndefined();
  });

  it('never opens below the minimum size', () => {
    expect(placementFor({ x: 10, y: 10, width: 200, height: 100, maximized: false }, [laptop])).toMatchObject({ width: 800, height: 560 });
  });
});

type Listener = () => void;
function fakeWindow() {
  const on = new Map<string, Listener[]>();
  const w = {
    bounds: { x: 10, y: 20, width: 1000, height: 700 },
    maximized: false,
    minimized: false,
    destroyed: false,
    on(name: string, fn: Listener) {
      on.set(name, [...(on.get(name) ?? []), fn]);
      return w;
    },
    emit(name: string) {
      for (const fn of on.get(name) ?? []) fn();
    },
    getNormalBounds: () => w.bounds,
    isMaximized: () => w.maximized,
    isMinimized: () => w.minimized,
    isDestroyed: () => w.destroyed,
  };
  return w;
}

describe('trackWindowBounds', () => {
  afterEach(() => vi.useRealTimers());

  it('saves once after a burst of moves, and at once when the window closes', () => {
    vi.useFakeTimers();
    const win = fakeWindow();
    const save = vi.fn();
    trackWindowBounds(win as never, save, { debounceMs: 500 });
    for (let i = 0; i < 20; i++) {
      win.bounds = { ...win.bounds, x: 10 + i };
      win.emit('move');
      vi.advanceTimersByTime(50);
    }
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(save.mock.calls).toEqual([[{ x: 29, y: 20, width: 1000, height: 700, maximized: false }]]);
    win.maximized = true;
    win.emit('maximize');
    win.emit('close');
    expect(save).toHaveBeenLastCalledWith({ x: 29, y: 20, width: 1000, height: 700, maximized: true });
    vi.advanceTimersByTime(1000);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('does not save a minimized window (its bounds say nothing about where it was)', () => {
    const win = fakeWindow();
    const save = vi.fn();
    trackWindowBounds(win as never, save);
    win.minimized = true;
    win.emit('close');
    expect(save).not.toHaveBeenCalled();
  });

  it('reports a save that fails (a full disk) and lets the window close', () => {
    const win = fakeWindow();
    const onError = vi.fn();
    trackWindowBounds(win as never, () => {
      throw new Error('disk full');
    }, { onError });
    expect(() => win.emit('close')).not.toThrow();
    expect(onError).toHaveBeenCalledWith(expect.stringContaining('disk full'));
  });
});

describe('followSavedTheme', () => {
  it("sets Electron's theme source to the saved theme and follows every later change", () => {
    const events = createEventHub();
    const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };
    const stop = followSavedTheme(nativeTheme, events, 'light');
    expect(nativeTheme.themeSource).toBe('light');
    events.emit('settings.theme', { theme: 'dark' });
    expect(nativeTheme.themeSource).toBe('dark');
    events.emit('app.command', { command: 'find' });
    expect(nativeTheme.themeSource).toBe('dark');
    stop();
    events.emit('settings.theme', { theme: 'system' });
    expect(nativeTheme.themeSource).toBe('dark');
  });
});
