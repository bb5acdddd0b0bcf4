// End to end: the live watch in the browser. A tmpfs filling at a known rate under `npm run serve`: the
// filesystem row shows the rate, a sparkline and "full in … at the last …'s rate", the banner shows the 90%
// alert, the treemap switches to growth colours (the growing day is the hot tile), the partition table
// shows the growth column, the history panel opens; no console errors. Screenshots go to test-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/chromium';
import { makeTmpfsScratch, type TmpfsScratch } from '../support/tmpfsScratch';
import { assertAppBuilt } from '../support/servedApp';
import { openAppInBrowser, type AppInBrowser } from '../support/appInBrowser';
import { isRoot } from '../support/root';
import { startAppender } from '../support/appender';
import { openStateStore } from '../../src/main/store/stateStore';

const MiB = 1024 * 1024;

/** The page's document, as much of it as these checks read (the e2e typecheck has no DOM lib). */
interface PageEl {
  textContent: string | null;
  dataset: Record<string, string | undefined>;
}
interface PageDoc {
  querySelector(selector: string): PageEl | null;
  querySelectorAll(selector: string): { length: number };
}
let tmpfs: TmpfsScratch | null = null;
let lab: string;
let app: AppInBrowser | null = null;
let page: Page;
const problems: string[] = [];

/** A day of stored samples (every 5 min) as an earlier watch would have left them, for the history chart. */
function seedHistory(dataDir: string): void {
  const store = openStateStore({ dataDir });
  const watch = store.openWatchConnection({ minIntervalMs: 0 });
  const history = watch.samples;
  const now = Date.now();
  for (let i = 0; i <= 288; i++) {
    const at = now - 24 * 3600_000 + i * 5 * 60_000;
    const f = i / 288;
    history.record(
      'local',
      [
        { kind: 'fs', scope: tmpfs!.dir, path: '', bytes: Math.round((20 + 36 * f * f) * MiB) },
        { kind: 'part', scope: lab, path: '2026/120', bytes: Math.round(24 * Math.min(1, f * 1.6) * MiB) },
        { kind: 'part', scope: lab, path: '2026/119', bytes: 24 * MiB },
        { kind: 'part', scope: lab, path: 'app.log.1', bytes: Math.round((2 + 6 * f) * MiB) },
      ],
      at,
    );
  }
  watch.close();
  store.close();
}

beforeAll(async () => {
  if (!isRoot) return;
  assertAppBuilt();
  tmpfs = makeTmpfsScratch('watch-e2e', 64);
  lab = join(tmpfs.dir, 'logs');
  for (const d of ['2026/119', '2026/120', '2026/121']) mkdirSync(join(lab, d), { recursive: true });
  writeFileSync(join(lab, '2026/119/core.log'), Buffer.alloc(24 * MiB, 'a'));
  writeFileSync(join(lab, '2026/120/core.log'), Buffer.alloc(24 * MiB, 'b'));
  writeFileSync(join(lab, 'app.log.1'), Buffer.alloc(8 * MiB, 'c'));
  // 56 MiB of 64 used (87.5%); 256 KiB/s more into today's partition for 24 s, up to 62 MiB (97%): 90%
  // after about 6 s, and still growing when the time-to-full fit has its points (3 s samples).
  await startAppender(join(lab, '2026/121/core.log'), 256 * 1024, 6 * MiB);
  const dataDir = tmpfs.dataDir;
  mkdirSync(dataDir);
  seedHistory(dataDir);
  app = await openAppInBrowser({ root: lab, dataDir }, problems);
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await tmpfs?.remove();
});

