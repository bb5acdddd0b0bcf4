// End to end, views that never go stale: with the page open on `npm run serve`, a tmpfs mounted afterwards
// appears in the filesystem list (it must within 30 s; the list is re-read every 5 s, so it should within
// about 5 s) and goes away when unmounted; the fill of / on its card and on its hidden-usage reconciliation
// row is df's own Use% (the row said 9.6% where df said 24%: it divided by the size, which counts the
// blocks reserved for root); the scan says how long ago it ran. The root is on / so the row for / exists.
// Screenshots: test-results/freshness-*.png. Needs root (mount) and a build in out/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppInBrowser, type AppInBrowser } from '../support/appInBrowser';
import { openTab, screenshot } from '../support/chromium';
import { mountTmpfs, type Tmpfs } from '../support/mounts';
import { isRoot } from '../support/root';
import { assertAppBuilt } from '../support/servedApp';
import { makeTempDir } from '../support/tempDir';

const MUST_APPEAR_MS = 30_000;

let tmp: { dir: string; cleanup: () => void } | null = null;
let mounted: Tmpfs | null = null;
let app: AppInBrowser | null = null;
let page: Page;
const problems: string[] = [];

/** df's Use% of `path` as df prints it: "24%". */
function dfUse(path: string): string {
  return execFileSync('df', ['--output=pcent', path]).toString().trim().split('\n')[1].trim();
}

/** Waits until `read` gives what df says for `path` (both read again each try: / changes as others write). */
async function untilDfAgrees(path: string, read: () => Promise<string | null>): Promise<{ shown: string | null; df: string }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const shown = (await read())?.trim() ?? null;
    const df = dfUse(path);
    if (shown === df || Date.now() > deadline) return { shown, df };
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  if (!isRoot) return;
  assertAppBuilt();
  tmp = makeTempDir('freshness-e2e');
  const lab = join(tmp.dir, 'logs');
  mkdirSync(join(lab, '2026/120'), { recursive: true });
  writeFileSync(join(lab, '2026/120/core.log'), Buffer.alloc(1024 * 1024, 'a'));
  writeFileSync(join(lab, 'app.log.1'), Buffer.alloc(256 * 1024, 'b'));
  app = await openAppInBrowser({ root: lab, dataDir: join(tmp.dir, 'data') }, problems);
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  mounted?.unmount();
  tmp?.cleanup();
});

describe.skipIf(!isRoot)('a node view that never goes stale (npm run serve, chromium)', () => {
  it('says when the scan ran, from the moment it ends', async () => {
    const age = await page.getByTestId('scan-age').textContent();
    expect(age).toMatch(/^(just now|\d+ min ago)$/);
    expect(await page.getByTestId('scan-status').textContent()).toMatch(/^Scanned (just now|\d+ min ago), in /);
    await screenshot(page, 'freshness-scan-age.png');
  });

  it('lists a tmpfs mounted after the page opened, and drops it once unmounted', async () => {
    await page.getByTestId('filesystems').locator('li.fs').first().waitFor();
    mounted = mountTmpfs(1);
    const card = page.locator(`[data-testid=filesystems] li.fs[data-mount="${mounted.dir}"]`);
    const t0 = Date.now();
    await card.waitFor({ timeout: MUST_APPEAR_MS });
    const appearedMs = Date.now() - t0;
    console.log(`freshness e2e: a tmpfs mounted after the page opened appeared in ${appearedMs} ms`);
    expect(appearedMs).toBeLessThan(MUST_APPEAR_MS);
    expect(await card.locator('.fs-type').textContent()).toBe('tmpfs');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'freshness-mounted.png');

    const dir = mounted.dir;
    mounted.unmount();
    mounted = null;
    await page.locator(`[data-testid=filesystems] li.fs[data-mount="${dir}"]`).waitFor({ state: 'detached', timeout: MUST_APPEAR_MS });
  });

  it('shows the fill of / as df does, on its card and on its reconciliation row', async () => {
    const card = await untilDfAgrees('/', () => page.locator('[data-testid=filesystems] li.fs[data-mount="/"] .fs-pct').textContent());
    expect(card.shown).toBe(card.df);

    await openTab(page, 'held');
    const row = page.locator('[data-testid=reconcile][data-mount="/"]');
    await row.waitFor({ timeout: 30_000 });
    const recon = await untilDfAgrees('/', () => row.getByTestId('reconcile-fill').textContent());
    expect(recon.shown).toBe(recon.df);
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'freshness-reconcile.png');
    await openTab(page, 'treemap');
    expect(problems).toEqual([]);
  });
});
