// Debian's chromium driven by playwright-core, with the flags this closed network needs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Screenshots go here (git-ignored). */
export const resultsDir = join(repoRoot, 'test-results');

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  mkdirSync(resultsDir, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * A new page (1440x900 at 2x, as an operator's laptop) whose console errors and page errors are collected
 * into `problems`, for the suites to assert empty.
 */
export async function newAppPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 2 });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return page;
}

/**
 * Opens the app at `url` in a new page (see newAppPage) and waits until the first scan is done and the
 * treemap has drawn tiles.
 */
export async function openScannedApp(browser: Browser, url: string, problems: string[]): Promise<Page> {
  const page = await newAppPage(browser, problems);
  await page.goto(url);
  await page.waitForSelector('[data-testid=scan-status][data-state=done]', { timeout: 30_000 });
  await page.waitForFunction(
    () => ((globalThis as unknown as { __spoolscopeTreemap?: { tiles: unknown[] } }).__spoolscopeTreemap?.tiles.length ?? 0) > 0,
    null,
    { timeout: 10_000 },
  );
  return page;
}

/** test-results/`name`, with the pointer parked in the corner so no hover state shows. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.screenshot({ path: join(resultsDir, name) });
}

/**
 * Opens a center tab and waits until it is the selected one. A click can land beside its tab when the tab bar
 * moves under it (the Hidden usage tab shows a byte count once a held report finds deleted files held, as
 * other tests' helpers do at any moment): then it is clicked again.
 */
export async function openTab(page: Page, id: 'treemap' | 'held' | 'stores' | 'changes'): Promise<void> {
  const selected = `[data-testid=tab-${id}][aria-selected=true]`;
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId(`tab-${id}`).click();
    try {
      await page.waitForSelector(selected, { timeout: 2_000 });
      return;
    } catch (err) {
      if (attempt === 5) throw err;
    }
  }
}
