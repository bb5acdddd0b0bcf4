// @vitest-environment happy-dom
// The node's Data stores tab (issue 15): the stores list read once per node, largest first and bounded with
// "Show all"; a tool action runs only after its dry run and, where it asks, its typed confirmation, with
// Cancel holding the focus; after the run the filesystems and the stores list are read again. And the fleet
// row's store note: stores inside the node's roots that a reap leaves alone, from the list or a reap plan.
import { act, createElement } from 'react';
import type { Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataStore, StoreAction, StoresReport } from '../../../src/shared/dataStoreModels';
import type { StoreActResult } from '../../../src/shared/storeActionModels';
import { DataStoresView, STORES_SHOWN } from '../../../src/renderer/src/components/dataStores/DataStoresView';
import { storeRiskNote } from '../../../src/renderer/src/components/dataStores/storeRiskNote';
import { actReady, useDataStoresStore } from '../../../src/renderer/src/state/dataStoresStore';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { useNodeStore } from '../../../src/renderer/src/state/nodeStore';
import { useReapStore } from '../../../src/renderer/src/state/reapStore';
import { flush, installFakeApi, ok } from './fakeApi';
import { mountHost, unmountHost } from './reactHost';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const api = installFakeApi();

const CONTAINER = 'aaaaaaaaaaaa';
const TRUNCATE: StoreAction = { id: 'act-1', command: `truncate -s 0 /var/lib/docker/containers/${CONTAINER}/x-json.log`, summary: 'Empties the active log while dockerd appends to it.', runnableBy: 'tool', risk: 'data-loss', expectedFreeBytes: 4 << 20, confirm: CONTAINER };
const PURGE: StoreAction = { id: null, command: "PURGE BINARY LOGS TO 'mysql-bin.000004';", summary: 'Purge.', runnableBy: 'operator', risk: 'data-loss', expectedFreeBytes: 196608, confirm: null };

function store(kind: DataStore['kind'], path: string, bytes: number, over: Partial<DataStore> = {}): DataStore {
  const reapRule = ({ 'mysql-binlog': 'never', 'docker-json': 'rotated-only', coredump: 'free', 'generic-wal': 'stopped-units', postgresql: 'never' } as const)[kind as 'mysql-binlog'] ?? 'never';
  return { kind, path, bytes, files: 3, reapRule, holders: [], evidence: [{ what: 'magic \\xfebin', path }], findings: [], actions: [], configHints: [], ...over };
}

function report(stores: DataStore[]): StoresReport {
  return { node: 'local', locations: ['/var/log', '/var/lib/docker'], stores, partial: false, warnings: [] };
}

const DOCKER = store('docker-json', `/var/lib/docker/containers/${CONTAINER}`, 4 << 20, { actions: [TRUNCATE], holders: [{ pid: 42, comm: 'dockerd', how: 'write' }] });
const BINLOGS = store('mysql-binlog', '/var/log/mysql/mysql-bin.index', 256 << 10, {
  actions: [PURGE],
  findings: [{ code: 'binlog-total', text: '4 binary logs', bytes: 256 << 10 }],
  configHints: [{ file: '/etc/mysql/my.cnf', key: 'binlog_expire_logs_seconds', current: null, suggested: '604800', takesEffect: 'at the next binlog rotation' }],
});

function actResult(dryRun: boolean, over: Partial<StoreActResult> = {}): StoreActResult {
  return { actionId: 'act-1', node: 'local', kind: 'truncate-container-log', storeKind: 'docker-json', path: DOCKER.path, command: TRUNCATE.command, dryRun, refused: null, removed: [], skipped: [], freedBytes: dryRun ? 0 : 4 << 20, expectedFreeBytes: 4 << 20, filesystems: dryRun ? [] : [{ mount: '/', usedBefore: 10 << 20, usedAfter: 6 << 20 }], output: '', exitCode: 0, audited: true, auditError: null, warnings: [], ...over };
}

