// @vitest-environment happy-dom
// The reap drawer and data stores (issue 15): a store's kept files are greyed under one banner per store that
// names it and its own safe action (the plan's guidance), with the operator's command to copy (the clipboard,
// or a selection of the command when the clipboard refuses); the ordinary reasons stay in their own list. A
// plan that takes a stopped store's units cannot be reaped until its confirmation is typed back exactly, and
// then reap.execute carries that text.
import { act, createElement } from 'react';
import type { Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoreGuidance } from '../../../src/shared/dataStoreModels';
import type { ReapPlan, ReapResult, ReapSkip } from '../../../src/shared/reapModels';
import { ReapDialog } from '../../../src/renderer/src/components/ReapDialog';
import { copyText } from '../../../src/renderer/src/components/dataStores/copyText';
import { reapConfirmReady, splitStoreSkips, unitStoreGuidance } from '../../../src/renderer/src/components/dataStores/reapStoreGroups';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { useReapStore } from '../../../src/renderer/src/state/reapStore';
import { useScanStore } from '../../../src/renderer/src/state/scanStore';
import { flush, installFakeApi, ok } from './fakeApi';
import { mountHost, unmountHost } from './reactHost';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const api = installFakeApi();

const ROOT = '/var/log';
const BINLOGS: StoreGuidance = {
  kind: 'mysql-binlog',
  path: '/var/log/mysql/mysql-bin.index',
  summary: 'MariaDB binary logs: replicas and point-in-time recovery read them; the server removes them itself.',
  actions: [{ id: null, command: "PURGE BINARY LOGS TO 'mysql-bin.000004';", summary: 'Removes the logs before mysql-bin.000004 once every replica has read them.', runnableBy: 'operator', risk: 'data-loss', expectedFreeBytes: 196608, confirm: null }],
};
const WAL: StoreGuidance = {
  kind: 'generic-wal',
  path: '/var/log/queue/wal',
  summary: 'A write-ahead log: its writer replays it after a crash.',
  actions: [{ id: null, command: 'systemctl stop queue', summary: 'Stop its writer first.', runnableBy: 'operator', risk: 'service-impact', expectedFreeBytes: null, confirm: null }],
};

function skip(path: string, code: ReapSkip['code'], store?: string): ReapSkip {
  return { path, code, reason: `kept: ${code}`, pid: code === 'store-active' ? 812 : null, comm: code === 'store-active' ? 'queued' : null, ...(store ? { store } : {}) };
}

function plan(overrides: Partial<ReapPlan> = {}): ReapPlan {
  return {
    planId: 'p1',
    node: 'local',
    root: ROOT,
    physicalRoot: ROOT,
    createdAt: 1,
    policy: { maxBytes: 1, maxAgeDays: null, keepNewest: 2 },
    manual: null,
    entries: [{ path: 'app.log.2.gz', kind: 'rotated', newestMtime: 1, allocatedBytes: 8192, expectedFreeBytes: 8192, because: 'cap', files: [], moreFiles: 0 }],
    skipped: [
      skip('mysql/mysql-bin.000001', 'store-managed', BINLOGS.path),
      skip('app.log.1', 'open-for-writing'),
      skip('mysql/mysql-bin.000002', 'store-managed', BINLOGS.path),
      skip('pg/000000010000000000000001', 'store-managed'),
      skip('queue/wal/00000012', 'store-active', WAL.path),
      skip('mysql/mysql-bin.index', 'store-managed', BINLOGS.path),
    ],
    expectedFreeBytes: 8192,
    rootAllocatedBytes: 1 << 20,
    partitions: 9,
    filesystem: null,
    warnings: [],
    guidance: [BINLOGS, WAL],
    ...overrides,
  };
}

const STOPPED_WAL = '/var/log/steme/data/wal';
function unitsPlan(): ReapPlan {
  const p = plan({ skipped: [skip('app.log.1', 'open-for-writing')], guidance: [{ ...WAL, path: STOPPED_WAL }] });
  p.entries = [{ ...p.entries[0], path: 'steme/data/wal/00000001', kind: 'segment', store: STOPPED_WAL }];
  p.confirm = { text: STOPPED_WAL, prompt: `Stop the WAL's writer first (its own stop step), then type ${STOPPED_WAL}.` };
  return p;
}

function result(): ReapResult {
  return { planId: 'p1', removed: [], removedPartitions: [], skipped: [], freedBytes: 8192, expectedFreeBytes: 8192, filesystems: [], audited: true, auditError: null, warnings: [] };
}

let host: HTMLDivElement;
let root: ReactRoot;
beforeEach(() => {
  api.reset();
  useNavStore.setState({ node: 'local' });
  useScanStore.setState({ ...useScanStore.getInitialState(), root: null });
  ({ host, root } = mountHost());
});
afterEach(() => {
  unmountHost({ host, root });
  useReapStore.setState({ root: null, flow: { stage: 'closed' }, confirmText: '' });
});

