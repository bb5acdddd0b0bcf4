// End to end, the sources drill-down on the demo lab (SQLite store and text-log store under one root) in
// the real serve process and Debian's chromium. Proves the two clicks: a partition row's "Sources…" opens
// the drawer with the per-day chart (the spike day stands out), the sources against their baseline (the
// gateway first, ~25x and more) and the gateway's top message (os error 24) with sample lines; picking
// another source shows its messages; from the treemap, a selected tile's "Sources of …" does the same for
// the text store; Escape closes. A finished day is named by its date, and only a day still being written
// says "now" (a live text store, its days put in a zone where it is about noon by the drawer's time zone
// form); estimated counts read "≈". Screenshots: test-results/sources-*.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLab } from '../lab/buildLab';
import { buildTextLogStore } from '../lab/textLogStore';
import { execFileSync } from 'node:child_process';
import { localTimeMs, nextIsoDate } from '../lab/calendarStore';
import { buildOpenTextDay } from '../lab/openTextDay';
import { resultsDir, screenshot } from '../support/chromium';
import { assertAppBuilt } from '../support/servedApp';
import { openAppInBrowser, type AppInBrowser } from '../support/appInBrowser';

let tmp: string;
let app: AppInBrowser | null = null;
let page: Page;
const problems: string[] = [];
/** A zone where it is about noon now, and its date today: the live store's open day. */
const liveZone = (() => {
  const offset = Math.max(-12, Math.min(14, 12 - new Date().getUTCHours()));
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
})();
const today = execFileSync('date', ['+%F'], { env: { ...process.env, TZ: liveZone }, encoding: 'utf8' }).trim();