let host: HTMLDivElement;
let root: ReactRoot;
beforeEach(() => {
  api.reset();
  useNavStore.setState({ node: 'local' });
  useNodeStore.setState({ roots: [{ path: '/var/log', addedAt: 1, isDefault: true }] });
  useDataStoresStore.setState({ byNode: {}, plannedByNode: {}, loadingNode: null, error: null, act: { stage: 'closed' }, actTyped: '' });
  api.answer('node.filesystems', () => ok({ filesystems: [], rootMounts: [], partial: false, errors: [] }));
  ({ host, root } = mountHost());
});
afterEach(() => unmountHost({ host, root }));

const $ = (sel: string) => host.querySelector<HTMLElement>(sel);
const $$ = (sel: string) => [...host.querySelectorAll<HTMLElement>(sel)];

async function render(): Promise<void> {
  await act(async () => {
    root.render(createElement(DataStoresView));
    await flush();
  });
}

describe('the Data stores tab', () => {
  it('lists the stores once per node, largest first, with kind, path, bytes, holders, findings, hints and actions', async () => {
    api.answer('stores.list', () => ok(report([BINLOGS, DOCKER])));
    await render();
    expect(api.requests('stores.list')).toEqual([{ node: 'local' }]);
    const cards = $$('[data-testid=store-card]');
    expect(cards.map((c) => [c.dataset.kind, c.dataset.path])).toEqual([['docker-json', DOCKER.path], ['mysql-binlog', BINLOGS.path]]);
    expect(cards[0].textContent).toContain('4.00 MiB');
    expect(cards[0].querySelector('[data-testid=store-holders]')?.textContent).toBe('held by 42 (dockerd, write)');
    expect(cards[1].querySelector('[data-testid=store-findings]')?.textContent).toContain('4 binary logs');
    expect(cards[1].querySelector('[data-testid=store-hints]')?.textContent).toContain('binlog_expire_logs_seconds');
    // An operator's action is a command to copy; a tool action a button.
    expect(cards[1].querySelector('[data-testid=store-command-text]')?.textContent).toBe(PURGE.command);
    expect(cards[1].querySelector('[data-testid=store-act]')).toBeNull();
    expect(cards[0].querySelector('[data-testid=store-act]')?.textContent).toBe('Run…');
    // Opened again, the tab does not run the probe again.
    act(() => root.render(createElement('div')));
    await render();
    expect(api.requests('stores.list')).toHaveLength(1);
  });

  it(`shows the ${STORES_SHOWN} largest, then all on "Show all"`, async () => {
    const many = Array.from({ length: STORES_SHOWN + 3 }, (_, i) => store('coredump', `/var/lib/systemd/coredump/${i}`, (i + 1) * 1000));
    api.answer('stores.list', () => ok(report(many)));
    await render();
    expect($$('[data-testid=store-card]')).toHaveLength(STORES_SHOWN);
    expect($$('[data-testid=store-card]')[0].dataset.path).toBe(`/var/lib/systemd/coredump/${STORES_SHOWN + 2}`);
    const showAll = $('[data-testid=data-stores-show-all]')!;
    expect(showAll.textContent).toBe(`Show all ${STORES_SHOWN + 3} stores`);
    act(() => showAll.click());
    expect($$('[data-testid=store-card]')).toHaveLength(STORES_SHOWN + 3);
  });
});

