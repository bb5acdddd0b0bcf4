// @vitest-environment happy-dom
// The Treemap component as the user drives it: what it draws and publishes, the selection and zoom from the
// keyboard, the tooltip and clicks from the pointer, and its empty states. happy-dom has no layout and no
// canvas, so the box reports a fixed size and the canvas a context that records what is drawn.
import { act, createElement } from 'react';
import type { Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HeldReport } from '../../../src/shared/heldModels';
import { Treemap } from '../../../src/renderer/src/components/Treemap';
import { useHeldStore } from '../../../src/renderer/src/state/heldStore';
import { useScanStore } from '../../../src/renderer/src/state/scanStore';
import { DRAWN_LEVELS, useViewStore } from '../../../src/renderer/src/state/viewStore';
import { HELD_KEY_PREFIX } from '../../../src/renderer/src/treemap/heldTiles';
import { layoutTreemap, neighbour, type Tile } from '../../../src/renderer/src/treemap/layout';
import { installFakeApi } from './fakeApi';
import { progress, summary } from './scanReplies';
import { dir, file, more, partition } from './wireTreeFixtures';
import { mountHost, unmountHost } from './reactHost';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
installFakeApi();

const ROOT = '/srv/logs';
let box = { width: 800, height: 500 };
let drawnText: string[] = [];
/** Shapes filled, in order: a whole repaint's first frame is all shapes, its words come in the next. */
let filled = 0;
/** Animation frames asked for and not yet run: runFrames() runs them, as the browser's next frame would. */
let frames = new Map<number, FrameRequestCallback>();
let nextFrame = 1;

function runFrames(): void {
  act(() => {
    const due = [...frames.values()];
    frames = new Map();
    for (const f of due) f(0);
  });
}

/** A 2D context that accepts every call and property, and keeps the text drawn. */
function recordingContext(): CanvasRenderingContext2D {
  const target: Record<string | symbol, unknown> = {
    measureText: (text: string) => ({ width: text.length * 7 }),
    fillText: (text: string) => drawnText.push(text),
    fillRect: () => filled++,
  };
  return new Proxy(target, {
    get: (t, prop) => (prop in t ? t[prop] : () => undefined),
    set: (t, prop, value) => {
      t[prop] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

const day120 = partition('core/2026/120', 'day', [file('core/2026/120/logs.sqlite', 30_000_000)]);
const day119 = partition('core/2026/119', 'day', [file('core/2026/119/logs.sqlite', 9_000_000)]);
const core = dir('core', [day120, day119, more('core', 2_000_000, 17)]);
const wal = dir('wal', [file('wal/seg-000001.log', 6_000_000), file('wal/seg-000002.log', 5_000_000), file('wal/$(touch x) -rf.log', 4_000_000)]);
const tree = dir('', [core, wal, file('app.log.1', 3_000_000)]);

function heldReport(): HeldReport {
  const f = { pid: 4242, fd: 7, path: '/srv/logs/gone (deleted)', sizeBytes: 8_000_000, allocatedBytes: 8_000_000, dev: 2049, ino: 9, flags: 0, pos: 0, writable: true, append: true, mapped: false, mapper: null, mount: '/', readOnly: false, duplicate: false };
  const holder = { pid: 4242, comm: 'flowctl', cmdline: 'flowctl', startTime: 1, uid: 0, unit: 'reactor.service', heldBytes: 8_000_000, fileCount: 1, files: [f], moreFiles: 0 };
  return { holders: [holder], filesystems: [], totalHeldBytes: 8_000_000, memory: [], memoryBytes: 0, moreMemory: 0, partial: false, errors: [], scannedAt: 1 };
}

let container: HTMLDivElement;
let reactRoot: ReactRoot;

/** Renders, and lets the frame after it pass (the whole repaint's words, then what is published). */
function render(): void {
  act(() => reactRoot.render(createElement(Treemap)));
  runFrames();
}

function canvas(): HTMLCanvasElement {
  const c = container.querySelector<HTMLCanvasElement>('[data-testid=treemap-canvas]');
  if (!c) throw new Error('no canvas');
  return c;
}

function published() {
  return window.__spoolscopeTreemap!;
}

/** The tiles the component lays out for the focus at the box size. */
function expectedTiles(focusChain: number[] = [tree.id], held = false): Tile[] {
  const heldTiles = held ? [{ key: `${HELD_KEY_PREFIX}4242`, pid: 4242, comm: 'flowctl', unit: 'reactor.service', bytes: 8_000_000, files: 1, label: '' }] : [];
  let focus = tree;
  for (const id of focusChain.slice(1)) focus = focus.children!.find((c) => c.id === id)!;
  return layoutTreemap(focus, focusChain, box.width, box.height, DRAWN_LEVELS, heldTiles);
}

function tileCentre(key: string): { clientX: number; clientY: number } {
  const t = published().tiles.find((x) => x.key === key);
  if (!t) throw new Error(`no tile ${key}`);
  return { clientX: t.x + Math.min(t.w / 2, 30), clientY: t.y + t.h / 2 };
}

/** A tile's centre from the layout itself, for a pointer moved before anything is published. */
function tileCentre0(key: string): { clientX: number; clientY: number } {
  const t = expectedTiles().find((x) => x.key === key);
  if (!t) throw new Error(`no tile ${key}`);
  return { clientX: (t.x0 + t.x1) / 2, clientY: (t.y0 + t.y1) / 2 };
}

function key(target: EventTarget, k: string): void {
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  });
  runFrames();
}

function mouse(type: 'mousemove' | 'click' | 'dblclick' | 'mouseout', at: { clientX: number; clientY: number } = { clientX: 0, clientY: 0 }): void {
  act(() => {
    canvas().dispatchEvent(new MouseEvent(type, { ...at, bubbles: true, cancelable: true }));
  });
  runFrames();
}

async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  });
  runFrames();
}

