// End to end, reaping partitions: a day-partitioned store on a real tmpfs (one day held open by a writer),
// the real serve process, Debian's chromium. Proves: "Reap…" on the root opens the plan with the policy
// form; the plan lists what goes and what is kept and why, while the treemap marks the planned tiles;
// Confirm removes exactly that, the result shows the statvfs-freed bytes and the filesystem bar drops; the
// audit log lists the reap; a root that now resolves to a system directory is shown refused, with its code. Screenshots: test-results/reap-*.png.
import { existsSync, mkdirSync, renameSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usedBytes } from '../support/mounts';
import { isRoot } from '../support/root';
import { buildDayStore, startWriter, type Helper } from '../support/reapLab';
import { screenshot } from '../support/chromium';
import { makeTmpfsScratch, type TmpfsScratch } from '../support/tmpfsScratch';
import { assertAppBuilt } from '../support/servedApp';
import { openAppInBrowser, type AppInBrowser } from '../support/appInBrowser';

const MiB = 1024 * 1024;

let tmpfs: TmpfsScratch | null = null;
let root: string;
let writer: Helper | null = null;
let app: AppInBrowser | null = null;
let page: Page;
const problems: string[] = [];

async function meter(): Promise<number> {
  return Number(await page.locator(`li.fs[data-mount="${tmpfs!.dir}"] [role=meter]`).getAttribute('aria-valuenow'));
}

beforeAll(async () => {
  if (!isRoot) return;
  assertAppBuilt();
  tmpfs = makeTmpfsScratch('reap-e2e', 16);
  root = join(tmpfs.dir, 'store');
  mkdirSync(root);
  buildDayStore(root, 9, MiB);
  writer = await startWriter(join(root, '2026/002/logs.sqlite-wal'));
  const dataDir = tmpfs.dataDir;
  app = await openAppInBrowser({ root, dataDir }, problems);
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await tmpfs?.remove();
});

