// End to end, the operator's window of issue 16 in the real serve and Debian's chromium, on the demo lab
// plus 320 small segments (so the partition grid is long enough to be virtualized), a link named like a
// segment and a large active log:
// - the partition grid is one Tab stop moved by the arrow keys, sorts by its headers (aria-sort), lists the
//   large files that are no partition and the link as such, and Enter opens a row's sources;
// - focus goes back where it was when a drawer or dialog closes, and the arrow keys work again;
// - at 1024x700 (and 1440x900) no button's content is wider than its box and the page never scrolls
//   sideways, in every view: the treemap with a selection, hidden usage, the sources and reap drawers, the
//   audit log, the alert thresholds, the fleet.
// Screenshots: test-results/layout-*.png.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab } from '../lab/buildLab';
import { openTab, resultsDir } from '../support/chromium';
import { assertAppBuilt } from '../support/servedApp';
import { openAppInBrowser, type AppInBrowser } from '../support/appInBrowser';
import { startHolder, type Holder } from '../support/holders';

let tmp: string;
let app: AppInBrowser | null = null;
/** A process holding a deleted file, so hidden usage has a row with its Reclaim button. */
let holder: Holder | null = null;
let page: Page;
const problems: string[] = [];
const MANY = 320;
const LINK = 'spool/stream/seg-000099.log';
const ACTIVE_LOG = 'var/log/app/big-active.out';

beforeAll(async () => {
  assertAppBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'spoolscope-layout-e2e-'));
  const lab = await buildLab(join(tmp, 'lab'));
  const many = join(lab.root, 'spool', 'many');
  mkdirSync(many, { recursive: true });
  for (let i = 1; i <= MANY; i++) writeFileSync(join(many, `seg-${String(i).padStart(6, '0')}.log`), Buffer.alloc(4096 + i, 1));
  symlinkSync('seg-000008.log', join(lab.root, LINK));
  // No partition by its name, and over 1% of the root: the grid must list it.
  writeFileSync(join(lab.root, ACTIVE_LOG), Buffer.alloc(3 * 1024 * 1024, 7));
  holder = await startHolder({ dir: join(lab.root, 'var', 'log', 'app'), name: 'rotated-away.log', mode: 'append', bytes: 2 * 1024 * 1024 });
  app = await openAppInBrowser({ root: lab.root, dataDir: join(tmp, 'data') }, problems);
  page = app.page;
  await page.locator('[data-testid=partitions] [role=row][data-path]').first().waitFor();
});

afterAll(async () => {
  await app?.close();
  await holder?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const grid = () => page.getByTestId('partitions');

/** The little of the page's DOM the checks read (this project's node typings have no DOM). */
interface El {
  id: string;
  tagName: string;
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  offsetParent: unknown;
  getAttribute(name: string): string | null;
  getClientRects(): { length: number };
  contains(other: unknown): boolean;
}
interface PageDoc {
  activeElement: El | null;
  documentElement: El;
  getElementById(id: string): El | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): Iterable<El>;
}
type PageGlobal = { document: PageDoc; innerWidth: number };

/** The data-path of the grid's cursor row (its aria-activedescendant), or the header cell's id. */
async function active(): Promise<string | null> {
  return grid().evaluate((g) => {
    const id = g.getAttribute('aria-activedescendant');
    const el = id ? (globalThis as unknown as PageGlobal).document.getElementById(id) : null;
    return el ? (el.getAttribute('data-path') ?? el.id) : null;
  });
}

/** The spike day's row, the largest: the grid scrolled back to its top (sorted by size) brings it into the DOM. */
async function spikeRow() {
  await grid().locator('.pg-scroll').evaluate((el) => {
    (el as unknown as { scrollTop: number }).scrollTop = 0;
  });
  const row = grid().locator('[role=row][data-path="logs/core/2026/120"]');
  await row.waitFor();
  return row;
}

/** Waits until the cursor row (aria-activedescendant) is rendered: the virtualizer scrolls it in a frame later. */
async function activeRendered(): Promise<string | null> {
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as PageGlobal;
    const id = document.querySelector('[data-testid=partitions]')?.getAttribute('aria-activedescendant');
    return id ? document.getElementById(id) !== null : false;
  });
  return active();
}

async function focusedTestId(): Promise<string | null> {
  return page.evaluate(() => {
    const active = (globalThis as unknown as PageGlobal).document.activeElement;
    return active?.getAttribute('data-testid') ?? active?.tagName ?? null;
  });
}