beforeEach(() => {
  box = { width: 800, height: 500 };
  drawnText = [];
  filled = 0;
  frames = new Map();
  vi.spyOn(window, 'requestAnimationFrame').mockImplementation((f) => {
    frames.set(nextFrame, f);
    return nextFrame++;
  });
  vi.spyOn(window, 'cancelAnimationFrame').mockImplementation((id) => {
    frames.delete(id);
  });
  delete window.__spoolscopeTreemap;
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(
    () => ({ x: 0, y: 0, left: 0, top: 0, right: box.width, bottom: box.height, width: box.width, height: box.height, toJSON: () => ({}) }) as DOMRect,
  );
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation((() => recordingContext()) as unknown as HTMLCanvasElement['getContext']);
  useHeldStore.getState().reset();
  useScanStore.setState({ ...useScanStore.getInitialState(), root: ROOT, jobId: 'j1', progress: progress('j1', 'done'), tree, summary: summary(ROOT), ageRefSec: 1_714_400_000 });
  useViewStore.setState({ focusChain: [tree.id], selectedKey: null, notice: null, zooming: false, tab: 'treemap' });
  ({ host: container, root: reactRoot } = mountHost());
});

afterEach(() => {
  unmountHost({ host: container, root: reactRoot });
  vi.restoreAllMocks();
});

