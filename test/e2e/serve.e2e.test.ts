// End to end: the real `scripts/serve.js` on the demo lab, driven in Debian's chromium through playwright-core.
// Proves the bridge refuses requests and sockets without the token, that the treemap's largest tile is the
// spike day, that zooming works by mouse and keyboard with a matching breadcrumb, and that the page logs
// no console errors. Screenshots go to test-results/ (git-ignored).
// Needs a build in out/ (`npm test` runs `electron-vite build` first); serve is started with --no-build so
// parallel test files never rebuild out/ under each other.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildLab, type LabInfo } from '../lab/buildLab';
import type { TreemapDebug } from '../../src/renderer/src/treemap/debugTypes';
import { launchChromium, openScannedApp, resultsDir } from '../support/chromium';
import { assertAppBuilt, startServedApp, type ServedApp } from '../support/servedApp';



let tmp: string;
let lab: LabInfo;
let serve: ServedApp | null = null;
let url: string;
let origin: string;
let browser: Browser | null = null;

/** Opens a socket and reports how it ended: 'open', or the HTTP status of the refused upgrade. */
function trySocket(wsUrl: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl);
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(`HTTP ${res.statusCode}`);
      ws.terminate();
    });
    ws.once('error', (err) => resolve(`error ${err.message}`));
  });
}

async function treemap(page: Page): Promise<TreemapDebug> {
  return page.evaluate(() => (globalThis as unknown as { __spoolscopeTreemap: TreemapDebug }).__spoolscopeTreemap);
}

async function waitForFocus(page: Page, path: string): Promise<void> {
  await page.waitForFunction(
    (p) => (globalThis as unknown as { __spoolscopeTreemap?: { focusPath: string } }).__spoolscopeTreemap?.focusPath === p,
    path,
    { timeout: 10_000 },
  );
}

async function crumbs(page: Page): Promise<(string | null)[]> {
  return page.locator('[data-testid=breadcrumb] .crumb').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')));
}

async function tileCentre(page: Page, path: string): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('treemap-canvas').boundingBox();
  const tile = (await treemap(page)).tiles.find((t) => t.path === path && t.leaf);
  if (!box || !tile) throw new Error(`no drawn tile for ${path}`);
  return { x: box.x + tile.x + tile.w / 2, y: box.y + tile.y + tile.h / 2 };
}

