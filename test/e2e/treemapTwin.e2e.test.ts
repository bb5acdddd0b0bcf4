// End to end, the treemap of issue 16 in the real serve and Debian's chromium, on the demo lab plus the
// incident's shape (a store under a chain of single directories, hero/var/logs/core/2026/<days>, with a
// runaway day) and a WAL directory of long segment names:
// - the chain is one band at the first level with the day partitions drawn in it, the runaway day without
//   a click;
// - a click selects (a directory too: its Sources are one click away), a double-click zooms;
// - the DOM twin (role=treegrid) follows the canvas selection and moves it with the keyboard, Enter zooms;
//   the canvas's focus ring shows;
// - Find (Ctrl+F) narrows the treemap and the twin to names containing the text; Escape restores them.
// Screenshots at 1440x900 and 1024x700: test-results/treemap-twin-*.png.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TreemapDebug } from '../../src/renderer/src/treemap/debugTypes';
import { buildLab } from '../lab/buildLab';
import { screenshot } from '../support/chromium';
import { assertAppBuilt } from '../support/servedApp';
import { openAppInBrowser, type AppInBrowser } from '../support/appInBrowser';

let tmp: string;
let app: AppInBrowser | null = null;
let page: Page;
const problems: string[] = [];
const BAND = 'hero/var/logs/core/2026';
const RUNAWAY = `${BAND}/120`;
const WAL = 'stemedb/data/wal-archive-production-cluster';
const SEGMENT = (i: number) => `segment-${String(i).padStart(20, '0')}.log`;

beforeAll(async () => {
  assertAppBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'spoolscope-twin-e2e-'));
  const lab = await buildLab(join(tmp, 'lab'));
  // Deeper than the first scan.tree reply's 4 levels: the view must fetch the rest to draw the days.
  for (const d of [116, 117, 118, 119, 120]) {
    const dir = join(lab.root, BAND, String(d));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'logs.sqlite'), Buffer.alloc(d === 120 ? 24 << 20 : 1 << 20, 1));
  }
  mkdirSync(join(lab.root, WAL), { recursive: true });
  for (let i = 1; i <= 12; i++) writeFileSync(join(lab.root, WAL, SEGMENT(i)), Buffer.alloc(256 << 10, 1));
  app = await openAppInBrowser({ root: lab.root, dataDir: join(tmp, 'data') }, problems);
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function treemap(): Promise<TreemapDebug> {
  return page.evaluate(() => (globalThis as unknown as { __spoolscopeTreemap: TreemapDebug }).__spoolscopeTreemap);
}

async function waitFor(check: (t: TreemapDebug) => boolean, what: string): Promise<TreemapDebug> {
  for (let i = 0; i < 100; i++) {
    const t = await treemap();
    if (t && check(t)) return t;
    await page.waitForTimeout(100);
  }
  throw new Error(`treemap never showed ${what}: ${JSON.stringify((await treemap())?.tiles.map((x) => x.key))}`);
}

async function pointOf(key: string, at: 'centre' | 'header' = 'centre'): Promise<{ x: number; y: number }> {
  const box = (await page.getByTestId('treemap-canvas').boundingBox())!;
  const tile = (await treemap()).tiles.find((t) => t.key === key);
  if (!tile) throw new Error(`no tile ${key}`);
  return at === 'header' ? { x: box.x + tile.x + 8, y: box.y + tile.y + 6 } : { x: box.x + tile.x + tile.w / 2, y: box.y + tile.y + tile.h / 2 };
}

/** The DOM names used inside page.evaluate (the e2e tests are typed without the DOM lib). */
interface InPage {
  document: { activeElement: { dataset?: Record<string, string> } | null };
  getComputedStyle(el: unknown): { outlineStyle: string; outlineWidth: string; outlineOffset: string };
}

