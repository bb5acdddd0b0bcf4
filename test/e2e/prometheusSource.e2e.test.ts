// End to end, Fleet → "Prometheus…" (issue 18): a real Prometheus (the unpacked Debian package) scraping a
// synthetic exporter for 60 instances with 6 h of backfilled history. Saved through the dialog, the source
// puts the worst instances above the fleet table, the fast-filling one first with its time to full and "6 h
// trend"; after a restart of serve the fleet opens on Prometheus and no saved node is refreshed over SSH.
// Screenshot: test-results/prometheus-fleet.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_PATH, TOKEN_PARAM } from '../../src/shared/wsProtocol';
import type { NodeInfo } from '../../src/shared/nodeModels';
import { launchChromium, newAppPage, screenshot } from '../support/chromium';
import { assertAppBuilt, startServedApp, type ServedApp } from '../support/servedApp';
import { connectWs } from '../support/wsClient';
import { backfill, startFleetPrometheus, type FleetPrometheus } from '../support/fleet/promFleetServer';
import { makeFleet, startExporter, type SyntheticExporter } from '../support/fleet/syntheticFleet';

let tmp: string;
let dataDir: string;
let browser: Browser;
let serve: ServedApp | null = null;
let exporter: SyntheticExporter;
let prom: FleetPrometheus;
const problems: string[] = [];

async function ws(serveUrl: string) {
  const u = new URL(serveUrl);
  return connectWs(`ws://${u.host}${WS_PATH}?${TOKEN_PARAM}=${u.searchParams.get(TOKEN_PARAM)}`);
}

async function openFleet(): Promise<Page> {
  const page = await newAppPage(browser, problems);
  await page.goto(serve!.url);
  await page.waitForSelector('[data-testid=prometheus-source]', { timeout: 30_000 });
  return page;
}

beforeAll(async () => {
  assertAppBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'spoolscope-prom-e2e-'));
  const now = Math.floor(Date.now() / 1000);
  const fleet = makeFleet(60, now);
  await backfill(tmp, fleet, now - 6 * 3600, now - 60, 300);
  exporter = await startExporter(fleet);
  prom = await startFleetPrometheus(tmp, exporter.port);
  for (;;) {
    const r = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent('count(node_filesystem_size_bytes)')}`);
    const body = (await r.json()) as { data: { result: Array<{ value: [number, string] }> } };
    if (Number(body.data.result[0]?.value[1] ?? 0) >= fleet.instances.filter((i) => i.up).length * 4) break;
    await new Promise((res) => setTimeout(res, 500));
  }
  dataDir = join(tmp, 'data');
  serve = await startServedApp({ dataDir });
  // Saved nodes nobody listens for: n00007 is also an instance (the fast-filling one), edge-02 is none.
  const c = await ws(serve.url);
  for (const name of ['n00007', 'edge-02']) await c.call('nodes.add', { config: { name, host: '127.0.0.1', port: 9, user: 'ops' } });
  c.close();
  await serve.stop();
  serve = await startServedApp({ dataDir });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  await prom?.stop();
  await exporter?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('Fleet → Prometheus…', () => {
  it('saves a source through the dialog and shows the worst instances, the fast-filling one first', async () => {
    const page = await openFleet();
    await page.locator('[data-testid=prometheus-source]').click();
    await page.locator('[data-testid=prometheus-url]').fill('ftp://nope');
    await page.locator('[data-testid=prometheus-save]').click();
    await expect(page.locator('[data-testid=prometheus-dialog] [role=alert]').textContent()).resolves.toContain('URL: an http:// or https:// URL');
    await page.locator('[data-testid=prometheus-url]').fill(prom.url);
    await page.locator('[data-testid=prometheus-save]').click();
    await page.waitForSelector('[data-testid=prometheus-dialog]', { state: 'detached' });
    const first = page.locator('[data-testid=prom-strip] li').first();
    await first.waitFor({ timeout: 20_000 });
    await expect(first.textContent()).resolves.toMatch(/^n00007 \/var\/log \d+% · full in .* \(6 h trend\)$/);
    await expect(first.getAttribute('data-risk')).resolves.toBe('critical');
    await screenshot(page, 'prometheus-fleet.png');
    await page.close();
  }, 60_000);

  it('after a restart, the fleet opens on Prometheus and refreshes no saved node over SSH', async () => {
    await serve!.stop();
    serve = await startServedApp({ dataDir });
    const page = await openFleet();
    await page.locator('[data-testid=prom-strip] li').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(2000);
    const c = await ws(serve.url);
    const r = (await c.call('nodes.list', {})) as { ok: boolean; result: { nodes: NodeInfo[] } };
    c.close();
    const states = Object.fromEntries(r.result.nodes.filter((n) => n.kind === 'ssh').map((n) => [n.name, n.state]));
    expect(states).toEqual({ 'n00007': 'idle', 'edge-02': 'idle' });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
