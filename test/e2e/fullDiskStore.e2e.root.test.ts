// End to end, a first run on a 100% full disk: `npm run serve` whose data dir is on that disk cannot create
// its state store there; the window still opens, scans, shows the held file, and says in a banner that this
// run's store is temporary (what is not kept, where it is); the temporary store is gone once serve ends.
// Screenshot: test-results/store-temporary.png. Needs root (mount) and a build in out/.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHolder } from '../support/holders';
import { fillToFull, usedBytes } from '../support/mounts';
import { isRoot } from '../support/root';
import { openTab, screenshot } from '../support/chromium';
import { makeTmpfsScratch, type TmpfsScratch } from '../support/tmpfsScratch';
import { assertAppBuilt } from '../support/servedApp';
import { openAppInBrowser, type AppInBrowser } from '../support/appInBrowser';

const MiB = 1024 * 1024;
let tmpfs: TmpfsScratch | null = null;
let app: AppInBrowser | null = null;
let page: Page;
let holderPid = 0;
const problems: string[] = [];

beforeAll(async () => {
  if (!isRoot) return;
  assertAppBuilt();
  tmpfs = makeTmpfsScratch('full-store-e2e', 8);
  const lab = join(tmpfs.dir, 'lab');
  mkdirSync(join(lab, 'logs'), { recursive: true });
  writeFileSync(join(lab, 'logs/app.log'), Buffer.alloc(1 * MiB, 'a'));
  holderPid = (await startHolder({ dir: join(lab, 'logs'), name: 'app.log.1', mode: 'append', bytes: 2 * MiB })).pid;
  fillToFull(tmpfs.dir);
  // The data dir on the full disk itself, as on a node where $HOME and the logs share one filesystem.
  app = await openAppInBrowser({ root: lab, dataDir: join(tmpfs.dir, 'data') }, problems);
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await tmpfs?.remove();
});

describe.skipIf(!isRoot)('the window on a full disk, first run (npm run serve, chromium)', () => {
  it('opens, scans and shows held files, with a banner saying the store is temporary and what is not kept', async () => {
    expect(usedBytes(tmpfs!.dir)).toBe(8 * MiB);
    const banner = page.getByTestId('store-notice');
    await banner.waitFor();
    const text = await banner.innerText();
    expect(text).toMatch(/database or disk is full/);
    expect(text).toMatch(/temporary state store in \S+, removed when it ends/);
    expect(text).toMatch(/audit rows are not kept/);
    await openTab(page, 'held');
    // One reconciliation block per filesystem with held files: the tmpfs, and any other this machine has.
    await page.getByTestId('reconcile').first().waitFor({ timeout: 20_000 });
    await page.getByText(String(holderPid)).first().waitFor();
    await screenshot(page, 'store-temporary.png');
    expect(problems).toEqual([]);
  });

  it('removes the temporary store when serve ends', async () => {
    const text = await page.getByTestId('store-notice').innerText();
    const dir = /temporary state store in (\S+), removed/.exec(text)![1];
    expect(existsSync(dir)).toBe(true);
    await app!.close();
    app = null;
    expect(existsSync(dir)).toBe(false);
  });
});