beforeAll(async () => {
  assertAppBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'spoolscope-e2e-'));
  lab = await buildLab(join(tmp, 'lab'));
  const dataDir = join(tmp, 'data');
  serve = await startServedApp({ root: lab.root, dataDir });
  url = serve.url;
  origin = new URL(url).origin;
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('npm run serve on the demo lab', () => {
  it('refuses pages, assets and sockets without the token', async () => {
    const token = new URL(url).searchParams.get('token')!;
    for (const path of ['/', '/index.html', '/?token=wrong', `/?token=${token.slice(0, -1)}`]) {
      const res = await fetch(`${origin}${path}`, { redirect: 'manual' });
      expect([401, 403], `GET ${path}`).toContain(res.status);
    }
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const asset = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    expect(asset, 'the page references its script').toBeTruthy();
    expect([401, 403]).toContain((await fetch(`${origin}/${asset}`)).status);

    const wsBase = `ws://127.0.0.1:${new URL(url).port}/ws`;
    expect(await trySocket(wsBase)).toMatch(/^HTTP 40[13]$/);
    expect(await trySocket(`${wsBase}?token=wrong`)).toMatch(/^HTTP 40[13]$/);
    expect(await trySocket(`${wsBase}?token=${token}`)).toBe('open');
  });

  it('draws the spike day as the largest tile and zooms in and out with mouse, keyboard and breadcrumb', async () => {
    browser = await launchChromium();
    const problems: string[] = [];
    const page = await openScannedApp(browser, url, problems);
    await page.getByTestId('partitions').waitFor();

    // The lab root (the first non-default root) is the one scanned, and the header names the node.
    const first = await treemap(page);
    expect(first.root).toBe(lab.root);
    expect(first.focusPath).toBe('');
    await expect(page.getByTestId('node').innerText()).resolves.toContain('this machine');
    await expect(page.getByTestId('connection').getAttribute('data-status')).resolves.toBe('open');

    // Crisp: the canvas backs every CSS pixel with devicePixelRatio device pixels.
    const canvasSize = await page.getByTestId('treemap-canvas').evaluate((c) => ({ w: (c as unknown as { width: number }).width, cssW: (c as unknown as { clientWidth: number }).clientWidth }));
    expect(first.devicePixelRatio).toBe(2);
    expect(canvasSize.w).toBe(Math.round(canvasSize.cssW * 2));

    // The largest tile is the spike day, by far: about 25x a baseline day in bytes, so well over 10x in area.
    const leaves = first.tiles.filter((t) => t.leaf);
    const largest = leaves.reduce((a, b) => (b.area > a.area ? b : a));
    expect(largest.path).toBe(lab.spikeDayPath);
    expect(largest.partition).toBe('day');
    for (const day of lab.baselineDays) {
      const tile = leaves.find((t) => t.path === day);
      expect(tile, `baseline day ${day} is drawn`).toBeTruthy();
      expect(largest.area / tile!.area).toBeGreaterThan(10);
    }
    // Tiles never overlap their siblings: each leaf lies inside the drawing area.
    for (const t of leaves) {
      expect(t.x).toBeGreaterThanOrEqual(0);
      expect(t.y).toBeGreaterThanOrEqual(0);
      expect(t.x + t.w).toBeLessThanOrEqual(first.width);
      expect(t.y + t.h).toBeLessThanOrEqual(first.height);
    }
    // The partition table agrees: the spike day is its first row.
    await expect(page.locator('[data-testid=partitions] [role=row][data-path]').first().getAttribute('data-path')).resolves.toBe(lab.spikeDayPath);
    await page.screenshot({ path: join(resultsDir, 'treemap.png') });

    // Hover: the tooltip names the full path and the sizes.
    const spike = await tileCentre(page, lab.spikeDayPath);
    await page.mouse.move(spike.x, spike.y);
    const tooltip = page.getByTestId('treemap-tooltip');
    await tooltip.waitFor();
    const tip = await tooltip.innerText();
    expect(tip).toContain(`${lab.root}/${lab.spikeDayPath}`);
    expect(tip).toMatch(/Allocated[\s\S]*MiB/);
    expect(tip).toMatch(/Apparent/);
    await page.screenshot({ path: join(resultsDir, 'tooltip.png') });

    // A click selects the spike day, a double-click zooms into it; the breadcrumb shows every level down to it.
    await page.mouse.click(spike.x, spike.y);
    await page.waitForFunction((key) => (globalThis as unknown as { __spoolscopeTreemap?: { selectedKey: string | null } }).__spoolscopeTreemap?.selectedKey === key, lab.spikeDayPath);
    expect((await treemap(page)).focusPath).toBe('');
    await page.mouse.dblclick(spike.x, spike.y);
    await waitForFocus(page, lab.spikeDayPath);
    expect(await crumbs(page)).toEqual(['', 'logs', 'logs/core', 'logs/core/2026', 'logs/core/2026/120']);
    await expect(page.locator('[data-testid=breadcrumb] [aria-current=page]').innerText()).resolves.toBe('120');
    const inside = (await treemap(page)).tiles;
    expect(inside.some((t) => t.path === `${lab.spikeDayPath}/logs.sqlite` && t.partition === 'sqlite')).toBe(true);
    await page.mouse.move(2, 2);
    await page.screenshot({ path: join(resultsDir, 'zoomed.png') });

    // Backspace zooms out one level and keeps the day we came from selected.
    await page.keyboard.press('Backspace');
    await waitForFocus(page, 'logs/core/2026');
    expect(await crumbs(page)).toEqual(['', 'logs', 'logs/core', 'logs/core/2026']);
    expect((await treemap(page)).selectedKey).toBe(lab.spikeDayPath);

    // Keyboard only: arrows move the selection to a neighbouring day, Enter zooms, Escape zooms out.
    await page.getByTestId('treemap-canvas').focus();
    // Which side the neighbours lie on depends on the layout's aspect ratio: try each direction.
    let moved: string | null = lab.spikeDayPath;
    for (const key of ['ArrowDown', 'ArrowRight', 'ArrowLeft', 'ArrowUp']) {
      await page.keyboard.press(key);
      moved = (await treemap(page)).selectedKey;
      if (moved !== lab.spikeDayPath) break;
    }
    expect(lab.baselineDays).toContain(moved);
    await page.keyboard.press('Enter');
    await waitForFocus(page, moved!);
    await page.keyboard.press('Escape');
    await waitForFocus(page, 'logs/core/2026');

    // The breadcrumb zooms straight out to any level.
    await page.locator('[data-testid=breadcrumb] .crumb[data-path=""]').click();
    await waitForFocus(page, '');
    expect(await crumbs(page)).toEqual(['']);

    // A partition row shows its tile in context: zoomed to its directory, selected.
    const baseline = lab.baselineDays[0];
    await page.locator(`[data-testid=partitions] [role=row][data-path="${baseline}"]`).click();
    await waitForFocus(page, 'logs/core/2026');
    expect((await treemap(page)).selectedKey).toBe(baseline);
    await page.screenshot({ path: join(resultsDir, 'partition-selected.png') });

    expect(problems).toEqual([]);
  });
});