/** Every visible button whose content is wider than its box, every pane that scrolls sideways, and whether the page does. */
async function clipped(): Promise<{ buttons: string[]; pageScroll: string | null }> {
  return page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as PageGlobal;
    const buttons = [...document.querySelectorAll('button, [role=tab], [data-testid=partitions] [role=columnheader]')]
      .filter((b) => b.offsetParent !== null && b.getClientRects().length > 0)
      .filter((b) => b.scrollWidth > b.clientWidth + 1)
      .map((b) => `${(b.textContent ?? '').trim().slice(0, 40)} (${b.scrollWidth} > ${b.clientWidth})`);
    // A pane that scrolls sideways hides its right edge as surely as the page would.
    for (const pane of document.querySelectorAll('.panel, .center, .pg-scroll, .fleet-scroll, .modal-body')) {
      if (pane.offsetParent !== null && pane.scrollWidth > pane.clientWidth + 1) buttons.push(`pane ${pane.getAttribute('class')} scrolls sideways (${pane.scrollWidth} > ${pane.clientWidth})`);
    }
    const doc = document.documentElement;
    const pageScroll = doc.scrollWidth > innerWidth ? `document ${doc.scrollWidth} > window ${innerWidth}` : null;
    return { buttons, pageScroll };
  });
}

async function shot(name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.screenshot({ path: join(resultsDir, name) });
}

describe('the partition grid', () => {
  it('is one Tab stop, virtualized, and lists loose files and links as such', async () => {
    // Nothing inside the grid takes a Tab: past it in one press.
    await expect(grid().locator('button:not([tabindex="-1"]), [tabindex]:not([tabindex="-1"]), a[href], input').count()).resolves.toBe(0);
    await grid().focus();
    await page.keyboard.press('Tab');
    await expect(
      page.evaluate(() => {
        const { document } = globalThis as unknown as PageGlobal;
        return document.activeElement !== null && !document.querySelector('[data-testid=partitions]')!.contains(document.activeElement);
      }),
    ).resolves.toBe(true);
    // Over 200 rows: only a screenful and a margin are in the DOM.
    await expect(grid().getAttribute('aria-rowcount')).resolves.toMatch(/^\d+$/);
    const rowCount = Number(await grid().getAttribute('aria-rowcount')) - 1;
    expect(rowCount).toBeGreaterThan(MANY);
    const inDom = await grid().locator('[role=row][data-path]').count();
    expect(inDom).toBeLessThan(80);
    // The large active log and the link, marked.
    await grid().focus();
    await page.keyboard.press('Home');
    const file = grid().locator(`[role=row][data-path="${ACTIVE_LOG}"]`);
    await expect(file.getAttribute('data-kind')).resolves.toBe('file');
    await expect(file.locator('.pg-tag').getAttribute('title')).resolves.toContain('not a partition');
    await page.getByTestId('sort-size').click();
    await expect(page.getByTestId('sort-size').getAttribute('aria-sort')).resolves.toBe('ascending');
    const link = grid().locator(`[role=row][data-path="${LINK}"]`);
    await expect(link.getAttribute('data-kind')).resolves.toBe('link');
    await expect(link.locator('.p-size').innerText()).resolves.toBe('link');
    await page.getByTestId('sort-size').click();
    await expect(page.getByTestId('sort-size').getAttribute('aria-sort')).resolves.toBe('descending');
  });

  it('moves with the arrow keys, sorts from its header with the keyboard, and opens sources with Enter', async () => {
    await grid().focus();
    // The header has the cursor after a click on it: Ctrl+Home is the first row from anywhere.
    await page.keyboard.press('Control+Home');
    const rows = () => grid().locator('[role=row][data-path]').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')));
    const first = (await rows())[0];
    await expect(active()).resolves.toBe(first);
    await page.keyboard.press('ArrowDown');
    await expect(active()).resolves.toBe((await rows())[1]);
    // End reaches the last row, which the virtualizer brings into the DOM.
    await page.keyboard.press('End');
    const last = await activeRendered();
    expect(last).not.toBeNull();
    await expect(grid().locator(`[role=row][data-path="${last}"]`).isVisible()).resolves.toBe(true);
    await page.keyboard.press('Home');
    await expect(activeRendered()).resolves.toBe(first);
    await shot('layout-grid-keyboard-1440.png');
    // Up from the first row is the header: Home is its first column, Enter sorts by it, Right moves on.
    await page.keyboard.press('ArrowUp');
    await expect(active()).resolves.toMatch(/^pg-head-/);
    await page.keyboard.press('Home');
    await expect(active()).resolves.toBe('pg-head-name');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('sort-name').getAttribute('aria-sort')).resolves.toBe('ascending');
    await expect(page.getByTestId('sort-size').getAttribute('aria-sort')).resolves.toBe('none');
    const byName = await rows();
    expect(byName.slice(0, 20)).toEqual([...byName.slice(0, 20)].sort());
    await page.keyboard.press('ArrowRight');
    await expect(active()).resolves.toBe('pg-head-size');
    await page.keyboard.press(' ');
    await expect(page.getByTestId('sort-size').getAttribute('aria-sort')).resolves.toBe('descending');
    // Down into the rows, Enter opens the row's sources.
    await page.keyboard.press('ArrowDown');
    const top = await active();
    expect(top).toMatch(/^logs\/core\/2026\/120$/);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=sources-panel]').waitFor();
    await expect(page.locator('[data-testid=sources-panel] .src-path').innerText()).resolves.toContain('logs/core/2026/120');
    // Escape closes the drawer and focus is back on the grid: the arrows move again.
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=sources-panel]').waitFor({ state: 'detached' });
    await expect(focusedTestId()).resolves.toBe('partitions');
    await page.keyboard.press('ArrowDown');
    await expect(active()).resolves.not.toBe(top);
  });
});

