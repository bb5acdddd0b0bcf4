// @vitest-environment happy-dom
// The sources drawer names days as an operator reads them: every day by its date (a YYYY/DDD key too), only
// the day still being written says "now", the bars say what their rates are over, and an estimated count
// reads "≈".
import { act, createElement } from 'react';
import type { Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Source, SourceDay } from '../../../src/shared/sourceModels';
import { DayChart } from '../../../src/renderer/src/components/sources/DayChart';
import { SourceBars } from '../../../src/renderer/src/components/sources/SourceBars';
import { SourceDetail } from '../../../src/renderer/src/components/sources/SourceDetail';
import { mountHost, unmountHost } from './reactHost';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: ReactRoot;
beforeEach(() => {
  ({ host, root } = mountHost());
});
afterEach(() => unmountHost({ host, root }));

const day = (key: string, date: string, open = false, current = false): SourceDay => ({ key, date, open, current, path: `/s/${key}`, bytes: 100, bySource: [{ name: 'api', bytes: 100 }] });
const source = (over: Partial<Source> = {}): Source => ({
  name: 'api',
  bytes: 1000,
  lines: 75_234,
  linesEstimated: true,
  share: 1,
  bytesPerSecond: 12,
  linesPerSecond: 1,
  baselineBytesPerSecond: 10,
  baselineLinesPerSecond: 1,
  baselineRatio: 1.2,
  nowBytesPerSecond: null,
  notSampledReason: null,
  newSource: false,
  spikeStartedAt: null,
  spikeStartAtOrBefore: false,
  templates: [],
  sampledLines: 0,
  recentLines: [],
  ...over,
});
const render = (el: ReturnType<typeof createElement>) => act(() => root.render(el));

describe('days in the sources drawer', () => {
  it('a finished day asked for is its date, with no "now" anywhere', () => {
    render(createElement(DayChart, { days: [day('2026/119', '2026-04-29'), day('2026/120', '2026-04-30', false, true)], names: ['api'] }));
    expect([...host.querySelectorAll('text.src-axis')].map((t) => t.textContent).filter((t) => /\d\d-\d\d/.test(t ?? ''))).toEqual(['04-29', '04-30']);
    expect(host.textContent).not.toContain('now');
    expect(host.querySelector('g[data-current]')?.getAttribute('data-date')).toBe('2026-04-30');
  });

  it('the open day, and only it, says now', () => {
    render(createElement(DayChart, { days: [day('2026-12-06', '2026-12-06'), day('2026-12-07', '2026-12-07', true, true)], names: ['api'] }));
    const now = host.querySelectorAll('[data-testid=sources-day-now]');
    expect(now).toHaveLength(1);
    expect(now[0].closest('g')?.getAttribute('data-open')).toBe('true');
  });

  it("the bars say what their rates are over, and the open day's rate now beside each", () => {
    render(createElement(SourceBars, { sources: [source()], names: ['api'], selected: null, day: { date: '2026-04-30', startMs: 0, endMs: 1, open: false, seconds: 86_400, daySeconds: 86_400 }, onSelect: () => undefined }));
    expect(host.querySelector('[data-testid=sources-rate-span]')?.textContent).toMatch(/^bytes\/s on 2026-04-30/);
    expect(host.querySelector('.src-now')).toBeNull();
    render(createElement(SourceBars, { sources: [source({ nowBytesPerSecond: 0 })], names: ['api'], selected: null, day: { date: '2026-12-07', startMs: 0, endMs: 1, open: true, seconds: 3600, daySeconds: 86_400 }, onSelect: () => undefined }));
    expect(host.querySelector('[data-testid=sources-rate-span]')?.textContent).toMatch(/^bytes\/s today so far/);
    expect(host.querySelector('.src-now')?.textContent).toBe(' · 0 B/s now');
  });

  it('an estimated count reads ≈, a counted one as it is; a source not sampled says why', () => {
    render(createElement(SourceDetail, { source: source() }));
    expect(host.querySelector('[data-testid=sources-lines]')?.textContent).toBe('≈75,200 lines');
    render(createElement(SourceDetail, { source: source({ linesEstimated: false }) }));
    expect(host.querySelector('[data-testid=sources-lines]')?.textContent).toBe('75,234 lines');
    render(createElement(SourceDetail, { source: source({ lines: 0, notSampledReason: 'no-source-index' }) }));
    expect(host.querySelector('[data-testid=sources-not-sampled]')?.textContent).toMatch(/no index/);
    expect(host.querySelector('[data-testid=sources-lines]')?.textContent).toBe('lines not read');
  });
});
