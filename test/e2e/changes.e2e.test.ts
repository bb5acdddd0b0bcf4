// End to end (issue 19): two scans of a root in the window, between which one day partition grew and another
// was removed; the Changes tab names both, largest change first, against the scan before. Screenshot in
// test-results/changes-tab.png. An export by Debian's ncdu, opened, fills the treemap and the grid with every
// action off (test-results/import-treemap.png).
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openScannedApp, openTab, screenshot } from '../support/chromium';
import type { TreemapDebug } from '../../src/renderer/src/treemap/debugTypes';
import { assertAppBuilt, startServedApp, type ServedApp } from '../support/servedApp';
import { makeTempDir } from '../support/tempDir';

const tmp = makeTempDir('e2e-changes');
const root = join(tmp.dir, 'spool');
let serve: ServedApp | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  assertAppBuilt();
  for (const d of ['120', '121']) mkdirSync(join(root, 'app/2026', d), { recursive: true });
  writeFileSync(join(root, 'app/2026/120/app.log'), Buffer.alloc(256 * 1024, 1));
  writeFileSync(join(root, 'app/2026/121/app.log'), Buffer.alloc(64 * 1024, 2));
  serve = await startServedApp({ root, dataDir: join(tmp.dir, 'data') });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  tmp.cleanup();
});

