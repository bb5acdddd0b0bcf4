// A module of test/pages/ bundled by esbuild and loaded into a blank chromium page, its exports on
// globalThis[globalName]: for tests that run renderer code on a real canvas without the app around it.
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, repoRoot } from './chromium';

export async function openPageModule(page: string, globalName: string): Promise<{ browser: Browser; page: Page }> {
  const out = await build({
    entryPoints: [`${repoRoot}test/pages/${page}`],
    bundle: true,
    format: 'iife',
    globalName,
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  const browser = await launchChromium();
  const p = await browser.newPage();
  await p.setContent('<!doctype html><html><body></body></html>');
  await p.addScriptTag({ content: out.outputFiles[0].text });
  return { browser, page: p };
}
