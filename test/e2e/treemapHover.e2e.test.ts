// Hovering repaints only where hover shows (the tile left and the tile entered), and what it leaves on the
// canvas is exactly what a whole repaint draws: no stale wash, no lost edge, no selection outline gone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab, type LabInfo } from '../lab/buildLab';
import type { TreemapDebug } from '../../src/renderer/src/treemap/debugTypes';
import { launchChromium, openScannedApp } from '../support/chromium';
import { assertAppBuilt, startServedApp, type ServedApp } from '../support/servedApp';

let tmp: string;
let lab: LabInfo;
let serve: ServedApp;
let browser: Browser | undefined;

type DebugWindow = { __spoolscopeTreemap: TreemapDebug & { hoverProbe?: boolean } };

function treemap(page: Page): Promise<TreemapDebug> {
  return page.evaluate(() => (globalThis as unknown as DebugWindow).__spoolscopeTreemap);
}

/** A digest of every pixel of the canvas, computed in the page. */
function canvasDigest(page: Page): Promise<string> {
  return page.getByTestId('treemap-canvas').evaluate((c) => {
    const canvas = c as unknown as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let a = 1;
    let b = 0;
    for (let i = 0; i < data.length; i++) {
      a = (a + data[i]) % 65521;
      b = (b + a) % 65521;
    }
    return `${canvas.width}x${canvas.height}:${b * 65536 + a}`;
  });
}

beforeAll(async () => {
  assertAppBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'spoolscope-hover-'));
  lab = await buildLab(join(tmp, 'lab'));
  serve = await startServedApp({ root: lab.root, dataDir: join(tmp, 'data') });
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('treemap hover', () => {
  it('repaints only the tiles the pointer leaves and enters, leaving the canvas as a whole repaint would', async () => {
    browser = await launchChromium();
    const problems: string[] = [];
    const page = await openScannedApp(browser, serve.url, problems);
    const canvas = page.getByTestId('treemap-canvas');
    const box = (await canvas.boundingBox())!;
    const first = await treemap(page);
    const leaves = first.tiles.filter((t) => t.leaf && t.w > 6 && t.h > 6);
    const containers = first.tiles.filter((t) => !t.leaf && t.w > 12);
    expect(leaves.length, 'the lab draws several leaves').toBeGreaterThan(3);
    expect(containers.length, 'and a container').toBeGreaterThan(0);

    // A selection, so its outline must survive the repaints around it.
    const sel = leaves[0];
    await page.mouse.click(box.x + sel.x + sel.w / 2, box.y + sel.y + sel.h / 2);
    await page.waitForFunction((key) => (globalThis as unknown as DebugWindow).__spoolscopeTreemap.selectedKey === key, sel.key);
    // Marks the published picture: a whole repaint publishes a new one, a hover repaint does not.
    await page.evaluate(() => {
      (globalThis as unknown as DebugWindow).__spoolscopeTreemap.hoverProbe = true;
    });

    // Across leaves (the selected one too) and onto a container's header band, then stop on a leaf.
    const stops = [...leaves.slice(0, 6), containers[0], leaves[1]];
    for (const t of stops) {
      const y = t.leaf ? t.y + t.h / 2 : t.y + 6;
      await page.mouse.move(box.x + t.x + t.w / 2, box.y + y, { steps: 4 });
    }
    await page.getByTestId('treemap-tooltip').waitFor();
    const hovered = await canvasDigest(page);
    expect(await page.evaluate(() => (globalThis as unknown as DebugWindow).__spoolscopeTreemap.hoverProbe), 'hovering never repainted the whole canvas').toBe(true);

    // A whole repaint with the same tile hovered: resize the page by a pixel and back.
    const vp = page.viewportSize()!;
    await page.setViewportSize({ width: vp.width + 1, height: vp.height });
    await page.waitForFunction((w) => (globalThis as unknown as DebugWindow).__spoolscopeTreemap.width !== w, first.width);
    await page.setViewportSize(vp);
    await page.waitForFunction((w) => (globalThis as unknown as DebugWindow).__spoolscopeTreemap.width === w, first.width);
    expect(await page.evaluate(() => (globalThis as unknown as DebugWindow).__spoolscopeTreemap.hoverProbe)).toBeUndefined();
    expect(await canvasDigest(page), 'the canvas after hover repaints equals a whole repaint').toBe(hovered);
    expect(problems).toEqual([]);
  });
});