describe.skipIf(!isRoot)('live watch in the browser (a tmpfs filling at 256 KiB/s, npm run serve)', () => {
  it('shows the rate, time to full and the 90% alert banner', async () => {
    const row = page.locator(`li.fs[data-mount="${tmpfs!.dir}"]`);
    await row.getByTestId('fs-growth').waitFor({ timeout: 20_000 });
    await page.waitForFunction(
      (mount) => /full in .* at the last .*'s rate/.test((globalThis as unknown as { document: PageDoc }).document.querySelector(`li.fs[data-mount="${mount}"] [data-testid=fs-ttf]`)?.textContent ?? ''),
      tmpfs!.dir,
      { timeout: 30_000 },
    );
    // 6 MiB at 256 KiB/s is at most 24 s: seconds, not hours.
    expect(await row.getByTestId('fs-ttf').textContent()).toMatch(/full in (\d+ s|\d+ min)/);
    await page.getByTestId('alert-banner').locator('.alert-row.critical[data-kind=fill]').waitFor({ timeout: 30_000 });
    const banner = await page.getByTestId('alert-banner').textContent();
    expect(banner).toContain(`${tmpfs!.dir} is 9`);
    await screenshot(page, 'watch-banner.png');
  });

  it('colours the treemap by growth: the day being written is the hot tile', async () => {
    await page.getByTestId('color-growth').click();
    await page.waitForFunction(() => (globalThis as unknown as { document: PageDoc }).document.querySelector('canvas')?.dataset.colorMode === 'growth');
    await page.waitForFunction(() => /\+\d/.test((globalThis as unknown as { document: PageDoc }).document.querySelector('[role=row][data-path="2026/121"] .p-growth')?.textContent ?? ''), null, { timeout: 15_000 });
    // Yesterday's partition was written when the lab was built, not since: no growth.
    await expect(page.locator('[role=row][data-path="2026/119"] .p-growth').textContent()).resolves.not.toMatch(/\+\d/);
    await screenshot(page, 'watch-growth.png');
    await page.getByTestId('color-age').click();
    await page.waitForFunction(() => (globalThis as unknown as { document: PageDoc }).document.querySelector('canvas')?.dataset.colorMode === 'age');
  });

  it('opens the history panel for the filesystem', async () => {
    const row = page.locator(`li.fs[data-mount="${tmpfs!.dir}"]`);
    await row.getByRole('button', { name: 'history' }).click();
    await row.getByTestId('history').waitFor();
    // The seeded day: a line per series, the filesystem's first.
    await page.waitForFunction(() => (globalThis as unknown as { document: PageDoc }).document.querySelectorAll('[data-testid=history] polyline').length >= 3);
    const legend = await row.getByTestId('history').locator('.history-legend').textContent();
    expect(legend).toContain('2026/120');
    await screenshot(page, 'watch-history.png');
    // Dismissing hides the alert until its next episode.
    const before = await page.locator('.alert-row').count();
    await page.locator('.alert-row.critical .alert-dismiss').first().click();
    await expect(page.locator('.alert-row').count()).resolves.toBe(before - 1);
    expect(problems).toEqual([]);
  });

  it('edits the node\'s alert thresholds, refusing a warning above the critical level', async () => {
    await page.getByTestId('alert-settings-open').click();
    const dialog = page.getByTestId('alert-settings');
    await dialog.locator('input[name=fillWarn]').waitFor();
    expect(await dialog.locator('input[name=fillWarn]').inputValue()).toBe('70');
    await dialog.locator('input[name=fillWarn]').fill('95');
    await page.getByTestId('alert-settings-save').click();
    await expect(dialog.getByRole('alert').textContent()).resolves.toBe('The fill warning must be below the critical fill.');
    await dialog.locator('input[name=fillWarn]').fill('60');
    await dialog.locator('input[name=timeToFullWarnSeconds]').fill('12');
    await screenshot(page, 'watch-alert-settings.png');
    await page.getByTestId('alert-settings-save').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('alert-settings-open').click();
    expect(await dialog.locator('input[name=fillWarn]').inputValue()).toBe('60');
    expect(await dialog.locator('input[name=timeToFullWarnSeconds]').inputValue()).toBe('12');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });
});
