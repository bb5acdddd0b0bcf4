// End to end, data stores in the window (issue 15): a MariaDB binary log set (real \xfebin magic and its
// .index) beside plain error logs, and a Docker container's json-file log written by a real process holding
// it with O_APPEND, under one root on a real tmpfs; the real serve process and Debian's chromium. Proves: the
// reap drawer greys the binary logs under a banner naming the store, with PURGE BINARY LOGS TO … copyable and
// the store's docs a new-tab link, while the rotated error logs are planned and reaped and the binary logs
// stay; the node's Data stores tab lists both stores; the container log's truncation runs from the window
// after its dry run, only with the container's name typed, Cancel holding the focus, and frees bytes by
// statvfs; the fleet row of this machine then notes the binary logs. Screenshots at 1440x900 and 1024x700:
// test-results/data-stores-*.png. Needs root (tmpfs).
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppInBrowser, type AppInBrowser } from '../support/appInBrowser';
import { openTab, screenshot } from '../support/chromium';
import { startContainerLogWriter, type ContainerLogWriter } from '../support/containerLogWriter';
import { usedBytes } from '../support/mounts';
import { isRoot } from '../support/root';
import { assertAppBuilt } from '../support/servedApp';
import { buildMariadbLogDir } from '../support/stores/layouts';
import { makeTmpfsScratch, type TmpfsScratch } from '../support/tmpfsScratch';

const MiB = 1024 * 1024;
const CONTAINER_ID = '5e1f'.repeat(16);
const CONTAINER_NAME = CONTAINER_ID.slice(0, 12);

let tmpfs: TmpfsScratch | null = null;
let root: string;
let mariadb: ReturnType<typeof buildMariadbLogDir>;
let containerLog: string;
let writer: ContainerLogWriter | null = null;
let app: AppInBrowser | null = null;
let page: Page;
const problems: string[] = [];

/** The page's globals used inside page.evaluate (this project compiles without the DOM's types). */
interface PageGlobals {
  document: {
    activeElement: { textContent: string | null; getAttribute(name: string): string | null } | null;
    createElement(tag: string): { style: { color: string }; remove(): void };
    querySelectorAll(sel: string): Iterable<{ offsetParent: unknown; scrollWidth: number; clientWidth: number; getAttribute(name: string): string | null }>;
  };
  navigator: { clipboard: { readText(): Promise<string> } };
  getComputedStyle(el: unknown): { color: string };
}

/** Panes of this feature that scroll sideways (a long path or command not wrapped), as "class: scroll > client". */
function sideways(): Promise<string[]> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    return [...document.querySelectorAll('.ds-body, .ds-card, .ds-banner, .modal-body')]
      .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.getAttribute('class') ?? ''}: ${el.scrollWidth} > ${el.clientWidth}`);
  });
}

/** At 1440x900 and 1024x700 in the light theme, and at 1440x900 in the dark one. */
async function shoot(name: string, scrollTo?: string): Promise<void> {
  for (const [w, h, scheme] of [[1440, 900, 'light'], [1024, 700, 'light'], [1440, 900, 'dark']] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: w, height: h });
    if (scrollTo) await page.locator(scrollTo).first().scrollIntoViewIfNeeded();
    await screenshot(page, `data-stores-${name}-${w}${scheme === 'dark' ? '-dark' : ''}.png`);
    expect(await sideways(), `at ${w}x${h}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
}

beforeAll(async () => {
  if (!isRoot) return;
  assertAppBuilt();
  tmpfs = makeTmpfsScratch('data-stores-e2e', 32);
  root = join(tmpfs.dir, 'log');
  mkdirSync(root);
  mariadb = buildMariadbLogDir(join(root, 'mysql'));
  const containerDir = join(root, 'docker', 'containers', CONTAINER_ID);
  mkdirSync(containerDir, { recursive: true });
  writeFileSync(join(containerDir, 'hostconfig.json'), JSON.stringify({ LogConfig: { Type: 'json-file', Config: {} } }));
  containerLog = join(containerDir, `${CONTAINER_ID}-json.log`);
  writer = await startContainerLogWriter(containerLog, 'append', 4 * MiB);
  app = await openAppInBrowser({ root, dataDir: tmpfs.dataDir }, problems);
  page = app.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await writer?.stop();
  await tmpfs?.remove();
});