describe('Treemap component: drawing', () => {
  it('draws the laid-out tiles at the box size, publishes them, and selects the largest leaf', () => {
    render();
    const tiles = expectedTiles();
    expect(canvas().dataset.tiles).toBe(String(tiles.length));
    expect(canvas().dataset.focusPath).toBe('');
    expect(canvas().dataset.colorMode).toBe('age');
    expect(canvas().style.width).toBe('800px');
    expect(published().tiles.map((t) => t.key)).toEqual(tiles.map((t) => t.key));
    expect(published()).toMatchObject({ root: ROOT, focusPath: '', width: 800, height: 500, selectedKey: 'core/2026/120' });
    expect(canvas().getAttribute('aria-label')).toBe(
      `Treemap of ${ROOT}/. Selected: core/2026/120, 28.6 MiB. Arrow keys move, Enter zooms in, Backspace zooms out. The same entries are listed in the table after it.`,
    );
    expect(drawnText).toContain('120');
  });

  it('paints a whole repaint in two frames: every tile first, their words and what is published in the next', () => {
    act(() => reactRoot.render(createElement(Treemap)));
    expect(filled, 'the tiles are on the canvas at once').toBeGreaterThan(expectedTiles().length);
    expect(drawnText, 'no word before the next frame').toEqual([]);
    expect(window.__spoolscopeTreemap, 'nothing published before the words are on').toBeUndefined();
    expect(canvas().dataset.tiles).toBeUndefined();
    const shapes = filled;
    runFrames();
    expect(filled - shapes, 'the second frame only writes words (a plate is a fill: this tree has none)').toBe(0);
    expect(drawnText).toContain('120');
    expect(drawnText).toContain('wal/');
    expect(published().tiles.map((t) => t.key)).toEqual(expectedTiles().map((t) => t.key));
    expect(canvas().dataset.tiles).toBe(String(expectedTiles().length));
  });

  it('draws a whole repaint\'s words once when the pointer moves before their frame, and a newer repaint drops the older one\'s', () => {
    act(() => reactRoot.render(createElement(Treemap)));
    expect(drawnText).toEqual([]);
    // Hover before the frame: the waiting words are drawn then, before the hovered tile is painted again.
    act(() => {
      canvas().dispatchEvent(new MouseEvent('mousemove', { ...tileCentre0('wal/seg-000001.log'), bubbles: true, cancelable: true }));
    });
    expect(drawnText, 'the words drawn without waiting for their frame').toContain('120');
    expect(published().paints).toBe(1);
    const words = drawnText.length;
    runFrames();
    expect(drawnText.length, 'nothing drawn twice by a late frame').toBe(words);
    // A resize before the frame: only the newest repaint's words are drawn, and published once.
    box = { width: 600, height: 400 };
    act(() => {
      window.dispatchEvent(new Event('resize'));
    });
    box = { width: 640, height: 420 };
    act(() => {
      window.dispatchEvent(new Event('resize'));
    });
    expect(published().width, 'neither resize published before its frame').toBe(800);
    runFrames();
    expect(published()).toMatchObject({ width: 640, height: 420, paints: 2 });
  });

  it('follows the box when it is resized', () => {
    render();
    box = { width: 600, height: 400 };
    act(() => {
      window.dispatchEvent(new Event('resize'));
    });
    runFrames();
    expect(canvas().style.width).toBe('600px');
    expect(published()).toMatchObject({ width: 600, height: 400 });
    expect(published().tiles.map((t) => t.key)).toEqual(expectedTiles().map((t) => t.key));
  });

  it('puts a hatched tile for each process holding deleted files on the root\'s filesystem', () => {
    useHeldStore.setState({ report: heldReport() });
    render();
    const heldTile = published().tiles.find((t) => t.kind === 'held');
    expect(heldTile).toMatchObject({ key: `${HELD_KEY_PREFIX}4242`, pid: 4242, hatched: true });
    expect(published().tiles.map((t) => t.key)).toEqual(expectedTiles([tree.id], true).map((t) => t.key));
  });

  it('says what it is waiting for when there is nothing to draw', () => {
    useScanStore.setState({ root: null, tree: null, progress: null });
    render();
    expect(container.textContent).toContain('Pick or add a root on the left to scan it.');
    act(() => useScanStore.setState({ root: ROOT, progress: { ...progress('j1', 'running', 1234), elapsedMs: 2_000 } }));
    expect(container.textContent).toContain('1,234 files');
    expect(container.textContent).toContain(`Scanning ${ROOT}`);
    act(() => useScanStore.setState({ startError: 'not a configured root' }));
    expect(container.querySelector('.error')?.textContent).toBe('not a configured root');
  });
});