function show(p: ReapPlan): void {
  act(() => useReapStore.setState({ root: ROOT, picked: [], flow: { stage: 'plan', plan: p }, confirmText: '' }));
  act(() => root.render(createElement(ReapDialog)));
}

const $ = (sel: string) => host.querySelector<HTMLElement>(sel);
const $$ = (sel: string) => [...host.querySelectorAll<HTMLElement>(sel)];

describe('grouping a plan\'s skips by data store', () => {
  it('puts each store\'s skips under its guidance, in plan order, name-only refusals last, the ordinary ones apart', () => {
    const split = splitStoreSkips(plan().skipped, plan().guidance);
    expect(split.stores.map((g) => [g.store, g.guidance?.kind ?? null, g.skips.map((s) => s.path), g.active])).toEqual([
      [BINLOGS.path, 'mysql-binlog', ['mysql/mysql-bin.000001', 'mysql/mysql-bin.000002', 'mysql/mysql-bin.index'], false],
      [WAL.path, 'generic-wal', ['queue/wal/00000012'], true],
      [null, null, ['pg/000000010000000000000001'], false],
    ]);
    expect(split.others.map((s) => s.code)).toEqual(['open-for-writing']);
  });

  it('shows a skip whose store has no guidance in the plan with the name-only refusals, not lost', () => {
    const split = splitStoreSkips([skip('x/binlog.000001', 'store-managed', '/elsewhere')], []);
    expect(split.stores).toHaveLength(1);
    expect(split.stores[0]).toMatchObject({ store: null, guidance: null });
  });

  it('finds the guidance of a stopped store whose units are planned', () => {
    expect(unitStoreGuidance(unitsPlan()).map((g) => g.path)).toEqual([STOPPED_WAL]);
    expect(unitStoreGuidance(plan())).toEqual([]);
  });
});

