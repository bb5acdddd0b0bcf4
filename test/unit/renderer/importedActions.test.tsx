// @vitest-environment happy-dom
// An imported ncdu export on the node view (issue 19): its job's tree and partitions take the root's place,
// and every action that would touch this node (Reap…, Sources of…, Reclaim, Rescan, the live watch) is off
// with the reason as its tooltip, since the export's /var/log is another host's. A live scan keeps them on.
import { act, createElement, Fragment } from 'react';
import type { Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScanSummary } from '../../../src/shared/models';
import { IMPORT_ACTIONS_DISABLED } from '../../../src/shared/nodeNames';
import { rescanCurrentView } from '../../../src/renderer/src/appCommands';
import { ImportedBanner } from '../../../src/renderer/src/components/ImportedBanner';
import { LiveWatch } from '../../../src/renderer/src/components/LiveWatch';
import { HeldView } from '../../../src/renderer/src/components/HeldView';
import { useHeldStore } from '../../../src/renderer/src/state/heldStore';
import { ReapSelectionButton } from '../../../src/renderer/src/components/ReapSelectionButton';
import { RootList } from '../../../src/renderer/src/components/RootList';
import { ScanProgress } from '../../../src/renderer/src/components/ScanProgress';
import { SourcesButton } from '../../../src/renderer/src/components/sources/SourcesButton';
import { useChangesStore } from '../../../src/renderer/src/state/changesStore';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { useNodeStore } from '../../../src/renderer/src/state/nodeStore';
import { useScanStore } from '../../../src/renderer/src/state/scanStore';
import { useViewStore } from '../../../src/renderer/src/state/viewStore';
import { flush, installFakeApi, ok } from './fakeApi';
import { progress, summary, treeReply } from './scanReplies';
import { dir, file } from './wireTreeFixtures';
import { mountHost, unmountHost } from './reactHost';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const api = installFakeApi();

const PARTITION = 'app/2026/120';
function importedSummary(): ScanSummary {
  return {
    ...summary('/var/log'),
    partitions: [{ id: 1, path: PARTITION, kind: 'day', allocatedBytes: 500, apparentBytes: 500, files: 3, newestMtime: 300, oldestMtime: 100 }],
    imported: { label: 'import:web-7.json', file: 'web-7.json', exportedAt: null, actionsDisabled: IMPORT_ACTIONS_DISABLED },
  };
}

let host: HTMLDivElement;
let root: ReactRoot;
beforeEach(() => {
  api.reset();
  useNavStore.setState({ screen: 'node', node: 'local' });
  useNodeStore.setState({ roots: [{ path: '/var/log', addedAt: 0, isDefault: true }], selectedRoot: '/var/log' });
  useScanStore.getState().reset();
  useChangesStore.setState(useChangesStore.getInitialState());
  useViewStore.setState({ selectedKey: null });
  api.answer('scan.progress', ({ jobId }) => ok({ ...progress(jobId, 'done'), elapsedMs: 0 }));
  api.answer('scan.tree', ({ jobId }) => treeReply(dir('', [file(PARTITION, 500)]), jobId));
  api.answer('scan.summary', () => ok(importedSummary()));
  api.answer('scan.start', () => ok({ jobId: 'live-1' }));
  ({ host, root } = mountHost());
});
afterEach(() => unmountHost({ host, root }));

async function renderActions(): Promise<void> {
  await act(async () => {
    root.render(createElement(Fragment, null, createElement(ImportedBanner), createElement(ScanProgress), createElement(SourcesButton), createElement(ReapSelectionButton), createElement(RootList)));
    await flush();
  });
}

const button = (testId: string) => host.querySelector<HTMLButtonElement>(`[data-testid=${testId}]`);
const rescanButton = () => [...host.querySelectorAll<HTMLButtonElement>('[data-testid=scan-status] button')].find((b) => b.textContent === 'Rescan');

async function showImport(): Promise<void> {
  await act(async () => {
    await useScanStore.getState().showImported('imp-1', '/var/log', { label: 'import:web-7.json', file: 'web-7.json' });
    useViewStore.setState({ selectedKey: PARTITION });
    await flush();
  });
}