describe.skipIf(!isRoot)('data stores in the browser (tmpfs, a binlog set, a container log and its writer, npm run serve)', () => {
  it('greys the binary logs under a banner naming the store, with PURGE BINARY LOGS TO … to copy, and plans the error logs', async () => {
    await page.getByTestId('reap-root').click();
    await page.waitForSelector('[data-testid=reap-dialog][data-stage=plan]', { timeout: 30_000 });
    await page.getByTestId('reap-age').fill('1');
    await page.getByTestId('reap-keep').fill('0');
    await page.getByTestId('reap-replan').click();
    await page.waitForSelector('[data-testid=reap-entries]', { timeout: 30_000 });
    const planned = await page.locator('[data-testid=reap-entries] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-path')));
    expect(planned.sort()).toEqual(['mysql/error.log.1', 'mysql/error.log.2.gz']);

    const banner = page.locator('[data-testid=reap-store-banner][data-kind=mysql-binlog]');
    await expect(banner.getAttribute('data-store')).resolves.toBe(mariadb.index);
    const title = await banner.locator('.ds-banner-title').innerText();
    expect(title).toContain('MySQL/MariaDB binary logs');
    expect(title).toContain(mariadb.index);
    const kept = await banner.locator('.ds-kept-row').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-path'), r.getAttribute('data-code'), r.getAttribute('aria-disabled')]));
    expect(kept).toEqual([...mariadb.binlogs, mariadb.index].map((p) => [p.slice(root.length + 1), 'store-managed', 'true']));
    // Greyed: drawn in the theme's muted colour, not the text colour.
    const colours = await banner.locator('.ds-kept-row').first().evaluate((el) => {
      const g = globalThis as unknown as PageGlobals;
      const probe = g.document.createElement('span');
      probe.style.color = 'var(--muted)';
      (el as unknown as { append(node: unknown): void }).append(probe);
      const muted = g.getComputedStyle(probe).color;
      probe.remove();
      return { row: g.getComputedStyle(el).color, muted };
    });
    expect(colours.row).toBe(colours.muted);
    // None of the binary logs is among the ordinary reasons, nor planned.
    const ordinary = await page.locator('[data-testid=reap-skipped] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code')));
    expect(ordinary).not.toContain('store-managed');

    const purge = banner.locator('[data-testid=store-command]').filter({ hasText: 'PURGE BINARY LOGS' });
    await expect(purge.getByTestId('store-command-text').innerText()).resolves.toBe("PURGE BINARY LOGS TO 'mysql-bin.000004';");
    await purge.getByTestId('store-command-copy').click();
    await page.waitForSelector('[data-testid=reap-store-banner] [data-testid=store-command-copied][data-outcome=copied]');
    await expect(page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText())).resolves.toBe("PURGE BINARY LOGS TO 'mysql-bin.000004';");

    const docs = banner.getByTestId('store-docs-link');
    await expect(docs.getAttribute('href')).resolves.toBe('https://mariadb.com/kb/en/purge-binary-logs/');
    await expect(docs.getAttribute('target')).resolves.toBe('_blank');
    await expect(docs.getAttribute('rel')).resolves.toContain('noopener');
    await shoot('reap-drawer', '[data-testid=reap-store-banner][data-kind=mysql-binlog]');
  });

  it('reaps the error logs and leaves every binary log and the index', async () => {
    await expect(page.getByTestId('reap-confirm').innerText()).resolves.toMatch(/^Confirm: reap 2 partitions/);
    await page.getByTestId('reap-confirm').click();
    await page.waitForSelector('[data-testid=reap-dialog][data-stage=done]', { timeout: 30_000 });
    for (const p of mariadb.plain) expect(existsSync(p)).toBe(false);
    for (const p of [...mariadb.binlogs, mariadb.index]) expect(existsSync(p)).toBe(true);
    await page.getByTestId('reap-close').click();
    await page.waitForSelector('[data-testid=reap-dialog]', { state: 'detached' });
  });

  it('lists the binlog set and the container log in the node\'s Data stores tab', async () => {
    await openTab(page, 'stores');
    await page.waitForSelector('[data-testid=data-stores][data-state=done]', { timeout: 120_000 });
    const binlogs = page.locator(`[data-testid=store-card][data-kind=mysql-binlog][data-path="${mariadb.index}"]`);
    await expect(binlogs.count()).resolves.toBe(1);
    await expect(binlogs.locator('[data-testid=store-command-text]').allInnerTexts()).resolves.toContain("PURGE BINARY LOGS TO 'mysql-bin.000004';");
    const docker = page.locator(`[data-testid=store-card][data-kind=docker-json][data-path="${join(root, 'docker', 'containers', CONTAINER_ID)}"]`);
    await expect(docker.count()).resolves.toBe(1);
    await expect(docker.getByTestId('store-holders').innerText()).resolves.toContain(`${writer!.pid} (python3, write)`);
    await expect(docker.getByTestId('store-act').count()).resolves.toBe(1);
    await shoot('section', `[data-testid=store-card][data-kind=mysql-binlog][data-path="${mariadb.index}"]`);
  });

  it('truncates the container log from the window after a dry run, only with its name typed, and frees bytes', async () => {
    const docker = page.locator(`[data-testid=store-card][data-kind=docker-json][data-path="${join(root, 'docker', 'containers', CONTAINER_ID)}"]`);
    const sizeBefore = statSync(containerLog).size;
    expect(sizeBefore).toBeGreaterThanOrEqual(4 * MiB);
    await docker.getByTestId('store-act').click();
    const dialog = page.getByTestId('store-act-dialog');
    await page.waitForSelector('[data-testid=store-act-dialog][data-stage=checked]', { timeout: 30_000 });
    // The dry run changed nothing, and Cancel holds the focus.
    expect(statSync(containerLog).size).toBe(sizeBefore);
    await expect(page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.textContent)).resolves.toBe('Cancel');
    const expected = Number(await dialog.getByTestId('store-act-expected').getAttribute('data-bytes'));
    expect(expected).toBeGreaterThanOrEqual(4 * MiB);
    const run = dialog.getByTestId('store-act-run');
    await expect(run.innerText()).resolves.toMatch(/^Confirm: truncate 1 container log/);
    expect(await run.isDisabled()).toBe(true);
    await dialog.getByTestId('store-act-confirm-input').fill(CONTAINER_NAME.slice(0, -1));
    expect(await run.isDisabled()).toBe(true);
    await dialog.getByTestId('store-act-confirm-input').fill(CONTAINER_NAME);
    expect(await run.isDisabled()).toBe(false);
    await shoot('act-confirm');

    const used = usedBytes(tmpfs!.dir);
    await run.click();
    await page.waitForSelector('[data-testid=store-act-dialog][data-stage=done]', { timeout: 30_000 });
    const freed = Number(await dialog.getByTestId('store-act-freed').getAttribute('data-bytes'));
    expect(freed).toBeGreaterThanOrEqual(4 * MiB);
    expect(used - usedBytes(tmpfs!.dir)).toBeGreaterThanOrEqual(4 * MiB);
    expect(statSync(containerLog).size).toBe(0);
    // The writer goes on appending at offset 0: no NUL hole.
    await writer!.write('after the truncation');
    expect(statSync(containerLog).size).toBeLessThan(1024);
    await shoot('act-result');
    await dialog.getByTestId('store-act-close').click();
    await page.waitForSelector('[data-testid=store-act-dialog]', { state: 'detached' });
    // The list was read again: the action's id is used, a fresh one is offered; focus is back on Run….
    await page.waitForSelector('[data-testid=data-stores][data-state=done]', { timeout: 120_000 });
    await expect(page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('data-testid'))).resolves.toBe('store-act');
  });

  it('notes the binary logs in this machine\'s fleet row', async () => {
    await page.getByTestId('to-fleet').click();
    const note = page.locator('[data-testid=fleet-row][data-node=local] [data-testid=fleet-store-note]');
    await expect(note.getAttribute('data-text')).resolves.toBe(`binlogs in ${join(root, 'mysql')}`);
    await expect(note.locator('bdi').innerText()).resolves.toBe(join(root, 'mysql'));
    await shoot('fleet-note');
    expect(problems).toEqual([]);
  });
});
