// @vitest-environment happy-dom
// The node view's Changes tab (issue 19): the diff of the treemap root's finished scan against the scan before
// (or one picked from the stored scans, by its time), largest change first with the rest summed; the reason
// when there is no earlier scan; a reply to an older request never overwrites a newer one.
import { act, createElement } from 'react';
import type { Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanDiff, StoredScan } from '../../../src/shared/historyModels';
import { ChangesView } from '../../../src/renderer/src/components/changes/ChangesView';
import { scanTimeLabel } from '../../../src/renderer/src/components/changes/changesText';
import { useChangesStore } from '../../../src/renderer/src/state/changesStore';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { useScanStore } from '../../../src/renderer/src/state/scanStore';
import { flush, installFakeApi, ok } from './fakeApi';
import { progress } from './scanReplies';
import { mountHost, unmountHost } from './reactHost';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const api = installFakeApi();

const NOW = Date.now();
const HOUR = 3_600_000;
const stored = (id: number, scannedAt: number, allocatedBytes: number): StoredScan => ({ id, scannedAt, allocatedBytes, apparentBytes: allocatedBytes, files: 3, entries: 10, cutEntries: 0, partial: false, source: null });
const SCANS = [stored(3, NOW - HOUR, 9 << 20), stored(2, NOW - 24 * HOUR, 4 << 20), stored(1, NOW - 10 * 24 * HOUR, 1 << 20)];

function diff(over: Partial<ScanDiff> = {}): ScanDiff {
  return {
    root: '/var/log',
    from: { scannedAt: SCANS[1].scannedAt, allocatedBytes: 4 << 20, partial: false },
    to: { scannedAt: SCANS[0].scannedAt, allocatedBytes: 9 << 20, partial: false },
    deltaBytes: 5 << 20,
    entries: [
      { path: 'app/2026/120', kind: 'day', change: 'grew', beforeBytes: 1 << 20, afterBytes: 7 << 20, deltaBytes: 6 << 20 },
      { path: 'app/2026/100', kind: 'day', change: 'went', beforeBytes: 1 << 20, afterBytes: 0, deltaBytes: -(1 << 20) },
    ],
    more: { count: 12, deltaBytes: 4096 },
    unknown: 0,
    reason: null,
    ...over,
  };
}

let host: HTMLDivElement;
let root: ReactRoot;
beforeEach(() => {
  api.reset();
  useNavStore.setState({ node: 'local' });
  useScanStore.setState({ root: '/var/log', jobId: 'j1', progress: progress('j1', 'done') });
  useChangesStore.setState(useChangesStore.getInitialState());
  api.answer('scan.history.list', () => ok({ scans: SCANS }));
  ({ host, root } = mountHost());
});
afterEach(() => unmountHost({ host, root }));

async function render(): Promise<void> {
  await act(async () => {
    root.render(createElement(ChangesView));
    await flush();
  });
}

describe('Changes tab', () => {
  it("diffs the root's finished scan against the one before: the total, the rows largest first, the rest summed", async () => {
    api.answer('scan.diff', () => ok(diff()));
    await render();
    expect(api.requests('scan.diff')).toEqual([{ node: 'local', root: '/var/log', jobId: 'j1' }]);
    expect(host.querySelector('[data-testid=changes]')?.getAttribute('data-state')).toBe('done');
    expect(host.querySelector('[data-testid=changes-total]')?.textContent).toContain('+5.00 MiB since yesterday');
    const rows = [...host.querySelectorAll('[data-testid=changes-table] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['grew', '+6.00 MiB', '1.00 MiB', '7.00 MiB', 'day', 'app/2026/120'],
      ['went', '−1.00 MiB', '1.00 MiB', '–', 'day', 'app/2026/100'],
    ]);
    expect(host.querySelector('[data-testid=changes-more]')?.textContent).toContain('12 more changes');
  });

  it('offers the earlier stored scans by when they were made, and compares with the one picked', async () => {
    api.answer('scan.diff', () => ok(diff()));
    await render();
    const select = host.querySelector('[data-testid=changes-from]') as HTMLSelectElement;
    const options = [...select.options].map((o) => o.textContent);
    expect(options[0]).toBe('the scan before');
    // The scan compared (the newest) is not offered against itself.
    expect(options).toHaveLength(3);
    expect(options[1]).toMatch(/^yesterday \d\d:\d\d · 4.00 MiB$/);
    expect(options[2]).toMatch(/^last week, .* · 1.00 MiB$/);
    await act(async () => {
      select.value = String(SCANS[2].scannedAt);
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await flush();
    });
    expect(api.requests('scan.diff').at(-1)).toEqual({ node: 'local', root: '/var/log', jobId: 'j1', at: SCANS[2].scannedAt });
  });

  it('says why when there is no earlier scan', async () => {
    api.answer('scan.diff', () => ok(diff({ from: null, entries: [], more: { count: 0, deltaBytes: 0 }, deltaBytes: 0, reason: 'no earlier stored scan of /var/log to compare with' })));
    await render();
    expect(host.querySelector('[data-testid=changes-none]')?.textContent).toContain('no earlier stored scan of /var/log');
    expect(host.querySelector('[data-testid=changes-table]')).toBeNull();
  });

  it('keeps the newest answer when an older one arrives last', async () => {
    await render();
    const first = useChangesStore.getState().pick(SCANS[2].scannedAt);
    await flush();
    expect(api.pending('scan.diff')).toBe(2);
    api.replyNewest('scan.diff', ok(diff({ deltaBytes: 8 << 20 })));
    await act(async () => {
      await first;
      await flush();
    });
    api.replyNewest('scan.diff', ok(diff({ deltaBytes: 1 })));
    await act(flush);
    expect(useChangesStore.getState().diff?.deltaBytes).toBe(8 << 20);
  });
});

describe('scan time labels', () => {
  it('says today, yesterday, a weekday, last week, then the date', () => {
    const now = new Date(2026, 11, 7, 10, 0).getTime();
    expect(scanTimeLabel(new Date(2026, 11, 7, 9, 5).getTime(), now)).toBe('today 09:05');
    expect(scanTimeLabel(new Date(2026, 11, 6, 21, 0).getTime(), now)).toBe('yesterday 21:00');
    expect(scanTimeLabel(new Date(2026, 11, 3, 21, 0).getTime(), now)).toBe('Thu 21:00');
    expect(scanTimeLabel(new Date(2026, 10, 28, 21, 0).getTime(), now)).toBe('last week, Nov 28 21:00');
    expect(scanTimeLabel(new Date(2026, 9, 1, 8, 0).getTime(), now)).toBe('Oct 1 08:00');
  });
});