beforeAll(async () => {
  assertAppBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'spoolscope-sources-e2e-'));
  const lab = await buildLab(join(tmp, 'lab'));
  buildTextLogStore(lab.root);
  // A store whose columns detection cannot name: who / when_ / what.
  const odd = join(lab.root, 'logs', 'odd', '2026-04-30');
  mkdirSync(odd, { recursive: true });
  const db = new Database(join(odd, 'logs.sqlite'));
  db.exec('CREATE TABLE journal (who TEXT, when_ INTEGER, what TEXT)');
  const ins = db.prepare('INSERT INTO journal VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) ins.run(i % 5 ? 'reactor' : 'auth', Date.UTC(2026, 3, 30) + i * 40_000, i % 5 ? `append to /spool/gazette-append-${i} failed: No space left on device (os error 28)` : `login ok user="u${i}"`);
  })();
  db.close();
  // A text store still being written today (in liveZone), with the three days before it.
  const day = (k: number) => new Date(Date.parse(`${today}T00:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10);
  const span = (d: string) => ({ date: d, startMs: localTimeMs(liveZone, d), endMs: localTimeMs(liveZone, nextIsoDate(d)) });
  buildOpenTextDay(join(lab.root, 'logs', 'live'), { before: [day(-3), day(-2), day(-1)].map(span), open: { date: today, startMs: localTimeMs(liveZone, today), nowMs: Date.now() }, smallServices: 2 });
  const dataDir = join(tmp, 'data');
  app = await openAppInBrowser({ root: join(lab.root, 'logs'), dataDir }, problems);
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('sources drill-down', () => {
  it("a partition row's Sources… shows the days, the sources against their baseline and the runaway's message", async () => {
    const row = page.locator('[role=row][data-path="core/2026/120"]');
    await row.hover();
    await page.screenshot({ path: join(resultsDir, 'sources-row.png') });
    await row.locator('[data-testid=partition-sources]').click();
    const panel = page.locator('[data-testid=sources-panel][data-state=ready]');
    await panel.waitFor({ timeout: 30_000 });
    await expect(panel.locator('[data-testid=sources-summary]').textContent()).resolves.toMatch(/2\d× its baseline/);
    // Seven days, the last one current.
    await expect(panel.locator('[data-testid=sources-days] g[data-current]').count()).resolves.toBe(1);
    const first = panel.locator('[data-testid=sources-bars] .src-bar-row').first();
    await expect(first.getAttribute('data-source')).resolves.toBe('gateway');
    await expect(first.getAttribute('class')).resolves.toContain('spiking');
    await expect(first.getAttribute('aria-pressed')).resolves.toBe('true');
    const templates = panel.locator('[data-testid=sources-templates] tbody tr');
    await expect(templates.first().textContent()).resolves.toContain('accept: Too many open files (os error 24)');
    await expect(panel.locator('[data-testid=sources-recent-lines]').textContent()).resolves.toContain('os error 24');
    await expect(panel.locator('[data-testid=sources-since]').textContent()).resolves.toMatch(/^Spiking since/);
    // A finished day: its date, never "now".
    await expect(panel.locator('[data-testid=sources-day]').textContent()).resolves.toMatch(/^2026-04-30 \(24 h, UTC\): a finished day · days in UTC \(the node's zone\)/);
    await expect(panel.locator('[data-testid=sources-day-now]').count()).resolves.toBe(0);
    await expect(panel.locator('[data-testid=sources-days] g[data-current]').getAttribute('data-date')).resolves.toBe('2026-04-30');
    await expect(panel.locator('[data-testid=sources-rate-span]').textContent()).resolves.toMatch(/^bytes\/s on 2026-04-30/);
    await expect(panel.locator('[data-testid=sources-lines]').textContent()).resolves.toMatch(/^≈\d/);
    await screenshot(page, 'sources-sqlite.png');
  });

  it('picking another source shows its own messages, values replaced by placeholders', async () => {
    const panel = page.locator('[data-testid=sources-panel]');
    await panel.locator('.src-bar-row[data-source=api]').click();
    await expect(panel.locator('.src-bar-row[data-source=api]').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(panel.locator('[data-testid=sources-templates]').textContent()).resolves.toContain('request_id=<uuid>');
    await expect(panel.locator('[data-testid=sources-detail] h3').textContent()).resolves.toMatch(/^api/);
    await screenshot(page, 'sources-api.png');
  });

  it('Escape closes the drawer and leaves the treemap as it was', async () => {
    await page.locator('[data-testid=sources-panel]').press('Escape');
    await page.locator('[data-testid=sources-panel]').waitFor({ state: 'detached' });
  });

  it("from the treemap: the selected tile's Sources of … attributes the text store by file", async () => {
    // Selecting the row selects (and reveals) its tile on the treemap; the toolbar acts on the selection.
    await page.locator('[role=row][data-path="text/2026-04-30"] .p-size').click();
    const open = page.locator('[data-testid=open-sources]');
    await expect(open.textContent()).resolves.toContain('2026-04-30');
    await open.click();
    const panel = page.locator('[data-testid=sources-panel][data-state=ready]');
    await panel.waitFor({ timeout: 30_000 });
    await expect(panel.locator('[data-testid=sources-summary]').textContent()).resolves.toContain('by file (one file per service)');
    const first = panel.locator('.src-bar-row').first();
    await expect(first.getAttribute('data-source')).resolves.toBe('gateway');
    await expect(first.locator('.src-ratio').textContent()).resolves.toMatch(/^2\d×$/);
    await expect(panel.locator('[data-testid=sources-since]').textContent()).resolves.toMatch(/2026-04-30 09:\d\d UTC/);
    await screenshot(page, 'sources-text.png');
  });

  it('the day still being written says now (in the time zone set for the root); its sources show their rate now', async () => {
    await page.locator('[data-testid=sources-panel]').press('Escape');
    const row = page.locator(`[role=row][data-path="live/${today}"]`);
    await row.hover();
    await row.locator('[data-testid=partition-sources]').click();
    let panel = page.locator('[data-testid=sources-panel][data-state=ready]');
    await panel.waitFor({ timeout: 30_000 });
    // The days are the store's, in liveZone: say so for the root.
    await panel.locator('[data-testid=sources-zone-change]').click();
    const form = panel.locator('[data-testid=sources-zone-form]');
    await form.getByRole('textbox').fill(liveZone);
    await form.getByRole('button', { name: 'Save and attribute again' }).click();
    panel = page.locator(`[data-testid=sources-panel][data-state=ready]:has([data-testid=sources-day]:has-text("${liveZone} (this root's setting)"))`);
    await panel.waitFor({ timeout: 30_000 });
    await expect(panel.locator('[data-testid=sources-day]').getAttribute('data-open')).resolves.toBe('true');
    await expect(panel.locator('[data-testid=sources-day]').textContent()).resolves.toContain(`${today} so far`);
    // One "now", under the open day, the current one; the days before are their dates.
    await expect(panel.locator('[data-testid=sources-day-now]').count()).resolves.toBe(1);
    await expect(panel.locator('[data-testid=sources-days] g[data-open]').getAttribute('data-current')).resolves.toBe('true');
    await expect(panel.locator('[data-testid=sources-rate-span]').textContent()).resolves.toMatch(/^bytes\/s today so far/);
    await expect(panel.locator('.src-bar-row[data-source=steady] .src-now').textContent()).resolves.toMatch(/\/s now$/);
    await expect(panel.locator('.src-bar-row[data-source=burst] .src-now').textContent()).resolves.toBe(' · 0 B/s now');
    await panel.locator('.src-bar-row[data-source=steady]').click();
    // Its file was read whole: its lines are counted, not estimated.
    await expect(panel.locator('[data-testid=sources-lines]').textContent()).resolves.toMatch(/^[\d,]+ lines$/);
    await screenshot(page, 'sources-open-day.png');
    await panel.locator('.src-bar-row[data-source=rotated]').click();
    await expect(panel.locator('[data-testid=sources-not-sampled]').textContent()).resolves.toContain('compressed');
    await expect(panel.locator('[data-testid=sources-lines]').textContent()).resolves.toBe('lines not read');
  });

  it('a store whose columns cannot be named by detection says so; naming them for the root attributes by column', async () => {
    await page.locator('[data-testid=sources-panel]').press('Escape');
    const row = page.locator('[role=row][data-path="odd/2026-04-30"]');
    await row.hover();
    await row.locator('[data-testid=partition-sources]').click();
    const panel = page.locator('[data-testid=sources-panel][data-state=ready]');
    await panel.waitFor({ timeout: 30_000 });
    await expect(panel.locator('[data-testid=sources-messages]').textContent()).resolves.toMatch(/no table has a source column .*journal\(who, when_, what\)/);
    await expect(panel.locator('.src-bar-row').first().getAttribute('data-source')).resolves.toBe('logs.sqlite');
    await screenshot(page, 'sources-fallback.png');
    const form = panel.locator('[data-testid=sources-override]');
    // Typed, with a correction: Backspace edits the field and does not zoom the treemap behind.
    await form.getByLabel('Table').pressSequentially('journalx');
    await form.getByLabel('Table').press('Backspace');
    await expect(form.getByLabel('Table').inputValue()).resolves.toBe('journal');
    await form.getByLabel('Source column').fill('who');
    await form.getByLabel('Time column').fill('when_');
    await form.getByLabel('Message column').fill('what');
    await form.getByRole('button', { name: 'Save and attribute again' }).click();
    await page.locator('[data-testid=sources-panel][data-state=ready] [data-testid=sources-summary]:has-text("journal.who")').waitFor({ timeout: 30_000 });
    await expect(panel.locator('.src-bar-row').first().getAttribute('data-source')).resolves.toBe('reactor');
    await expect(panel.locator('[data-testid=sources-templates]').textContent()).resolves.toContain('No space left on device (os error 28)');
    await screenshot(page, 'sources-override.png');
    expect(problems).toEqual([]);
  });
});
