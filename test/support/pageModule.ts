// A module of test/pages/ bundled by esbuild and loaded into a blank chromium page, its exports on
// globalThis[globalName]: for tests that run renderer code on a real canvas without the app around it.
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, repoRoot } from './chromium';

async function openPageModule(page: string, globalName: string): Promise<{ browser: Browser; page: Page }> {
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

/**
 * The module's page for the enclosing file or describe block: opened before its tests, closed after (as
 * sshTransportTo.ts's useLabSsh). Read the page through the returned function once the tests run.
 */
export function usePageModule(page: string, globalName: string): () => Page {
  let opened: { browser: Browser; page: Page } | null = null;
  beforeAll(async () => {
    opened = await openPageModule(page, globalName);
  });
  afterAll(async () => {
    await opened?.browser.close();
  });
  return () => {
    if (!opened) throw new Error(`the page of ${page} is not open: usePageModule() belongs at a file's or describe block's top`);
    return opened.page;
  };
}