const twinRow = (key: string) => page.locator(`[data-testid=twin-row][data-key="${key}"]`);
const selectedRows = () => page.locator('[data-testid=twin-row][aria-selected=true]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));

describe('the treemap of an operator\'s window', () => {
  it('draws a single-directory chain as one band with its partitions, the runaway day without a click', async () => {
    const t = await waitFor((x) => x.tiles.some((tile) => tile.key === RUNAWAY), 'the runaway day');
    expect(t.focusPath).toBe('');
    expect(t.tiles.find((x) => x.key === BAND)).toMatchObject({ leaf: false, depth: 1 });
    expect(t.tiles.find((x) => x.key === RUNAWAY)).toMatchObject({ leaf: true, depth: 2, partition: 'day' });
    // No tile for the directories the band passes through.
    expect(t.tiles.some((x) => ['hero', 'hero/var', 'hero/var/logs', 'hero/var/logs/core'].includes(x.key))).toBe(false);
    await expect(twinRow(BAND).locator('[role=gridcell]').first().innerText()).resolves.toContain(BAND);
    await screenshot(page, 'treemap-twin-1440.png');
  });

  it('selects a directory on a click (its sources one click away) and zooms on a double-click', async () => {
    const header = await pointOf(BAND, 'header');
    await page.mouse.click(header.x, header.y);
    await waitFor((x) => x.selectedKey === BAND, 'the band selected');
    expect((await treemap()).focusPath).toBe('');
    await expect(page.getByTestId('open-sources').innerText()).resolves.toContain('2026');
    await expect(selectedRows()).resolves.toEqual([BAND]);
    // The canvas has the focus now; reached from the keyboard, it shows it (a ring inside its clipping box).
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const outline = await page.getByTestId('treemap-canvas').evaluate((c) => {
      const w = globalThis as unknown as InPage;
      const s = w.getComputedStyle(c);
      return { focused: w.document.activeElement === (c as unknown), style: s.outlineStyle, width: parseFloat(s.outlineWidth), offset: parseFloat(s.outlineOffset) };
    });
    expect(outline).toMatchObject({ focused: true, style: 'solid' });
    expect(outline.width).toBeGreaterThanOrEqual(2);
    expect(outline.offset).toBeLessThan(0);
    await page.mouse.dblclick(header.x, header.y);
    await waitFor((x) => x.focusPath === BAND, 'the band zoomed into');
    await page.keyboard.press('Backspace');
    const back = await waitFor((x) => x.focusPath === '', 'the root again');
    expect(back.selectedKey).toBe(BAND);
  });

  it('keeps the twin and the canvas on one selection, both ways, and the twin works from the keyboard', async () => {
    const day = await pointOf(RUNAWAY);
    await page.mouse.click(day.x, day.y);
    await waitFor((x) => x.selectedKey === RUNAWAY, 'the runaway day selected');
    // The twin opened the band to show it, selected.
    // The twin re-renders after the canvas publishes the selection: wait for it rather than race it.
    await expect.poll(() => twinRow(BAND).getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => selectedRows()).toEqual([RUNAWAY]);
    await expect(twinRow(RUNAWAY).getAttribute('aria-level')).resolves.toBe('2');
    // One Tab stop in the twin: its selected row.
    await expect(page.locator('[data-testid=twin-row][tabindex="0"]').count()).resolves.toBe(1);
    await twinRow(RUNAWAY).focus();
    await page.keyboard.press('ArrowDown');
    const next = await waitFor((x) => x.selectedKey !== RUNAWAY, 'the next day selected');
    expect(next.selectedKey).toMatch(new RegExp(`^${BAND}/11\\d$`));
    await expect(page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.dataset?.key)).resolves.toBe(next.selectedKey);
    await page.keyboard.press('ArrowLeft');
    await waitFor((x) => x.selectedKey === BAND, 'the band selected from the twin');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => twinRow(BAND).getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await waitFor((x) => x.selectedKey === RUNAWAY, 'the runaway day selected from the twin');
    await page.keyboard.press('Enter');
    await waitFor((x) => x.focusPath === RUNAWAY, 'the day zoomed into from the twin');
    await expect(twinRow(`${RUNAWAY}/logs.sqlite`).count()).resolves.toBe(1);
    await page.keyboard.press('Backspace');
    await waitFor((x) => x.focusPath === BAND, 'zoomed out');
    await page.locator('[data-testid=breadcrumb] .crumb[data-path=""]').click();
    await waitFor((x) => x.focusPath === '', 'the root');
  });

  it('Find narrows the treemap and the twin to names containing the text; Escape brings everything back', async () => {
    const all = (await treemap()).tiles.length;
    await page.getByTestId('treemap-canvas').focus();
    await page.keyboard.press('Control+f');
    await expect(page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.dataset?.testid)).resolves.toBe('find-input');
    await page.keyboard.type('segment-0');
    const found = await waitFor((x) => x.tiles.every((t) => t.path.startsWith(WAL)) && x.tiles.some((t) => t.leaf), 'only the WAL');
    const leaves = found.tiles.filter((t) => t.leaf);
    expect(leaves.every((t) => t.name.includes('segment-0'))).toBe(true);
    await expect(page.getByTestId('find-count').innerText()).resolves.toBe('12 entries');
    await expect(page.locator('[data-testid=twin-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).resolves.toEqual([WAL]);
    await twinRow(WAL).click();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('treemap-twin').getAttribute('aria-rowcount')).resolves.toBe('14');
    // Segment numbers survive in the twin's names however narrow: every row shown tells its segment apart.
    const shownNames = () =>
      page.locator('[data-testid=twin-row]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-key') ?? '', e.querySelector('[role=gridcell]')?.textContent ?? '']));
    const numbersKept = (rows: string[][]) => rows.filter(([key]) => key !== WAL).every(([key, name]) => name.endsWith(`${Number(/(\d+)\.log$/.exec(key)![1])}.log`));
    const wide = await shownNames();
    expect(wide.length).toBeGreaterThanOrEqual(6);
    expect(new Set(wide.map(([, n]) => n)).size).toBe(wide.length);
    expect(numbersKept(wide)).toBe(true);
    await screenshot(page, 'treemap-twin-find-1440.png');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.waitForTimeout(300);
    const narrow = await shownNames();
    expect(new Set(narrow.map(([, n]) => n)).size).toBe(narrow.length);
    expect(numbersKept(narrow)).toBe(true);
    await screenshot(page, 'treemap-twin-find-1024.png');
    await page.getByTestId('find-input').focus();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('find-input').inputValue()).resolves.toBe('');
    await waitFor((x) => x.tiles.some((t) => t.key === BAND), 'everything again');
    await page.setViewportSize({ width: 1440, height: 900 });
    await waitFor((x) => x.tiles.length === all, 'the same tiles as before Find');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.waitForTimeout(300);
    await screenshot(page, 'treemap-twin-1024.png');
    // The breadcrumb's current level is whole at 1024 px too.
    await page.locator(`[data-testid=twin-row][data-key="${WAL}"]`).dblclick();
    await waitFor((x) => x.focusPath === WAL, 'the WAL zoomed into');
    await expect(page.locator('[data-testid=breadcrumb] [aria-current=page]').innerText()).resolves.toBe('wal-archive-production-cluster');
    await screenshot(page, 'treemap-twin-wal-1024.png');
    expect(problems).toEqual([]);
  });
});
