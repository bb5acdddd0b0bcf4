// The app as most e2e suites drive it: the real serve (see servedApp.ts) on one root and Debian's chromium
// with a page open on it after the first scan (see chromium.ts), closed together.
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openScannedApp } from './chromium';
import { startServedApp, type ServeOptions } from './servedApp';

export interface AppInBrowser {
  url: string;
  page: Page;
  /** The browser, then serve. */
  close(): Promise<void>;
}

/** Console and page errors of the page are collected into `problems`. */
export async function openAppInBrowser(opts: ServeOptions, problems: string[]): Promise<AppInBrowser> {
  const serve = await startServedApp(opts);
  let browser: Browser | null = null;
  const close = async () => {
    await browser?.close();
    await serve.stop();
  };
  try {
    browser = await launchChromium();
    const page = await openScannedApp(browser, serve.url, problems);
    return { url: serve.url, page, close };
  } catch (err) {
    await close();
    throw err;
  }
}
