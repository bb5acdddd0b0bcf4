// End to end, a reap plan run twice: the window plans, the same plan is run from the CLI first (another
// operator, the same node's state store), then Confirm in the window. The second run is refused by the
// plan's single use, and the window says so: an alert with the backend's words, that some files may have
// gone, the plan still in view; nothing beyond what the CLI removed is gone. Screenshot:
// test-results/reap-failed.png.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoot } from '../support/root';
import { buildDayStore } from '../support/reapLab';
import { screenshot } from '../support/chromium';
import { makeTmpfsScratch, type TmpfsScratch } from '../support/tmpfsScratch';
import { assertAppBuilt } from '../support/servedApp';
import { openAppInBrowser, type AppInBrowser } from '../support/appInBrowser';
import { runCli } from '../support/cli';

const MiB = 1024 * 1024;

let tmpfs: TmpfsScratch | null = null;
let root: string;
let app: AppInBrowser | null = null;
let page: Page;
const problems: string[] = [];
/** reap.plan answers as they came over the bridge's WebSocket, read (never altered) for their plan ids. */
const planIds: string[] = [];

beforeAll(async () => {
  if (!isRoot) return;
  assertAppBuilt();
  tmpfs = makeTmpfsScratch('reap-twice-e2e', 16);
  root = join(tmpfs.dir, 'store');
  mkdirSync(root);
  buildDayStore(root, 5, MiB);
  app = await openAppInBrowser({ root, dataDir: tmpfs.dataDir }, problems);
  page = app.page;
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      const text = typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8');
      for (const m of text.matchAll(/"planId":"([^"]+)"/g)) if (!planIds.includes(m[1])) planIds.push(m[1]);
    }),
  );
  // Again, with the bridge's socket opened after the listener.
  await page.reload();
  await page.waitForSelector('[data-testid=scan-status][data-state=done]', { timeout: 30_000 });
});

afterAll(async () => {
  await app?.close();
  await tmpfs?.remove();
});

describe.skipIf(!isRoot)('a reap plan already run elsewhere, confirmed in the browser', () => {
  it('refuses the second run with the reason in an alert, keeps the plan in view, and removes nothing more', async () => {
    await page.getByTestId('reap-root').click();
    await page.waitForSelector('[data-testid=reap-dialog][data-stage=plan]', { timeout: 20_000 });
    await page.getByTestId('reap-cap').fill('1M');
    await page.getByTestId('reap-keep').fill('2');
    await page.getByTestId('reap-replan').click();
    await page.waitForSelector('[data-testid=reap-entries]', { timeout: 20_000 });
    const rows = await page.locator('[data-testid=reap-entries] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-path')));
    expect(rows).toEqual(['2026/001', '2026/002', '2026/003']);
    const planId = planIds.at(-1)!;
    expect(planId).toBeTruthy();

    const cli = runCli(['reap', planId, '--yes', '--json'], { SPOOLSCOPE_DATA_DIR: tmpfs!.dataDir });
    expect(cli.status, cli.stderr).toBe(0);
    expect((JSON.parse(cli.stdout) as { removedPartitions: string[] }).removedPartitions).toEqual(['2026/001', '2026/002', '2026/003']);

    await page.getByTestId('reap-confirm').click();
    await page.waitForSelector('[data-testid=reap-dialog][data-stage=reap-error]', { timeout: 20_000 });
    const alert = page.getByTestId('reap-error');
    await expect(alert.getAttribute('role')).resolves.toBe('alert');
    const text = await alert.innerText();
    expect(text).toContain(`Reap failed: reap plan ${planId} was already executed: plan again`);
    expect(text).toContain('Some files may have been removed before the failure');
    // The plan stays in view beside the alert.
    await expect(page.locator('[data-testid=reap-entries] tbody tr').count()).resolves.toBe(3);
    await screenshot(page, 'reap-failed.png');
    for (const d of ['001', '002', '003']) expect(existsSync(join(root, '2026', d))).toBe(false);
    for (const d of ['004', '005']) expect(existsSync(join(root, '2026', d, 'logs.sqlite'))).toBe(true);
    expect(problems).toEqual([]);
  });
});
