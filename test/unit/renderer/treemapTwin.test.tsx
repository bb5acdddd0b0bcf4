// @vitest-environment happy-dom
// The treemap's DOM twin: a treegrid of the canvas's entries, in sync with the canvas selection both ways,
// expanded lazily and virtualized (a 100,000-entry directory renders the rows on screen, not 100,000), with
// the canvas's model (click selects, double-click or Enter zooms), and narrowed by Find.
import { act, createElement } from 'react';
import type { Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireTreeNode } from '../../../src/shared/models';
import { TreemapTwin, TWIN_ROW_HEIGHT } from '../../../src/renderer/src/components/treemap/TreemapTwin';
import { useScanStore } from '../../../src/renderer/src/state/scanStore';
import { useViewStore } from '../../../src/renderer/src/state/viewStore';
import { countMatches, filterTree } from '../../../src/renderer/src/treemap/findFilter';
import { HELD_KEY_PREFIX, type HeldTileInfo } from '../../../src/renderer/src/treemap/heldTiles';
import { useHeldStore } from '../../../src/renderer/src/state/heldStore';
import { twinRows } from '../../../src/renderer/src/treemap/twinRows';
import { installFakeApi } from './fakeApi';
import { treeReply } from './scanReplies';
import { dir, file, more, partition } from './wireTreeFixtures';
import { mountHost, unmountHost } from './reactHost';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const api = installFakeApi();

const day120 = partition('hero/core/2026/120', 'day', [file('hero/core/2026/120/logs.sqlite', 58_000_000)]);
const day119 = partition('hero/core/2026/119', 'day', [file('hero/core/2026/119/logs.sqlite', 2_300_000)]);
const year = dir('hero/core/2026', [day120, day119, more('hero/core/2026', 1_000_000, 40)]);
const core = dir('hero/core', [year]);
const hero = dir('hero', [core]);
const wal = dir('wal', [file('wal/segment-000000000041.log', 6_000_000), file('wal/segment-000000000042.log', 6_000_000)]);
const unloaded = dir('archive', [], { truncated: true, allocatedBytes: 3_000_000 });
const tree = dir('', [hero, wal, unloaded, file('app.log', 1_000_000)]);

let container: HTMLDivElement;
let reactRoot: ReactRoot;
/** happy-dom has no layout: the twin's scrolling body reports this height, as a browser would. */
let viewport = 200;

function render(focus: WireTreeNode = tree, focusIds: number[] = [tree.id], height = 200, held: HeldTileInfo[] = []): void {
  viewport = height;
  act(() => reactRoot.render(createElement(TreemapTwin, { focus, focusIds, held, initialHeight: height })));
}

function rows(): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('[data-testid=twin-row]')];
}

function row(key: string): HTMLElement {
  const r = rows().find((x) => x.dataset.key === key);
  if (!r) throw new Error(`no row ${key}: ${rows().map((x) => x.dataset.key).join(', ')}`);
  return r;
}

function press(target: Element, key: string): void {
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  });
}

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('twin-body') ? viewport : 0;
  });
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('twin-body') ? 600 : 0;
  });
  api.reset();
  useScanStore.setState({ ...useScanStore.getInitialState(), root: '/srv', jobId: 'j1', tree });
  useViewStore.setState({ focusChain: [tree.id], selectedKey: null, zooming: false, notice: null, findText: '' });
  ({ host: container, root: reactRoot } = mountHost());
});

afterEach(() => {
  unmountHost({ host: container, root: reactRoot });
  vi.restoreAllMocks();
});