describe('a tool action from the window', () => {
  it('dry-runs first with Cancel focused, runs only with the typed name, then reads the filesystems and the list again', async () => {
    api.answer('stores.list', () => ok(report([DOCKER])));
    await render();
    await act(async () => {
      $('[data-testid=store-act]')!.click();
      await flush();
    });
    expect(api.requests('stores.act')).toEqual([{ actionId: 'act-1', dryRun: true, confirm: null }]);
    await act(async () => {
      api.reply('stores.act', ok(actResult(true)));
      await flush();
    });
    const dialog = $('[data-testid=store-act-dialog]')!;
    expect(dialog.dataset.stage).toBe('checked');
    expect(document.activeElement?.textContent).toBe('Cancel');
    const run = () => $('[data-testid=store-act-run]') as HTMLButtonElement;
    expect(run().textContent).toBe('Confirm: truncate 1 container log (4.00 MiB)');
    expect(run().disabled).toBe(true);
    // Confirm pressed anyway: nothing is sent.
    await act(async () => {
      await useDataStoresStore.getState().confirmAct();
    });
    expect(api.requests('stores.act')).toHaveLength(1);
    act(() => useDataStoresStore.getState().setActTyped(CONTAINER));
    expect(run().disabled).toBe(false);
    await act(async () => {
      run().click();
      await flush();
    });
    expect(api.requests('stores.act')[1]).toEqual({ actionId: 'act-1', dryRun: false, confirm: CONTAINER });
    const listsBefore = api.requests('stores.list').length;
    await act(async () => {
      api.reply('stores.act', ok(actResult(false)));
      await flush();
    });
    expect($('[data-testid=store-act-freed]')?.dataset.bytes).toBe(String(4 << 20));
    expect(api.requests('node.filesystems').length).toBeGreaterThan(0);
    expect(api.requests('stores.list').length).toBe(listsBefore + 1);
  });

  it('cannot run an action its dry run refused', () => {
    const flow = { stage: 'checked' as const, store: DOCKER, action: { ...TRUNCATE, confirm: null }, dry: actResult(true, { refused: { code: 'not-append' as const, reason: 'pid 42 writes without O_APPEND', pid: 42, comm: 'dockerd' } }) };
    expect(actReady(flow, '')).toBe(false);
    expect(actReady({ ...flow, dry: actResult(true) }, '')).toBe(true);
  });
});

describe('the fleet row\'s store note', () => {
  const listed = (stores: DataStore[], roots = ['/var/log']) => ({ report: report(stores), roots, at: 1 });

  it('names the largest store inside the roots that a reap leaves alone, by its directory', () => {
    const note = storeRiskNote(listed([BINLOGS, store('postgresql', '/var/lib/postgresql/15/main', 1 << 30), store('coredump', '/var/log/core', 1 << 30)]), undefined);
    expect(note).toEqual({ text: 'binlogs in /var/log/mysql', lead: 'binlogs in', path: '/var/log/mysql', tail: '', detail: "Not freed by a reap (the store's own command frees it):\nbinlogs in /var/log/mysql", count: 1 });
  });

  it('counts the others, and adds stores a reap plan kept files of', () => {
    const note = storeRiskNote(listed([BINLOGS, store('generic-wal', '/var/log/queue/wal', 1 << 20)]), [
      { kind: 'kafka', path: '/var/log/kafka-logs' },
      { kind: 'mysql-binlog', path: BINLOGS.path },
      // A container's active log kept by a plan: its rotated files are still reaped, so no note.
      { kind: 'docker-json', path: '/var/log/docker/containers/abc' },
    ]);
    expect(note?.text).toBe('WAL in /var/log/queue/wal +2 more');
    expect(note?.count).toBe(3);
  });

  it('says nothing for a node whose stores are unknown, or have none in its roots', () => {
    expect(storeRiskNote(undefined, undefined)).toBeNull();
    expect(storeRiskNote(listed([BINLOGS], ['/srv/logs']), [])).toBeNull();
    // A root's name that merely starts the same is not the root.
    expect(storeRiskNote(listed([store('mysql-binlog', '/var/logs2/mysql/b.index', 1)]), [])).toBeNull();
  });

  it('learns of a store from a reap plan on screen without listing the stores', () => {
    useReapStore.setState({
      flow: {
        stage: 'plan',
        plan: {
          planId: 'p', node: 'db7', root: '/var/log', physicalRoot: '/var/log', createdAt: 1, policy: { maxBytes: null, maxAgeDays: null, keepNewest: 2 }, manual: null, entries: [],
          skipped: [{ path: 'mysql/mysql-bin.000001', code: 'store-managed', reason: 'x', pid: null, comm: null, store: BINLOGS.path }],
          expectedFreeBytes: 0, rootAllocatedBytes: 0, partitions: 1, filesystem: null, warnings: [],
          guidance: [{ kind: 'mysql-binlog', path: BINLOGS.path, summary: 's', actions: [] }, { kind: 'kafka', path: '/var/log/unrelated', summary: 's', actions: [] }],
        },
      },
    });
    expect(useDataStoresStore.getState().plannedByNode.db7).toEqual([{ kind: 'mysql-binlog', path: BINLOGS.path }]);
    useReapStore.setState({ flow: { stage: 'closed' } });
  });
});