describe('Treemap component: keyboard', () => {
  it('moves the selection with the arrow keys to the neighbouring leaf', () => {
    render();
    const tiles = expectedTiles();
    const from = tiles.find((t) => t.key === 'core/2026/120')!;
    const right = neighbour(tiles, from, 'right')!;
    key(canvas(), 'ArrowRight');
    expect(useViewStore.getState().selectedKey).toBe(right.key);
    const down = neighbour(tiles, right, 'down');
    key(canvas(), 'ArrowDown');
    expect(useViewStore.getState().selectedKey).toBe((down ?? right).key);
  });

  it('zooms with Enter: into a partition, or into the directory of a file keeping it selected; Home goes back to the root', async () => {
    render();
    key(canvas(), 'Enter');
    await settle();
    expect(useViewStore.getState().focusChain).toEqual([tree.id, core.id, day120.id]);
    expect(canvas().dataset.focusPath).toBe('core/2026/120');
    // The only file inside is selected now; Enter on a file zooms to its directory, which is here already.
    expect(useViewStore.getState().selectedKey).toBe('core/2026/120/logs.sqlite');
    key(canvas(), 'Home');
    await settle();
    expect(useViewStore.getState().focusChain).toEqual([tree.id]);
    act(() => useViewStore.getState().select('wal/seg-000002.log'));
    key(canvas(), 'Enter');
    await settle();
    expect(useViewStore.getState()).toMatchObject({ focusChain: [tree.id, wal.id], selectedKey: 'wal/seg-000002.log' });
    key(canvas(), 'Home');
    await settle();
    expect(useViewStore.getState().focusChain).toEqual([tree.id]);
  });

  it('zooms out with Escape or Backspace from anywhere but a text field', async () => {
    useViewStore.setState({ focusChain: [tree.id, core.id, day120.id] });
    render();
    const input = document.createElement('input');
    document.body.appendChild(input);
    key(input, 'Escape');
    key(input, 'Backspace');
    await settle();
    expect(useViewStore.getState().focusChain).toEqual([tree.id, core.id, day120.id]);
    key(document.body, 'Escape');
    await settle();
    expect(useViewStore.getState()).toMatchObject({ focusChain: [tree.id, core.id], selectedKey: 'core/2026/120' });
    key(canvas(), 'Backspace');
    await settle();
    // Back at the root, the selection is where it came from: core, a container there, selected as a whole.
    expect(useViewStore.getState()).toMatchObject({ focusChain: [tree.id], selectedKey: 'core' });
    input.remove();
  });
});

describe('Treemap component: pointer', () => {
  it('shows a tooltip for the tile under the pointer, with the full path, and hides it when the pointer leaves', () => {
    render();
    mouse('mousemove', tileCentre('wal/$(touch x) -rf.log'));
    const tip = container.querySelector('[data-testid=treemap-tooltip]');
    expect(tip?.querySelector('.tooltip-path')?.textContent).toBe(`${ROOT}/wal/$(touch x) -rf.log`);
    expect(tip?.textContent).toContain('3.81 MiB');
    mouse('mouseout');
    expect(container.querySelector('[data-testid=treemap-tooltip]')).toBeNull();
  });

  it('describes a "more" entry by how many entries it folds', () => {
    render();
    mouse('mousemove', tileCentre('core\u0000more'));
    expect(container.querySelector('.tooltip-path')?.textContent).toBe(`${ROOT}/core/ (17 smaller entries)`);
  });

  it('selects a directory clicked by its header; a double-click zooms into it and drops the tooltip of the old view', async () => {
    render();
    const header = published().tiles.find((t) => t.key === 'wal')!;
    mouse('mousemove', { clientX: header.x + 5, clientY: header.y + 5 });
    expect(container.querySelector('[data-testid=treemap-tooltip]')).not.toBeNull();
    mouse('click', { clientX: header.x + 5, clientY: header.y + 5 });
    await settle();
    // A click only selects: the directory's Sources are one click away, the view stays.
    expect(useViewStore.getState()).toMatchObject({ focusChain: [tree.id], selectedKey: 'wal' });
    expect(published().selectedKey).toBe('wal');
    mouse('dblclick', { clientX: header.x + 5, clientY: header.y + 5 });
    await settle();
    expect(useViewStore.getState().focusChain).toEqual([tree.id, wal.id]);
    expect(container.querySelector('[data-testid=treemap-tooltip]')).toBeNull();
    expect(document.activeElement).toBe(canvas());
  });

  it('selects a hatched tile on a click, and opens hidden usage on the holder on a double-click', () => {
    useHeldStore.setState({ report: heldReport() });
    render();
    const at = tileCentre(`${HELD_KEY_PREFIX}4242`);
    mouse('mousemove', at);
    expect(container.querySelector('.tooltip.held')?.textContent).toContain('4242 flowctl');
    mouse('click', at);
    expect(useViewStore.getState()).toMatchObject({ tab: 'treemap', selectedKey: `${HELD_KEY_PREFIX}4242` });
    mouse('dblclick', at);
    expect(useViewStore.getState()).toMatchObject({ tab: 'held', selectedKey: `${HELD_KEY_PREFIX}4242` });
    expect(useHeldStore.getState().focusPid).toBe(4242);
  });
});
