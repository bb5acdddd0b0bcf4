// End to end, an age bucket picked for a reap: more segments than a scan keeps one by one (50,000) on a real
// tmpfs, so the oldest directory's segments are age buckets, one tile and one row each. Proves: picking a
// bucket's row plans its partitions, and the treemap marks the bucket's tile, whose partitions are listed by
// their own paths and have no tiles. Screenshot: test-results/reap-bucket-tile.png.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoot } from '../support/root';
import { screenshot } from '../support/chromium';
import { makeTmpfsScratch, type TmpfsScratch } from '../support/tmpfsScratch';
import { assertAppBuilt } from '../support/servedApp';
import { openAppInBrowser, type AppInBrowser } from '../support/appInBrowser';
import type { TreemapDebug } from '../../src/renderer/src/treemap/debugTypes';

const KEPT = 50_000;
const PER_DAY = 2_000;
const DAY = 86_400;
const seg = (i: number) => `seg-${String(i).padStart(6, '0')}.log`;
const dayOf = (sec: number) => new Date(sec * 1000).toISOString().slice(0, 10);
// Noon UTC 20, 21 and 22 days ago: three day buckets whatever the hour the test runs.
const noon = Math.floor(Date.now() / 1000 / DAY) * DAY - 20 * DAY + 12 * 3600;
const days = [noon - 2 * DAY, noon - DAY, noon];
const pickedPath = `archive/[segments ${dayOf(days[1])}]`;

let tmpfs: TmpfsScratch | null = null;
let app: AppInBrowser | null = null;
let page: Page;
const problems: string[] = [];

const debug = (p: Page) => p.evaluate(() => (globalThis as unknown as { __spoolscopeTreemap: TreemapDebug }).__spoolscopeTreemap);
const reapTiles = async (p: Page) => Number(await p.getByTestId('treemap-canvas').getAttribute('data-reap-tiles'));

beforeAll(async () => {
  if (!isRoot) return;
  assertAppBuilt();
  // 56,000 one-byte segments take a 4 KiB page each.
  tmpfs = makeTmpfsScratch('reap-bucket-e2e', 320);
  const root = join(tmpfs.dir, 'spool');
  // All the same size, so the newest are kept one by one: queue/'s, written now. archive/'s three old days
  // are past the budget: each day one bucket.
  mkdirSync(join(root, 'queue'), { recursive: true });
  mkdirSync(join(root, 'archive'));
  for (let i = 0; i < KEPT; i++) writeFileSync(join(root, 'queue', seg(i)), 'x');
  for (const [d, at] of days.entries()) {
    for (let i = 0; i < PER_DAY; i++) {
      const path = join(root, 'archive', seg(d * PER_DAY + i));
      writeFileSync(path, 'x');
      utimesSync(path, at + i, at + i);
    }
  }
  app = await openAppInBrowser({ root, dataDir: tmpfs.dataDir }, problems);
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await tmpfs?.remove();
});

describe.skipIf(!isRoot)('an age bucket picked for a reap in the browser (tmpfs, npm run serve)', () => {
  it('shows each old day of archive/ as one bucket row and one tile', async () => {
    const row = page.locator(`[data-testid=partitions] [role=row][data-path="${pickedPath}"]`);
    await row.waitFor({ timeout: 30_000 });
    await page.waitForFunction((path) => (globalThis as unknown as { __spoolscopeTreemap?: TreemapDebug }).__spoolscopeTreemap?.tiles.some((t) => t.path === path) ?? false, pickedPath, { timeout: 20_000 });
    const buckets = (await debug(page)).tiles.filter((t) => t.kind === 'bucket').map((t) => t.path).sort();
    expect(buckets).toEqual(days.map((at) => `archive/[segments ${dayOf(at)}]`));
    expect(await reapTiles(page)).toBe(0);
  });

  it('plans the picked bucket\'s partitions and marks its tile, and only its tile', async () => {
    await page.locator(`[data-testid=partitions] [role=row][data-path="${pickedPath}"]`).click();
    await expect(page.getByTestId('reap-picked').getAttribute('title')).resolves.toContain(pickedPath);
    await page.getByTestId('reap-picked').click();
    await page.waitForSelector('[data-testid=reap-entries]', { timeout: 60_000 });
    // Every partition of the day, at one page (4 KiB) each.
    await expect(page.getByTestId('reap-expected').getAttribute('data-bytes')).resolves.toBe(String(PER_DAY * 4096));
    // Its partitions are no tiles: without the bucket's own marking nothing on the treemap would show them going.
    await page.waitForFunction(() => Number((globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector('[data-testid=treemap-canvas]')?.getAttribute('data-reap-tiles') ?? 0) > 0, undefined, { timeout: 10_000 });
    expect(await reapTiles(page)).toBe(1);
    await screenshot(page, 'reap-bucket-tile.png');
    expect(problems).toEqual([]);
  });
});