describe('twin rows', () => {
  it('lists the focus entries largest first, a single-directory chain as one row, expanded only when asked', () => {
    const top = twinRows(tree, [tree.id], new Set());
    expect(top.map((r) => [r.label, r.level, r.expandable])).toEqual([
      ['hero/core/2026', 1, true],
      ['wal', 1, true],
      ['archive', 1, true],
      ['app.log', 1, false],
    ]);
    expect(top[0]).toMatchObject({ key: 'hero/core/2026', chain: [tree.id, hero.id, core.id, year.id], posInSet: 1, setSize: 4 });
    const open = twinRows(tree, [tree.id], new Set(['hero/core/2026']));
    expect(open.slice(1, 4).map((r) => [r.label, r.level, r.parentKey])).toEqual([
      ['120', 2, 'hero/core/2026'],
      ['119', 2, 'hero/core/2026'],
      ['40 more', 2, 'hero/core/2026'],
    ]);
    // An unloaded directory opened says it is loading, with nothing under it yet.
    expect(twinRows(tree, [tree.id], new Set(['archive'])).find((r) => r.key === 'archive')).toMatchObject({ expanded: true, loading: true });
  });
});

describe('TreemapTwin', () => {
  it('is a treegrid whose rows say their level, place, size, kind and newest write', () => {
    render();
    const grid = container.querySelector('[role=treegrid]')!;
    expect(grid.getAttribute('aria-rowcount')).toBe('5');
    expect([...grid.querySelectorAll('[role=columnheader]')].map((h) => h.textContent)).toEqual(['Name', 'Size', 'Kind', 'Newest write']);
    const first = row('hero/core/2026');
    expect(first.getAttribute('aria-level')).toBe('1');
    expect(first.getAttribute('aria-posinset')).toBe('1');
    expect(first.getAttribute('aria-setsize')).toBe('4');
    expect(first.getAttribute('aria-expanded')).toBe('false');
    expect([...first.querySelectorAll('[role=gridcell]')].map((c) => c.textContent)).toEqual(['▸hero/core/2026', '58.5 MiB', 'directory', expect.stringMatching(/^20\d\d-\d\d-\d\d \d\d:\d\d$/)]);
    expect(row('app.log').getAttribute('aria-expanded')).toBeNull();
  });

  it('renders only the rows on screen of a 100,000-entry directory, and the selected one wherever it is', () => {
    const many = dir('big', Array.from({ length: 100_000 }, (_, i) => file(`big/segment-${String(i).padStart(8, '0')}.log`, 200_000 - i)));
    const root = dir('', [many]);
    useScanStore.setState({ tree: root });
    render(many, [root.id, many.id], 10 * TWIN_ROW_HEIGHT);
    const grid = container.querySelector('[role=treegrid]')!;
    expect(grid.getAttribute('aria-rowcount')).toBe('100001');
    const shown = rows().length;
    expect(shown).toBeGreaterThanOrEqual(10);
    expect(shown).toBeLessThanOrEqual(10 + 2 * 6 + 1);
    // Selected from the canvas, far down: its row is rendered (to hold the focus) and nothing else grows.
    act(() => useViewStore.getState().select('big/segment-00090000.log'));
    expect(row('big/segment-00090000.log').getAttribute('aria-selected')).toBe('true');
    expect(row('big/segment-00090000.log').getAttribute('aria-rowindex')).toBe('90002');
    expect(rows().length).toBeLessThanOrEqual(10 + 2 * 6 + 2);
  });

  it('follows the canvas selection, opening the rows above it', () => {
    render();
    act(() => useViewStore.getState().select('hero/core/2026/120'));
    expect(row('hero/core/2026').getAttribute('aria-expanded')).toBe('true');
    const selected = rows().filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected.map((r) => r.dataset.key)).toEqual(['hero/core/2026/120']);
    expect(selected[0].tabIndex).toBe(0);
    expect(rows().filter((r) => r.tabIndex === 0)).toHaveLength(1);
  });

  it('moves the one selection with the keys and the focus with it: down, right opens, left goes to the parent and closes', () => {
    render();
    act(() => useViewStore.getState().select('hero/core/2026'));
    const grid = container.querySelector('[role=treegrid]')!;
    row('hero/core/2026').focus();
    press(grid, 'ArrowRight');
    expect(row('hero/core/2026').getAttribute('aria-expanded')).toBe('true');
    press(grid, 'ArrowRight');
    expect(useViewStore.getState().selectedKey).toBe('hero/core/2026/120');
    expect(document.activeElement).toBe(row('hero/core/2026/120'));
    press(grid, 'ArrowDown');
    expect(useViewStore.getState().selectedKey).toBe('hero/core/2026/119');
    press(grid, 'ArrowLeft');
    expect(useViewStore.getState().selectedKey).toBe('hero/core/2026');
    press(grid, 'ArrowLeft');
    expect(row('hero/core/2026').getAttribute('aria-expanded')).toBe('false');
    press(grid, 'End');
    expect(useViewStore.getState().selectedKey).toBe('app.log');
    expect(document.activeElement).toBe(row('app.log'));
  });

  it('selects on a click and zooms on a double-click or Enter, as the canvas does', async () => {
    render();
    act(() => row('wal').dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect(useViewStore.getState()).toMatchObject({ selectedKey: 'wal', focusChain: [tree.id] });
    act(() => row('wal').dispatchEvent(new MouseEvent('dblclick', { bubbles: true })));
    await settle();
    expect(useViewStore.getState().focusChain).toEqual([tree.id, wal.id]);
    useViewStore.setState({ focusChain: [tree.id] });
    act(() => useViewStore.getState().select('hero/core/2026'));
    press(container.querySelector('[role=treegrid]')!, 'Enter');
    await settle();
    expect(useViewStore.getState().focusChain).toEqual([tree.id, hero.id, core.id, year.id]);
  });

  it('lists a held tile among the root\'s entries by its bytes; Enter on it opens hidden usage on its process', () => {
    const h: HeldTileInfo = { key: `${HELD_KEY_PREFIX}4242`, pid: 4242, comm: 'flowctl', unit: null, bytes: 20_000_000, files: 3, label: 'held by 4242 flowctl: 19.1 MiB in 3 deleted files' };
    useViewStore.setState({ tab: 'treemap' });
    render(tree, [tree.id], 200, [h]);
    expect(rows().map((r) => r.dataset.key)).toEqual(['hero/core/2026', h.key, 'wal', 'archive', 'app.log']);
    expect([...row(h.key).querySelectorAll('[role=gridcell]')].map((c) => c.textContent)).toEqual([h.label, '19.1 MiB', 'held, deleted', '–']);
    act(() => useViewStore.getState().select(h.key));
    press(container.querySelector('[role=treegrid]')!, 'Enter');
    expect(useViewStore.getState().tab).toBe('held');
    expect(useHeldStore.getState().focusPid).toBe(4242);
  });

  it('fetches an unloaded directory when it is opened, once', async () => {
    api.answer('scan.tree', () => treeReply({ ...dir('archive', [file('archive/old.log.gz', 3_000_000)]), id: unloaded.id }));
    render();
    act(() => useViewStore.getState().select('archive'));
    press(container.querySelector('[role=treegrid]')!, 'ArrowRight');
    await settle();
    expect(api.requests('scan.tree')).toEqual([{ jobId: 'j1', nodeId: unloaded.id, depth: 4 }]);
    render(useScanStore.getState().tree!);
    expect(row('archive/old.log.gz').getAttribute('aria-level')).toBe('2');
    expect(api.requests('scan.tree')).toHaveLength(1);
  });
});

describe('Find', () => {
  it('keeps what matches with everything inside it, and directories for their matches, sized by them', () => {
    const narrowed = filterTree(tree, 'SEGMENT-00000000004');
    expect(narrowed.children!.map((c) => c.path)).toEqual(['wal']);
    expect(narrowed.children![0].children!.map((c) => c.name)).toEqual(['segment-000000000041.log', 'segment-000000000042.log']);
    expect(narrowed.allocatedBytes).toBe(12_000_000);
    const byDir = filterTree(tree, 'core');
    expect(byDir.children![0].children![0]).toBe(core);
    expect(filterTree(tree, '')).toBe(tree);
    expect(filterTree(tree, 'nothing-like-this').children).toEqual([]);
    expect(countMatches(tree, '120')).toBe(1);
  });

  it('narrows the twin to the matches', () => {
    render(filterTree(tree, 'segment'));
    act(() => useViewStore.getState().select('wal/segment-000000000042.log'));
    expect(rows().map((r) => r.dataset.key)).toEqual(['wal', 'wal/segment-000000000041.log', 'wal/segment-000000000042.log']);
  });
});
