// @vitest-environment happy-dom
// The fleet's Prometheus source in the window (issue 18): the dialog's fields make a source or name the field
// at fault; with a saved source the fleet screen reads Prometheus (one page) instead of refreshing every saved
// node over SSH, and without one it refreshes them as before.
import { act, createElement } from 'react';
import { createRoot, type Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FleetScreen } from '../../../src/renderer/src/components/fleet/FleetScreen';
import { EMPTY_PROM_FIELDS, fieldsOf, sourceOf } from '../../../src/renderer/src/components/fleet/promSourceForm';
import { PROM_PAGE, usePromFleetStore } from '../../../src/renderer/src/state/promFleetStore';
import { ROWS_PAGE } from '../../../src/renderer/src/state/promRowPages';
import { PrometheusSourceSchema, type RankedFleetRow } from '../../../src/shared/prometheusModels';
import { flush, installFakeApi, ok } from './fakeApi';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const api = installFakeApi();

describe('Prometheus… dialog fields', () => {
  it('make a source with headers, a label mapping and file paths, and back', () => {
    const r = sourceOf({ ...EMPTY_PROM_FIELDS, url: ' https://prom.example:9090/ ', bearerTokenFile: '/etc/token', headers: 'X-Scope-OrgID: ops\n\nX-A: b: c', mapKind: 'label', mapValue: 'nodename' });
    expect(r).toEqual({
      ok: true,
      source: { url: 'https://prom.example:9090/', bearerTokenFile: '/etc/token', basicAuthFile: null, caFile: null, headers: [{ name: 'X-Scope-OrgID', value: 'ops' }, { name: 'X-A', value: 'b: c' }], mapping: { kind: 'label', label: 'nodename' } },
    });
    if (r.ok) expect(sourceOf(fieldsOf(r.source))).toEqual(r);
  });

  it('name the field at fault', () => {
    expect(sourceOf({ ...EMPTY_PROM_FIELDS, url: 'ftp://x' })).toEqual({ ok: false, message: 'URL: an http:// or https:// URL' });
    expect(sourceOf({ ...EMPTY_PROM_FIELDS, url: 'http://x', headers: 'no colon' })).toMatchObject({ ok: false, message: expect.stringMatching(/^Header "no colon"/) });
    expect(sourceOf({ ...EMPTY_PROM_FIELDS, url: 'http://x', mapKind: 'pattern', mapValue: 'root@host' })).toEqual({ ok: false, message: 'Pattern: the pattern names {host}' });
    expect(sourceOf({ ...EMPTY_PROM_FIELDS, url: 'http://x', bearerTokenFile: '/a', basicAuthFile: '/b' })).toMatchObject({ ok: false });
  });
});

function promRow(name: string, state: RankedFleetRow['state'], source: RankedFleetRow['source'] = 'prometheus'): RankedFleetRow {
  return { name, source, state, sshState: null, instance: `${name}:9100`, worstMount: '/', worstFillRatio: 0.5, secondsToFull: 3600, trendWindowSeconds: 21600, riskClass: 'warning', risk: 1, message: null };
}

describe('fleet screen with and without a Prometheus source', () => {
  let container: HTMLDivElement;
  let root: ReactRoot;
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    api.reset();
    usePromFleetStore.setState({ source: null, loaded: false, rows: [], total: 0, error: null });
    api.answer('fleet.rows', () => ok({ rows: [] }));
    api.answer('fleet.refresh', () => ok({ started: 2 }));
    container = document.createElement('div');
    document.body.appendChild(container);
    root = createRoot(container);
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
    vi.restoreAllMocks();
  });

  it('with a source, reads one page of Prometheus rows and refreshes no node over SSH', async () => {
    api.answer('fleet.prometheus.get', () => ok({ source: PrometheusSourceSchema.parse({ url: 'http://prom:9090' }) }));
    api.answer('fleet.prometheus.rows', () => ok({ url: 'http://prom:9090', error: null, readAt: 1, total: 3, offset: 0, rows: [promRow('web-1', 'up'), promRow('web-2', 'stale'), promRow('lonely', 'idle', 'ssh')] }));
    await act(async () => {
      root.render(createElement(FleetScreen));
      await flush();
      await flush();
    });
    const methods = api.calls.map((c) => c.method);
    expect(methods).toContain('fleet.prometheus.rows');
    expect(methods).not.toContain('fleet.refresh');
    // The strip reads its page of PROM_PAGE; the table below pages too (promRowsPaging.test.ts): no call asks for the fleet.
    const rowsRequests = api.requests('fleet.prometheus.rows');
    expect(rowsRequests).toContainEqual(expect.objectContaining({ offset: 0, limit: PROM_PAGE }));
    for (const r of rowsRequests) expect(r.limit).toBeLessThanOrEqual(ROWS_PAGE);
    const strip = container.querySelector('[data-testid=prom-strip]')!;
    expect(strip.textContent).toContain('http://prom:9090');
    expect(strip.textContent).toContain('web-1');
    expect(strip.textContent).toContain('full in 1 h (6 h trend)');
    expect(strip.textContent).toContain('stale');
    expect(strip.textContent).not.toContain('lonely');
  });

  it('without a source, refreshes every saved node on first open as before', async () => {
    api.answer('fleet.prometheus.get', () => ok({ source: null }));
    await act(async () => {
      root.render(createElement(FleetScreen));
      await flush();
      await flush();
    });
    expect(api.calls.map((c) => c.method)).toContain('fleet.refresh');
    expect(container.querySelector('[data-testid=prom-strip]')).toBeNull();
  });
});