describe('Find on the partition grid', () => {
  it('Ctrl+F narrows the rows to paths containing the text, and clearing it brings them back', async () => {
    const before = Number(await grid().getAttribute('aria-rowcount'));
    await page.getByTestId('treemap-canvas').focus();
    await page.keyboard.press('Control+f');
    await page.getByTestId('find-input').fill('stream/seg');
    await page.waitForFunction((n) => Number((globalThis as unknown as PageGlobal).document.querySelector('[data-testid=partitions]')?.getAttribute('aria-rowcount')) < n, before);
    const paths = await grid().locator('[role=row][data-path]').evaluateAll((els) => els.map((e) => e.getAttribute('data-path') ?? ''));
    // Eight stream segments and the link beside them.
    expect(paths.sort()).toEqual([...Array.from({ length: 8 }, (_, i) => `spool/stream/seg-00000${i + 1}.log`), LINK].sort());
    await expect(page.getByTestId('partition-found').innerText()).resolves.toContain('9 match');
    await page.getByTestId('find-input').fill('');
    await page.waitForFunction((n) => Number((globalThis as unknown as PageGlobal).document.querySelector('[data-testid=partitions]')?.getAttribute('aria-rowcount')) === n, before);
    await page.keyboard.press('Escape');
  });
});

describe('focus after a dialog', () => {
  it('goes back to the button that opened the reap drawer, the audit log and the alert thresholds', async () => {
    await (await spikeRow()).click();
    await page.getByTestId('reap-picked').click();
    await page.locator('[data-testid=reap-dialog]').waitFor();
    await page.locator('[data-testid=reap-dialog][data-stage=plan]').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=reap-dialog]').waitFor({ state: 'detached' });
    await expect(focusedTestId()).resolves.toBe('reap-picked');

    await page.getByTestId('open-audit').click();
    await page.locator('[data-testid=audit-dialog]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=audit-dialog]').waitFor({ state: 'detached' });
    await expect(focusedTestId()).resolves.toBe('open-audit');
  });
});

describe('the audit log', () => {
  it('opens a reap up to its partition, files, user and freed bytes', async () => {
    const seg = 'spool/many/seg-000001.log';
    await page.getByTestId('treemap-canvas').focus();
    await page.keyboard.press('Control+f');
    await page.getByTestId('find-input').fill('many/seg-000001.');
    await grid().locator(`[role=row][data-path="${seg}"]`).click();
    // The button's label keeps the end of the path (the segment number), its title the whole path.
    await expect(page.getByTestId('reap-picked').innerText()).resolves.toMatch(/^Reap .*seg-000001\.log…$/);
    await page.getByTestId('reap-picked').click();
    await page.locator('[data-testid=reap-dialog][data-stage=plan]').waitFor({ timeout: 30_000 });
    await page.getByTestId('reap-confirm').click();
    await page.locator('[data-testid=reap-dialog][data-stage=done]').waitFor({ timeout: 30_000 });
    await page.getByTestId('reap-close').click();
    await page.getByTestId('find-input').fill('');
    await page.getByTestId('open-audit').click();
    const row = page.locator('[data-testid=audit-rows] tr[data-action=reap]').first();
    await row.waitFor();
    await row.getByTestId('audit-toggle').click();
    await expect(row.getByTestId('audit-toggle').getAttribute('aria-expanded')).resolves.toBe('true');
    const detail = page.getByTestId('audit-detail').first();
    await expect(detail.getByTestId('audit-user').innerText()).resolves.toBe(userInfo().username);
    await expect(detail.getByTestId('audit-files').innerText()).resolves.toContain(seg);
    await expect(detail.innerText()).resolves.toMatch(/(Freed \S+ (B|KiB|MiB)|Freed nothing measurable: .*), measured by statvfs/);
    await shot('layout-audit-expanded-1440.png');
    await page.keyboard.press('Escape');
  });
});