describe('the drawer\'s store banners', () => {
  it('greys the store\'s files under a banner naming the store and its safe action, and keeps the ordinary skips apart', () => {
    show(plan());
    const banners = $$('[data-testid=reap-store-banner]');
    expect(banners.map((b) => b.dataset.kind)).toEqual(['mysql-binlog', 'generic-wal', '']);
    const binlogs = banners[0];
    expect(binlogs.textContent).toContain('MySQL/MariaDB binary logs');
    expect(binlogs.textContent).toContain(BINLOGS.path);
    expect(binlogs.textContent).toContain(BINLOGS.summary);
    expect(binlogs.querySelector('[data-testid=store-command-text]')?.textContent).toBe("PURGE BINARY LOGS TO 'mysql-bin.000004';");
    expect([...binlogs.querySelectorAll<HTMLElement>('.ds-kept-row')].map((r) => [r.dataset.path, r.getAttribute('aria-disabled')])).toEqual([
      ['mysql/mysql-bin.000001', 'true'],
      ['mysql/mysql-bin.000002', 'true'],
      ['mysql/mysql-bin.index', 'true'],
    ]);
    const docs = binlogs.querySelector<HTMLElement>('[data-testid=store-docs]');
    // Under test window.api is set, as in the desktop window: the docs' address is offered to copy.
    expect(docs?.querySelector('[data-testid=store-docs-url-text]')?.textContent).toBe('https://mariadb.com/kb/en/purge-binary-logs/');
    expect(banners[1].textContent).toContain('while a process holds it');
    expect(banners[1].textContent).toContain('held by pid 812 (queued)');
    expect(banners[2].textContent).toContain('Named like a data store’s own files');
    const ordinary = $('[data-testid=reap-skipped]')!;
    expect([...ordinary.querySelectorAll<HTMLElement>('li')].map((l) => l.dataset.code)).toEqual(['open-for-writing']);
  });

  it('puts a store held again at execution under its banner in the result too', () => {
    const p = unitsPlan();
    const r = { ...result(), skipped: [skip('steme/data/wal/00000001', 'store-active', STOPPED_WAL), skip('app.log.1', 'changed-since-plan')] };
    act(() => useReapStore.setState({ root: ROOT, picked: [], flow: { stage: 'done', plan: p, result: r }, confirmText: '' }));
    act(() => root.render(createElement(ReapDialog)));
    const banners = $$('[data-testid=reap-store-banner]');
    expect(banners.map((b) => [b.dataset.store, b.textContent?.includes('while a process holds it')])).toEqual([[STOPPED_WAL, true]]);
    expect([...$('[data-testid=reap-result-skipped]')!.querySelectorAll<HTMLElement>('li')].map((l) => l.dataset.code)).toEqual(['changed-since-plan']);
  });

  it('shows no banner section for a plan without store skips', () => {
    show(plan({ skipped: [skip('app.log.1', 'open-for-writing')], guidance: [] }));
    expect($('[data-testid=reap-stores]')).toBeNull();
    expect($('[data-testid=reap-store-confirm]')).toBeNull();
    expect(($('[data-testid=reap-confirm]') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('copying an operator command', () => {
  it('writes the command to the clipboard when it is allowed', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    await expect(copyText('PURGE BINARY LOGS TO \'x\';', null, { writeText })).resolves.toBe('copied');
    expect(writeText).toHaveBeenCalledWith("PURGE BINARY LOGS TO 'x';");
  });

  it('selects the command\'s text for Ctrl+C when the clipboard refuses, and says so', async () => {
    show(plan());
    const clipboard = { writeText: vi.fn(() => Promise.reject(new Error('NotAllowedError'))) };
    vi.stubGlobal('navigator', { ...navigator, clipboard });
    try {
      await act(async () => {
        $('[data-testid=reap-store-banner] [data-testid=store-command-copy]')!.click();
        await flush();
      });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(clipboard.writeText).toHaveBeenCalledTimes(1);
    expect(document.getSelection()?.toString()).toBe("PURGE BINARY LOGS TO 'mysql-bin.000004';");
    expect($('[data-testid=reap-store-banner] [data-testid=store-command-copied]')?.textContent).toBe('Selected: press Ctrl+C');
  });
});

describe('a plan that takes a stopped store\'s units', () => {
  it('needs its confirmation typed back exactly', () => {
    const p = unitsPlan();
    expect(reapConfirmReady(p, '')).toBe(false);
    expect(reapConfirmReady(p, `${STOPPED_WAL} `)).toBe(false);
    expect(reapConfirmReady(p, STOPPED_WAL.toUpperCase())).toBe(false);
    expect(reapConfirmReady(p, STOPPED_WAL)).toBe(true);
    expect(reapConfirmReady(plan(), '')).toBe(true);
  });

  it('keeps Reap disabled until the text is typed, then sends it with reap.execute', async () => {
    api.answer('reap.execute', () => ok(result()));
    api.answer('node.filesystems', () => ok({ filesystems: [], rootMounts: [], partial: false, errors: [] }));
    api.answer('held.scan', () => ok({ holders: [], filesystems: [], totalHeldBytes: 0, memory: [], memoryBytes: 0, moreMemory: 0, partial: false, errors: [], scannedAt: 1 }));
    show(unitsPlan());
    const reap = () => $('[data-testid=reap-confirm]') as HTMLButtonElement;
    expect($('[data-testid=reap-store-confirm]')?.textContent).toContain("Stop the WAL's writer first");
    expect($('[data-testid=reap-store-units]')?.dataset.store).toBe(STOPPED_WAL);
    expect(reap().disabled).toBe(true);
    // Pressing it anyway (a stale click, a script) sends nothing.
    await act(async () => {
      await useReapStore.getState().confirm();
    });
    expect(api.requests('reap.execute')).toEqual([]);

    const input = $('[data-testid=reap-store-confirm-input]') as HTMLInputElement;
    const type = (text: string) =>
      act(() => {
        // React tracks the value it set: go through the native setter so the change is seen.
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, text);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    type(STOPPED_WAL.slice(0, -1));
    expect(reap().disabled).toBe(true);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    type(STOPPED_WAL);
    expect(reap().disabled).toBe(false);
    await act(async () => {
      reap().click();
      await flush();
    });
    expect(api.requests('reap.execute')).toEqual([{ planId: 'p1', confirm: STOPPED_WAL }]);
  });

  it('forgets what was typed when a new plan is made', async () => {
    api.answer('reap.plan', () => ok(unitsPlan()));
    useReapStore.setState({ root: ROOT, picked: [], flow: { stage: 'plan', plan: unitsPlan() }, confirmText: STOPPED_WAL });
    await useReapStore.getState().replan();
    expect(useReapStore.getState().confirmText).toBe('');
  });

  it('sends no confirm for a plan that asks for none', async () => {
    api.answer('reap.execute', () => ok(result()));
    api.answer('node.filesystems', () => ok({ filesystems: [], rootMounts: [], partial: false, errors: [] }));
    api.answer('held.scan', () => ok({ holders: [], filesystems: [], totalHeldBytes: 0, memory: [], memoryBytes: 0, moreMemory: 0, partial: false, errors: [], scannedAt: 1 }));
    useReapStore.setState({ root: ROOT, picked: [], flow: { stage: 'plan', plan: plan() }, confirmText: 'anything' });
    await useReapStore.getState().confirm();
    expect(api.requests('reap.execute')).toEqual([{ planId: 'p1' }]);
  });
});

describe('a reap that failed part way', () => {
  it('says so in an alert with the backend\'s words, warns that some files may be gone, and keeps the plan in view', () => {
    act(() => useReapStore.setState({ root: ROOT, picked: [], flow: { stage: 'reap-error', plan: plan(), message: 'plan expired: make a new one' }, confirmText: '' }));
    act(() => root.render(createElement(ReapDialog)));
    const alert = $('[data-testid=reap-error]')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.querySelector('strong')?.textContent).toBe('Reap failed:');
    expect(alert.querySelector('.mono')?.textContent).toBe('plan expired: make a new one');
    expect(alert.textContent).toContain('Some files may have been removed before the failure');
    expect(host.textContent).toContain('app.log.2.gz');
  });
});
