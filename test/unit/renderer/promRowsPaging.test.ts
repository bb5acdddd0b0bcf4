// The window's Prometheus fleet table pages a 10,000-row fleet: pages are fetched when shown, the rows
// held stay bounded (farthest pages dropped first), and a refresh replaces them with the new reading's.
import { beforeEach, describe, expect, it } from 'vitest';
import type { RankedFleetRow } from '../../../src/shared/prometheusModels';
import { MAX_PAGES_HELD, ROWS_PAGE, boundPages, pagesCovering } from '../../../src/renderer/src/state/promRowPages';
import { usePromRowsStore } from '../../../src/renderer/src/state/promRowsStore';
import { flush, installFakeApi, ok } from './fakeApi';

const api = installFakeApi();
const TOTAL = 10_000;
let reading = 0;

function row(i: number): RankedFleetRow {
  const name = `r${reading}-n${String(i).padStart(5, '0')}`;
  return { name, source: 'prometheus', state: 'up', sshState: null, instance: `${name}:9100`, worstMount: '/var', worstFillRatio: 0.5, secondsToFull: null, trendWindowSeconds: null, riskClass: 'ok', risk: TOTAL - i, message: null };
}

function answerRows(): void {
  api.answer('fleet.prometheus.rows', (req) => {
    if (req.refresh) reading++;
    const offset = req.offset ?? 0;
    const limit = req.limit ?? 500;
    const rows = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, k) => row(offset + k));
    return ok({ url: 'http://prom', error: null, readAt: reading, total: TOTAL, offset, rows });
  });
}

const rowsHeld = () => Object.values(usePromRowsStore.getState().pages).reduce((n, p) => n + p.length, 0);
const pagesAsked = () => api.requests('fleet.prometheus.rows').map((r) => (r.offset ?? 0) / ROWS_PAGE);

beforeEach(() => {
  api.reset();
  reading = 0;
  usePromRowsStore.getState().clear();
  usePromRowsStore.setState({ range: { first: 0, last: 20 } });
});

describe('page arithmetic', () => {
  it('covers a row range with whole pages, clipped to the fleet', () => {
    expect(pagesCovering(95, 205, TOTAL)).toEqual([0, 1, 2]);
    expect(pagesCovering(9_990, 10_020, TOTAL)).toEqual([99]);
    expect(pagesCovering(0, 10, 0)).toEqual([]);
  });

  it('drops the pages farthest from the ones on screen when over the bound', () => {
    const pages = Object.fromEntries(Array.from({ length: 30 }, (_, p) => [p, p]));
    const kept = Object.keys(boundPages(pages, [29], 5)).map(Number);
    expect(kept.sort((a, b) => a - b)).toEqual([25, 26, 27, 28, 29]);
  });
});

describe('the Prometheus rows store', () => {
  it('a refresh takes one new reading and fetches only the page on screen', async () => {
    answerRows();
    await usePromRowsStore.getState().refresh();
    await flush();
    expect(api.requests('fleet.prometheus.rows')).toEqual([{ refresh: true, offset: 0, limit: ROWS_PAGE }]);
    expect(usePromRowsStore.getState().total).toBe(TOTAL);
    expect(rowsHeld()).toBe(ROWS_PAGE);
  });

  it('fetches a page when it is shown, once, paging the last reading', async () => {
    answerRows();
    await usePromRowsStore.getState().refresh();
    usePromRowsStore.getState().show(5_000, 5_020);
    usePromRowsStore.getState().show(5_000, 5_020);
    await flush();
    expect(pagesAsked()).toEqual([0, 50]);
    expect(api.requests('fleet.prometheus.rows')[1].refresh).toBe(false);
    expect(usePromRowsStore.getState().rowAt(5_010)?.name).toBe('r1-n05010');
  });

  it('holds at most MAX_PAGES_HELD pages while scrolling the whole fleet, the ones on screen kept', async () => {
    answerRows();
    await usePromRowsStore.getState().refresh();
    for (let first = 0; first < TOTAL; first += 30) {
      usePromRowsStore.getState().show(first, first + 25);
      await flush();
      expect(Object.keys(usePromRowsStore.getState().pages).length).toBeLessThanOrEqual(MAX_PAGES_HELD);
    }
    expect(rowsHeld()).toBeLessThanOrEqual(MAX_PAGES_HELD * ROWS_PAGE);
    expect(usePromRowsStore.getState().rowAt(9_999)?.name).toBe('r1-n09999');
    expect(usePromRowsStore.getState().rowAt(0)).toBeUndefined();
    expect(new Set(pagesAsked()).size).toBe(TOTAL / ROWS_PAGE);
  });

  it('moves the selection across the fleet without waiting for a page', async () => {
    answerRows();
    await usePromRowsStore.getState().refresh();
    const before = api.calls.length;
    usePromRowsStore.getState().moveTo('last');
    expect(usePromRowsStore.getState().selected).toBe(TOTAL - 1);
    usePromRowsStore.getState().move(10);
    expect(usePromRowsStore.getState().selected).toBe(TOTAL - 1);
    expect(api.calls.length).toBe(before);
  });

  it('a refresh keeps only the pages on screen, replaced by the new reading, and drops an older reading’s late page', async () => {
    answerRows();
    await usePromRowsStore.getState().refresh();
    usePromRowsStore.getState().show(300, 320);
    await flush();
    usePromRowsStore.getState().show(0, 20);
    await flush();
    expect(Object.keys(usePromRowsStore.getState().pages).map(Number).sort((a, b) => a - b)).toEqual([0, 3]);
    await usePromRowsStore.getState().refresh();
    await flush();
    expect(Object.keys(usePromRowsStore.getState().pages).map(Number)).toEqual([0]);
    expect(usePromRowsStore.getState().rowAt(0)?.name).toBe('r2-n00000');

    // A page asked for before a refresh and answered after it belongs to the older reading: not kept.
    api.reset();
    usePromRowsStore.getState().show(700, 720);
    expect(api.pending('fleet.prometheus.rows')).toBe(1);
    answerRows();
    await usePromRowsStore.getState().refresh();
    api.reply('fleet.prometheus.rows', ok({ url: 'http://prom', error: null, readAt: 1, total: TOTAL, offset: 700, rows: [{ ...row(700), name: 'stale' }] }));
    await flush();
    expect(usePromRowsStore.getState().pages[7]?.[0]?.name).toBe(`r${reading}-n00700`);
  });
});