describe('nothing is clipped', () => {
  for (const [w, h] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    it(`at ${w}x${h}: no button wider than its box, no sideways scroll, in every view`, async () => {
      await page.setViewportSize({ width: w, height: h });
      const found: string[] = [];
      const check = async (view: string) => {
        const c = await clipped();
        for (const b of c.buttons) found.push(`${view}: button ${b}`);
        if (c.pageScroll) found.push(`${view}: ${c.pageScroll}`);
        await shot(`layout-${view}-${w}.png`);
      };
      await openTab(page, 'treemap');
      await (await spikeRow()).click();
      await page.getByTestId('reap-picked').waitFor();
      await check('node');
      if (w === 1024) {
        // The narrow grid has no files column: the header's Right steps from Growth straight to Newest.
        await grid().focus();
        await page.keyboard.press('Control+Home');
        await page.keyboard.press('ArrowUp');
        await page.keyboard.press('Home');
        for (const col of ['size', 'growth', 'newest']) {
          await page.keyboard.press('ArrowRight');
          await expect(active()).resolves.toBe(`pg-head-${col}`);
        }
        await page.keyboard.press('ArrowDown');
      }
      await page.getByTestId('open-sources').click();
      await page.locator('[data-testid=sources-panel][data-state=ready]').waitFor({ timeout: 30_000 });
      await check('sources');
      await page.keyboard.press('Escape');
      await page.getByTestId('reap-picked').click();
      await page.locator('[data-testid=reap-dialog][data-stage=plan]').waitFor({ timeout: 30_000 });
      await check('reap');
      await page.keyboard.press('Escape');
      await page.getByTestId('open-audit').click();
      await page.locator('[data-testid=audit-dialog]').waitFor();
      await check('audit');
      await page.keyboard.press('Escape');
      await openTab(page, 'held');
      const holderRow = page.locator(`[data-testid=held-holder][data-pid="${holder!.pid}"]`);
      await holderRow.waitFor({ timeout: 30_000 });
      await check('held');
      // The reclaim plan over the held list; closing it gives focus back to its Reclaim button.
      await holderRow.getByTestId('reclaim-process').click();
      await page.locator('[data-testid=reclaim-dialog][data-stage=plan]').waitFor({ timeout: 30_000 });
      await check('reclaim');
      await page.keyboard.press('Escape');
      await page.locator('[data-testid=reclaim-dialog]').waitFor({ state: 'detached' });
      await expect(focusedTestId()).resolves.toBe('reclaim-process');
      await openTab(page, 'treemap');
      await page.getByTestId('to-fleet').click();
      await page.getByTestId('fleet-table').waitFor();
      await check('fleet');
      await page.locator('[data-testid=fleet-row]').first().click();
      await page.getByTestId('partitions').waitFor({ timeout: 30_000 });
      expect(found).toEqual([]);
    });
  }

  it('keeps every view tab in its place whatever the Hidden usage count reads, or when there is none', async () => {
    // The count appears once a held report finds deleted files held (this suite's holder), and changes as they
    // grow: a tab right of it that moved would take a click aimed at its neighbour.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('[data-testid=held-count]:not(.empty)').waitFor({ timeout: 30_000 });
    const texts = ['', '0 B', '1023 B', '1.00 KiB', '15.5 MiB', '150 GiB', '999 MiB', '1.00 EiB'];
    const boxes = await page.evaluate((texts) => {
      type Node = { textContent: string | null; classList: { toggle(c: string, on: boolean): void }; getBoundingClientRect(): { x: number; width: number } };
      const { document } = globalThis as unknown as { document: { querySelector(s: string): Node; querySelectorAll(s: string): Iterable<Node> } };
      const count = document.querySelector('[data-testid=held-count]');
      const shown = count.textContent;
      const tabs = () => [...document.querySelectorAll('[role=tab]')].map((t) => { const r = t.getBoundingClientRect(); return `${r.x.toFixed(1)}+${r.width.toFixed(1)}`; }).join(' ');
      const out: Record<string, string> = { [`shown ${shown}`]: tabs() };
      for (const t of texts) {
        count.textContent = t;
        count.classList.toggle('empty', t === '');
        out[t] = tabs();
      }
      count.textContent = shown;
      count.classList.toggle('empty', false);
      return out;
    }, texts);
    const distinct = new Set(Object.values(boxes));
    expect(distinct.size, JSON.stringify(boxes, null, 1)).toBe(1);
    await shot('layout-tabs-held-count.png');
  });

  it('logs no console errors', () => {
    expect(problems).toEqual([]);
  });
});