describe.skipIf(!isRoot)('reap partitions in the browser (tmpfs, a writer, npm run serve)', () => {
  let expected = 0;
  let meterBefore = 0;

  it('opens the plan from "Reap…" on the root, with the saved (empty) policy planning nothing', async () => {
    await expect(page.getByTestId('reap-root').innerText()).resolves.toBe('Reap…');
    await page.getByTestId('reap-root').click();
    const dialog = page.getByTestId('reap-dialog');
    await page.waitForSelector('[data-testid=reap-dialog][data-stage=plan]', { timeout: 20_000 });
    await expect(dialog.locator('#rp-title').innerText()).resolves.toBe('Reap partitions');
    await expect(dialog.getByTestId('reap-nothing').innerText()).resolves.toMatch(/Nothing to remove/);
    await expect(dialog.getByTestId('reap-warnings').innerText()).resolves.toMatch(/no size cap and no age/);
    expect(await page.getByTestId('reap-confirm').isDisabled()).toBe(true);
  });

  it('plans under a 3 MiB cap: oldest first, the written day and the floor kept with reasons, the planned tiles marked', async () => {
    await page.getByTestId('reap-cap').fill('3M');
    await page.getByTestId('reap-keep').fill('2');
    await page.getByTestId('reap-replan').click();
    await page.waitForSelector('[data-testid=reap-entries]', { timeout: 20_000 });
    const rows = await page.locator('[data-testid=reap-entries] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-path')));
    expect(rows).toEqual(['2026/001', '2026/003', '2026/004', '2026/005', '2026/006', '2026/007']);
    const kept = await page.getByTestId('reap-skipped').innerText();
    expect(kept).toContain(`2026/002 — open for writing by pid ${writer!.pid} (sleep)`);
    expected = Number(await page.getByTestId('reap-expected').getAttribute('data-bytes'));
    expect(expected).toBe(6 * MiB);
    await expect(page.getByTestId('reap-confirm').innerText()).resolves.toBe('Confirm: reap 6 partitions (6.00 MiB)');
    // The treemap behind the drawer marks what goes: a tile per planned day at least.
    await page.waitForFunction(() => Number((globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector('[data-testid=treemap-canvas]')?.getAttribute('data-reap-tiles') ?? 0) >= 6);
    meterBefore = await meter();
    await screenshot(page, 'reap-preview.png');
  });

  it('confirms, shows the freed bytes measured by statvfs, and the filesystem bar drops', async () => {
    const before = usedBytes(tmpfs!.dir);
    await page.getByTestId('reap-confirm').click();
    await page.waitForSelector('[data-testid=reap-dialog][data-stage=done]', { timeout: 30_000 });
    await expect(page.locator('#rp-title').innerText()).resolves.toBe('Reaped');
    const freed = Number(await page.getByTestId('reap-freed').getAttribute('data-bytes'));
    expect(freed).toBe(expected);
    expect(before - usedBytes(tmpfs!.dir)).toBe(expected);
    const removed = await page.getByTestId('reap-removed').innerText();
    expect(removed.split('\n')).toEqual(['2026/001', '2026/003', '2026/004', '2026/005', '2026/006', '2026/007']);
    for (const d of ['001', '003', '007']) expect(existsSync(join(root, '2026', d))).toBe(false);
    expect(existsSync(join(root, '2026/002/logs.sqlite-wal'))).toBe(true);
    await page.waitForFunction((m) => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document;
      return Number(doc.querySelector(`li.fs[data-mount="${m.mount}"] [role=meter]`)?.getAttribute('aria-valuenow') ?? 100) < m.before;
    }, { mount: tmpfs!.dir, before: meterBefore }, { timeout: 10_000 });
    await screenshot(page, 'reap-result.png');
  });

  it('lists the reap in the audit log of the node', async () => {
    await page.getByTestId('reap-close').click();
    await page.getByTestId('open-audit').click();
    await page.waitForSelector('[data-testid=audit-rows]');
    const text = await page.getByTestId('audit-rows').innerText();
    expect(text).toMatch(new RegExp(`${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 6 partitions`));
    expect(text).toMatch(/6\.00 MiB\s+6\.00 MiB\s+done/);
    await screenshot(page, 'reap-audit.png');
    await page.getByTestId('audit-close').click();
  });

  it('plans just the partition picked in the table, and keeps it when a process writes to it', async () => {
    await page.locator('[data-testid=partitions] [role=row][data-path="2026/002"]').click();
    await expect(page.getByTestId('reap-picked').innerText()).resolves.toBe('Reap 2026/002…');
    await page.getByTestId('reap-picked').click();
    await page.waitForSelector('[data-testid=reap-dialog][data-stage=plan]', { timeout: 20_000 });
    await expect(page.getByTestId('reap-policy').innerText()).resolves.toContain('Picked (treemap or table): 2026/002');
    const kept = await page.locator('[data-testid=reap-skipped] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code')));
    expect(kept).toEqual(['open-for-writing']);
    expect(await page.getByTestId('reap-confirm').isDisabled()).toBe(true);
    await screenshot(page, 'reap-picked.png');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=reap-dialog]', { state: 'detached' });
    expect(existsSync(join(root, '2026/002/logs.sqlite'))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('shows a root that now resolves to a system directory as refused, with its code, and nothing to confirm', async () => {
    // The configured root's directory moved aside and replaced by a symlink to /etc (small, read-only here):
    // a configured root may be a symlink, but never to / or a system directory itself.
    renameSync(root, `${root}.real`);
    symlinkSync('/etc', root);
    try {
      await page.getByTestId('reap-root').click();
      await page.waitForSelector('[data-testid=reap-dialog][data-stage=plan]', { timeout: 20_000 });
      const refused = page.getByTestId('reap-refused');
      await expect(refused.getAttribute('data-code')).resolves.toBe('system-directory');
      const text = await refused.innerText();
      expect(text).toMatch(/\(it resolves to \/etc\) is \/ or a system directory itself: never reaped/);
      expect(text).toContain('[system-directory]');
      expect(await page.getByTestId('reap-confirm').isDisabled()).toBe(true);
      await screenshot(page, 'reap-refused.png');
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid=reap-dialog]', { state: 'detached' });
    } finally {
      unlinkSync(root);
      renameSync(`${root}.real`, root);
    }
    expect(problems).toEqual([]);
  });
});
