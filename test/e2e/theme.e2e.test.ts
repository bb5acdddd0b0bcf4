// End to end, the theme: on "System" the window follows prefers-color-scheme (emulated), a choice in the
// header's picker sets data-theme on <html> and the page's colours at once, and since the backend saved it,
// it holds across a reload and a restart of serve (a new port, so a new origin and new browser storage).
// Screenshots of the node view and the fleet in both themes at 1440x900: test-results/theme-*.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_PATH, TOKEN_PARAM } from '../../src/shared/wsProtocol';
import { buildLab } from '../lab/buildLab';
import { launchChromium, openScannedApp, screenshot } from '../support/chromium';
import { assertAppBuilt, startServedApp, type ServedApp } from '../support/servedApp';
import { connectWs } from '../support/wsClient';

let tmp: string;
let root: string;
let dataDir: string;
let browser: Browser;
let serve: ServedApp | null = null;
let page: Page;
const problems: string[] = [];

const theme = (p: Page) => p.locator('html').getAttribute('data-theme');
const choice = (p: Page) => p.locator('html').getAttribute('data-theme-choice');
const bodyBackground = (p: Page) => p.locator('body').evaluate((el) => (el.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
/** The page backgrounds of styles.css's two sets. */
const DARK_BG = 'rgb(13, 17, 23)';
const LIGHT_BG = 'rgb(244, 246, 248)';

async function openOnServe(): Promise<Page> {
  serve = await startServedApp({ root, dataDir });
  const p = await openScannedApp(browser, serve.url, problems);
  return p;
}

async function waitForTheme(p: Page, applied: 'light' | 'dark'): Promise<void> {
  await p.waitForFunction((t) => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.theme === t, applied, { timeout: 10_000 });
}

beforeAll(async () => {
  assertAppBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'spoolscope-theme-e2e-'));
  const lab = await buildLab(join(tmp, 'lab'));
  root = join(lab.root, 'logs');
  dataDir = join(tmp, 'data');
  browser = await launchChromium();
  page = await openOnServe();
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('theme', () => {
  it('follows prefers-color-scheme while the choice is System', async () => {
    await expect(choice(page)).resolves.toBe('system');
    await page.emulateMedia({ colorScheme: 'light' });
    await waitForTheme(page, 'light');
    await expect(bodyBackground(page)).resolves.toBe(LIGHT_BG);
    await page.emulateMedia({ colorScheme: 'dark' });
    await waitForTheme(page, 'dark');
    await expect(bodyBackground(page)).resolves.toBe(DARK_BG);
  });

  it('a choice in the picker applies at once and outranks the system', async () => {
    await page.locator('[data-testid=theme-select]').selectOption('light');
    await waitForTheme(page, 'light');
    await expect(choice(page)).resolves.toBe('light');
    await expect(bodyBackground(page)).resolves.toBe(LIGHT_BG);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(theme(page)).resolves.toBe('light');
    await screenshot(page, 'theme-node-light.png');
    // The purple of held files and the reap drawer's warnings were tuned on dark: look at them on light.
    await page.locator('[data-testid=tab-held]').click();
    await page.waitForTimeout(1500);
    await screenshot(page, 'theme-held-light.png');
    await page.locator('[data-testid=tab-treemap]').click();
    await page.locator('[data-testid=reap-root]').first().click();
    await page.locator('[data-testid=reap-policy]').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await screenshot(page, 'theme-reap-light.png');
    await page.keyboard.press('Escape');
  });

  it('holds across a reload, since the backend saved it', async () => {
    await page.reload();
    await page.waitForSelector('[data-testid=scan-status][data-state=done]', { timeout: 30_000 });
    await waitForTheme(page, 'light');
    await expect(page.locator('[data-testid=theme-select]').inputValue()).resolves.toBe('light');
  });

  it('holds across a restart of serve (a new port: the browser storage of the old origin is of no help)', async () => {
    const oldUrl = serve!.url;
    await page.close();
    await serve!.stop();
    page = await openOnServe();
    expect(new URL(serve!.url).port).not.toBe(new URL(oldUrl).port);
    await page.emulateMedia({ colorScheme: 'dark' });
    await waitForTheme(page, 'light');
    await expect(choice(page)).resolves.toBe('light');
  });

  it('another window hears the change (settings.theme event)', async () => {
    const other = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await other.goto(serve!.url);
    await waitForTheme(other, 'light');
    await page.locator('[data-testid=theme-select]').selectOption('dark');
    await waitForTheme(page, 'dark');
    await waitForTheme(other, 'dark');
    await other.close();
    await screenshot(page, 'theme-node-dark.png');
  });

  it('the fleet screen in both themes (screenshots), with the picker in its header', async () => {
    // Two saved nodes nobody listens for: rows in a failed state beside this machine's.
    const u = new URL(serve!.url);
    const ws = await connectWs(`ws://${u.host}${WS_PATH}?${TOKEN_PARAM}=${u.searchParams.get(TOKEN_PARAM)}`);
    for (const name of ['edge-01', 'edge-02']) {
      await expect(ws.call('nodes.add', { config: { name, host: '127.0.0.1', port: 9, user: 'ops' } })).resolves.toMatchObject({ ok: true });
    }
    ws.close();
    await page.locator('[data-testid=to-fleet]').click();
    await page.locator('[data-testid=fleet-refresh]').click();
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[data-testid=fleet-row]').length >= 3, null, { timeout: 30_000 });
    await page.waitForTimeout(1500);
    await expect(theme(page)).resolves.toBe('dark');
    await screenshot(page, 'theme-fleet-dark.png');
    await page.locator('[data-testid=theme-select]').selectOption('light');
    await waitForTheme(page, 'light');
    await screenshot(page, 'theme-fleet-light.png');
    expect(problems).toEqual([]);
  });
});