describe('Changes tab', () => {
  it('names the grown and the removed partition between two scans in the window', async () => {
    const problems: string[] = [];
    const page = await openScannedApp(browser!, serve!.url, problems);
    await page.setViewportSize({ width: 1440, height: 900 });
    appendFileSync(join(root, 'app/2026/121/app.log'), Buffer.alloc(2 * 1024 * 1024, 3));
    rmSync(join(root, 'app/2026/120'), { recursive: true });
    await page.getByRole('button', { name: 'Rescan' }).click();
    await page.waitForSelector('[data-testid=scan-status][data-state=done]', { timeout: 30_000 });
    await openTab(page, 'changes');
    await page.waitForSelector('[data-testid=changes][data-state=done]', { timeout: 10_000 });
    const rows = await page.locator('[data-testid=changes-table] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-change'), tr.querySelector('td:last-child')?.textContent]));
    expect(rows).toContainEqual(['grew', 'app/2026/121']);
    expect(rows).toContainEqual(['went', 'app/2026/120']);
    // Largest change first: the directories above carry +2 MiB - 256 KiB; the grown day +2 MiB comes first.
    expect(rows[0]).toEqual(['grew', 'app/2026/121']);
    await expect(page.getByTestId('changes-total').textContent()).resolves.toMatch(/^\+1\.\d\d MiB since today \d\d:\d\d/);
    await screenshot(page, 'changes-tab.png');
    // The treemap's Changes colours: area the size now, the grown day warm, with its legend.
    await openTab(page, 'treemap');
    await page.getByTestId('color-changes').click();
    await page.waitForSelector('[data-testid=treemap-canvas][data-color-mode=changes]');
    await expect(page.getByTestId('legend').textContent()).resolves.toMatch(/Change since today \d\d:\d\d/);
    const tile = (await page.evaluate(() => (globalThis as unknown as { __spoolscopeTreemap: TreemapDebug }).__spoolscopeTreemap.tiles)).find((t) => t.path === 'app/2026/121' && t.leaf);
    expect(tile).toBeDefined();
    // A pixel well inside the tile, away from its labels and the selection outline (no DOM types here: the
    // canvas is read through a narrow shape).
    type Canvas2d = { width: number; clientWidth: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
    const pixel = () =>
      page.getByTestId('treemap-canvas').evaluate((el, { x, y }) => {
        const canvas = el as unknown as Canvas2d;
        const dpr = canvas.width / canvas.clientWidth;
        return Array.from(canvas.getContext('2d').getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data);
      }, { x: tile!.x + tile!.w / 2, y: tile!.y + tile!.h * 0.75 });
    await screenshot(page, 'changes-treemap.png');
    const [r, , b] = await pixel();
    expect(r).toBeGreaterThan(b + 60);
    expect(problems).toEqual([]);
  });

  it('downloads the root as an ncdu export, and opens ncdu exports of another node to compare them', async () => {
    const problems: string[] = [];
    const page = await openScannedApp(browser!, serve!.url, problems);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openTab(page, 'changes');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ncdu').click()]);
    expect(download.suggestedFilename()).toBe('spool.ncdu.json');
    const saved = join(tmp.dir, 'downloaded.json');
    await download.saveAs(saved);
    expect(spawnSync('ncdu', ['-0', '-f', saved, '-o', '/dev/null']).status).toBe(0);
    // Two exports of "another node" (this tree, by ncdu itself), a day grown between them.
    const first = join(tmp.dir, 'edge7.json');
    const second = join(tmp.dir, 'edge7-later.json');
    execFileSync('ncdu', ['-0', '-x', '-o', first, root]);
    execFileSync('sleep', ['1.1']);
    appendFileSync(join(root, 'app/2026/121/app.log'), Buffer.alloc(1024 * 1024, 4));
    execFileSync('ncdu', ['-0', '-x', '-o', second, root]);
    await page.getByTestId('open-ncdu-file').setInputFiles({ name: 'edge7.json', mimeType: 'application/json', buffer: readFileSync(first) });
    await page.waitForSelector('[data-testid=import-banner]', { timeout: 10_000 });
    await expect(page.getByTestId('import-banner').textContent()).resolves.toContain('import:edge7.json');
    await page.waitForSelector('[data-testid=changes][data-state=none]');
    await page.getByTestId('open-ncdu-file').setInputFiles({ name: 'edge7.json', mimeType: 'application/json', buffer: readFileSync(second) });
    await page.waitForSelector('[data-testid=changes][data-state=done]', { timeout: 10_000 });
    const rows = await page.locator('[data-testid=changes-table] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-change'), tr.querySelector('td:last-child')?.textContent]));
    // The day and the directories above it grew by the same MiB: equal changes go by path.
    expect(rows.slice(0, 3)).toEqual([
      ['grew', 'app'],
      ['grew', 'app/2026'],
      ['grew', 'app/2026/121'],
    ]);
    await screenshot(page, 'changes-import.png');
    // The Changes tab's banner and the node view's say the same; either goes back.
    await page.getByTestId('imported-close').click();
    await page.waitForSelector('[data-testid=import-banner]', { state: 'detached' });
    await page.waitForSelector('[data-testid=imported-banner]', { state: 'detached' });
    expect(problems).toEqual([]);
  });

  it("shows an export by Debian's ncdu in the treemap and the partition grid, every action off with its reason", async () => {
    // "Another host's" /var/log: a day partition that this node's root does not have.
    const other = join(tmp.dir, 'web-7', 'var', 'log');
    mkdirSync(join(other, 'nginx/2026/300'), { recursive: true });
    mkdirSync(join(other, 'nginx/2026/301'), { recursive: true });
    writeFileSync(join(other, 'nginx/2026/300/access.log'), Buffer.alloc(3 * 1024 * 1024, 5));
    writeFileSync(join(other, 'nginx/2026/301/access.log'), Buffer.alloc(1024 * 1024, 6));
    const exported = join(tmp.dir, 'web-7.json');
    execFileSync('ncdu', ['-0', '-x', '-o', exported, other]);
    const problems: string[] = [];
    const page = await openScannedApp(browser!, serve!.url, problems);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openTab(page, 'changes');
    await page.getByTestId('open-ncdu-file').setInputFiles({ name: 'web-7.json', mimeType: 'application/json', buffer: readFileSync(exported) });
    await page.waitForSelector('[data-testid=imported-banner]', { timeout: 10_000 });
    await expect(page.getByTestId('imported-banner').textContent()).resolves.toContain('Imported from web-7.json: not scanned live, actions off');
    await openTab(page, 'treemap');
    await page.waitForSelector('[data-testid=scan-status][data-state=imported]');
    // The grid lists the export's partitions, not this node's.
    await page.waitForSelector('.pg-row[data-path="nginx/2026/300"]', { timeout: 10_000 });
    const gridPaths = await page.locator('.pg-row[data-path]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
    expect(gridPaths).toEqual(['nginx/2026/300', 'nginx/2026/301']);
    const tiles = await page.evaluate(() => (globalThis as unknown as { __spoolscopeTreemap: TreemapDebug }).__spoolscopeTreemap.tiles.map((t) => t.path));
    expect(tiles).toContain('nginx/2026/300');
    expect(tiles.some((t) => t.startsWith('app/'))).toBe(false);
    // Select a partition: Reap… and Sources of… appear for it, off.
    await page.locator('.pg-row[data-path="nginx/2026/300"]').click();
    await page.waitForSelector('[data-testid=reap-picked]');
    const reason = /^Off: web-7\.json is imported from an ncdu export, not scanned live/;
    for (const id of ['reap-picked', 'open-sources', 'reap-root']) {
      await expect(page.getByTestId(id).isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId(id).getAttribute('title')).resolves.toMatch(reason);
    }
    const rescan = page.locator('[data-testid=scan-status]').getByRole('button', { name: 'Rescan' });
    await expect(rescan.isDisabled()).resolves.toBe(true);
    await expect(rescan.getAttribute('title')).resolves.toMatch(reason);
    await screenshot(page, 'import-treemap.png');
    // Enter on the grid's row (sources) reads nothing from this node either.
    await page.locator('[role=grid][aria-labelledby=pg-title]').press('Enter');
    await expect(page.locator('[data-testid=sources-panel]').count()).resolves.toBe(0);
    await page.getByTestId('imported-close').click();
    await page.waitForSelector('[data-testid=scan-status][data-state=done]', { timeout: 30_000 });
    await expect(page.getByTestId('open-sources').isDisabled()).resolves.toBe(false);
    expect(problems).toEqual([]);
  });
});