describe('an imported export on the node view', () => {
  it("shows the import's own job (tree and partitions), not a scan of this node's root", async () => {
    await showImport();
    expect(api.requests('scan.start')).toEqual([]);
    expect(api.requests('scan.tree')).toEqual([{ jobId: 'imp-1', depth: 4 }]);
    const s = useScanStore.getState();
    expect(s.summary?.partitions.map((p) => p.path)).toEqual([PARTITION]);
    expect(s.tree?.children?.map((c) => c.path)).toEqual([PARTITION]);
  });

  it('reads a plain ncdu -o export\'s missing times (0) as unknown, never as 1970, on the tree and the grid', async () => {
    api.answer('scan.tree', ({ jobId }) => treeReply(dir('', [file(PARTITION, 500, { newestMtime: 0, oldestMtime: 0 })], { newestMtime: 0, oldestMtime: 0 }), jobId));
    api.answer('scan.summary', () => ok({ ...importedSummary(), partitions: importedSummary().partitions.map((p) => ({ ...p, newestMtime: 0, oldestMtime: 0 })) }));
    await showImport();
    const s = useScanStore.getState();
    expect([s.tree?.newestMtime, s.tree?.children?.[0].newestMtime, s.tree?.children?.[0].oldestMtime]).toEqual([null, null, null]);
    expect(s.summary?.partitions.map((p) => [p.newestMtime, p.oldestMtime])).toEqual([[null, null]]);
    // The age colours are relative to now, not to the epoch.
    expect(s.ageRefSec).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it('offers Reap…, Sources of…, the root’s Reap… and Rescan disabled, each with the reason, under the banner', async () => {
    await showImport();
    await renderActions();
    expect(host.querySelector('[data-testid=imported-banner]')?.textContent).toContain('Imported from web-7.json: not scanned live, actions off');
    for (const b of [button('reap-picked'), button('open-sources'), button('reap-root'), rescanButton()]) {
      expect(b).toBeTruthy();
      expect(b!.disabled).toBe(true);
      expect(b!.title).toBe(`Off: web-7.json is ${IMPORT_ACTIONS_DISABLED}`);
    }
    // A click that gets through anyway (a disabled button swallows it in a browser) still plans nothing.
    await act(async () => {
      for (const b of [button('reap-picked'), button('open-sources'), button('reap-root')]) b!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      await flush();
    });
    expect(api.calls.map((c) => c.method).filter((m) => m.startsWith('reap.') || m.startsWith('sources.'))).toEqual([]);
  });

  it("stops the live watch of this node's root while an import is on screen, and watches it again after", async () => {
    api.answer('watch.start', () => ok({ watchId: 'w1' }) as never);
    api.answer('watch.stop', () => ok({}) as never);
    api.answer('alerts.active', () => ok({ alerts: [] }) as never);
    await act(async () => {
      root.render(createElement(LiveWatch));
      await flush();
    });
    expect(api.requests('watch.start')).toEqual([{ node: 'local', root: '/var/log', intervalMs: expect.any(Number) }]);
    await showImport();
    expect(api.requests('watch.stop')).toEqual([{ watchId: 'w1' }]);
    await act(async () => {
      await useScanStore.getState().start('/var/log');
      await flush();
    });
    expect(api.requests('watch.start')).toHaveLength(2);
  });

  it('offers Reclaim… on hidden usage disabled with the reason while an import is on screen', async () => {
    const files = [{ pid: 7, fd: 3, path: '/spool/x (deleted)', sizeBytes: 1, allocatedBytes: 4096, dev: 1, ino: 1, flags: 1, pos: 0, writable: true, append: true, mapped: false, mapper: null, mount: '/', readOnly: false, duplicate: false }];
    const held = { holders: [{ pid: 7, comm: 'app', cmdline: 'app', startTime: 1, uid: 0, unit: null, heldBytes: 4096, fileCount: 1, files, moreFiles: 0 }], filesystems: [], totalHeldBytes: 4096, memory: [], memoryBytes: 0, moreMemory: 0, partial: false, errors: [], scannedAt: Date.now() / 1000 };
    useHeldStore.setState({ report: held as never, loadedAt: Date.now() } as never);
    // The list is virtualized: it draws rows only into a viewport with a size, which happy-dom does not lay out.
    const height = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    const width = vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    await showImport();
    await act(async () => {
      root.render(createElement(HeldView));
      await flush();
    });
    const reclaim = button('reclaim-process');
    expect(reclaim).toBeTruthy();
    expect(reclaim!.disabled).toBe(true);
    expect(reclaim!.title).toBe(`Off: web-7.json is ${IMPORT_ACTIONS_DISABLED}`);
    height.mockRestore();
    width.mockRestore();
  });

  it("the menu's Rescan does not scan this node's root in the import's place", async () => {
    await showImport();
    rescanCurrentView();
    await act(flush);
    expect(api.requests('scan.start')).toEqual([]);
    expect(useScanStore.getState().imported?.file).toBe('web-7.json');
  });

  it('a second export opened over the first replaces it without leaving the import in between', async () => {
    await showImport();
    useChangesStore.setState({ imported: { label: 'import:web-7.json', root: '/var/log', jobId: 'imp-2', file: 'web-7.json', summary: null } });
    const seen: (string | null)[] = [];
    const stop = useScanStore.subscribe((s) => seen.push(s.imported ? s.jobId : null));
    await act(async () => {
      await useScanStore.getState().showImported('imp-2', '/var/log', { label: 'import:web-7.json', file: 'web-7.json' });
    });
    stop();
    expect(seen).not.toContain(null);
    expect(useScanStore.getState().jobId).toBe('imp-2');
    expect(useChangesStore.getState().imported?.jobId).toBe('imp-2');
  });

  it('Back to this node with no root chosen leaves the import for an empty view, not the import under no banner', async () => {
    await showImport();
    useNodeStore.setState({ selectedRoot: null });
    useChangesStore.getState().closeImport();
    await act(flush);
    expect(useScanStore.getState()).toMatchObject({ imported: null, jobId: null, tree: null, summary: null });
    expect(api.requests('scan.start')).toEqual([]);
  });

  it('a live scan of the same root keeps every action on, and picking a root leaves the import', async () => {
    await showImport();
    useChangesStore.setState({ imported: { label: 'import:web-7.json', root: '/var/log', jobId: 'imp-1', file: 'web-7.json', summary: null } });
    await renderActions();
    await act(async () => {
      host.querySelector<HTMLButtonElement>('.root-select')!.click();
      await flush();
    });
    expect(api.requests('scan.start')).toEqual([{ node: 'local', root: '/var/log' }]);
    expect(useScanStore.getState().imported).toBeNull();
    expect(useChangesStore.getState().imported).toBeNull();
    await act(async () => {
      useViewStore.setState({ selectedKey: PARTITION });
      await flush();
    });
    expect(host.querySelector('[data-testid=imported-banner]')).toBeNull();
    for (const b of [button('reap-picked'), button('open-sources'), button('reap-root'), rescanButton()]) {
      expect(b).toBeTruthy();
      expect(b!.disabled).toBe(false);
      expect(b!.title).not.toContain('Off:');
    }
  });
});
