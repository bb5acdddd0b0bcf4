// @vitest-environment happy-dom
// Export… and Open ncdu export… in Electron's window (issue 19): the Changes tab offers them as buttons that
// ask window.api.ncdu (the main process's dialogs), never a download link or a file input; an opened export
// shows as the browser's upload does (treemap and Changes), and the export's progress and result are said.
import { act, createElement } from 'react';
import type { Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NcduTransferApi } from '../../../src/shared/api';
import { ChangesView } from '../../../src/renderer/src/components/changes/ChangesView';
import { useChangesStore } from '../../../src/renderer/src/state/changesStore';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { useScanStore } from '../../../src/renderer/src/state/scanStore';
import { flush, installFakeApi, ok } from './fakeApi';
import { progress, summary, treeReply } from './scanReplies';
import { dir } from './wireTreeFixtures';
import { mountHost, unmountHost } from './reactHost';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const api = installFakeApi();
const ncdu = { exportRoot: vi.fn(), openExport: vi.fn() } satisfies Record<keyof NcduTransferApi, unknown>;
(api as unknown as { ncdu: NcduTransferApi }).ncdu = ncdu as unknown as NcduTransferApi;

let host: HTMLDivElement;
let root: ReactRoot;
beforeEach(() => {
  api.reset();
  ncdu.exportRoot.mockReset();
  ncdu.openExport.mockReset();
  useNavStore.setState({ screen: 'node', node: 'local' });
  useScanStore.setState({ root: '/var/log', jobId: 'j1', imported: null, progress: progress('j1', 'done') });
  useChangesStore.setState(useChangesStore.getInitialState());
  api.answer('scan.history.list', () => ok({ scans: [] }));
  api.answer('scan.diff', () => ok({ root: '/var/log', from: null, to: null, deltaBytes: 0, entries: [], more: { count: 0, deltaBytes: 0 }, unknown: 0, reason: 'no earlier scan' }) as never);
  api.answer('scan.progress', ({ jobId }) => ok(progress(jobId, 'done')));
  api.answer('scan.tree', ({ jobId }) => treeReply(dir('', []), jobId));
  api.answer('scan.summary', () => ok(summary('/var/log')));
  ({ host, root } = mountHost());
});
afterEach(() => unmountHost({ host, root }));

async function render(): Promise<void> {
  await act(async () => {
    root.render(createElement(ChangesView));
    await flush();
  });
}
const click = async (testId: string) =>
  act(async () => {
    host.querySelector<HTMLElement>(`[data-testid=${testId}]`)!.click();
    await flush();
  });

describe('ncdu exports in Electron', () => {
  it('Export… is a button that asks main for (node, root), says the bytes written and where it was saved', async () => {
    let report!: (bytes: number) => void;
    let finish!: () => void;
    ncdu.exportRoot.mockImplementation((_node: string, _root: string, onProgress: (bytes: number) => void) => {
      report = onProgress;
      return new Promise((done) => (finish = () => done({ ok: true, result: { path: '/home/op/log.ncdu.json', bytes: 3 << 20, partial: false } })));
    });
    await render();
    const button = host.querySelector('[data-testid=export-ncdu]')!;
    expect(button.tagName).toBe('BUTTON');
    await click('export-ncdu');
    expect(ncdu.exportRoot.mock.calls[0].slice(0, 2)).toEqual(['local', '/var/log']);
    await act(async () => report(1 << 20));
    expect(host.querySelector('[data-testid=export-ncdu-status]')?.textContent).toBe('Writing… 1.00 MiB');
    expect(host.querySelector<HTMLButtonElement>('[data-testid=export-ncdu]')!.disabled).toBe(true);
    await act(async () => {
      finish();
      await flush();
    });
    expect(host.querySelector('[data-testid=export-ncdu-status]')?.textContent).toBe('Saved 3.00 MiB to /home/op/log.ncdu.json');
  });

  it('Open ncdu export… asks main to open one and shows it in the treemap with actions off; a cancel changes nothing', async () => {
    ncdu.openExport.mockResolvedValueOnce({ ok: true, result: null });
    await render();
    await click('open-ncdu');
    expect(useChangesStore.getState().imported).toBeNull();
    expect(useChangesStore.getState().upload).toBeNull();
    ncdu.openExport.mockResolvedValueOnce({ ok: true, result: { file: 'web-7.json', jobId: 'imp-1', label: 'import:web-7.json', root: '/var/log', storedScanId: 4 } });
    await click('open-ncdu');
    expect(useScanStore.getState()).toMatchObject({ jobId: 'imp-1', imported: { label: 'import:web-7.json', file: 'web-7.json' } });
    expect(useChangesStore.getState().imported).toMatchObject({ jobId: 'imp-1', file: 'web-7.json' });
    expect(host.querySelector('[data-testid=import-banner]')?.textContent).toContain('web-7.json');
  });

  it("says main's refusal of the file", async () => {
    ncdu.openExport.mockResolvedValueOnce({ ok: false, code: 'bad_request', message: 'not an ncdu export' });
    await render();
    await click('open-ncdu');
    expect(host.querySelector('[data-testid=import-error]')?.textContent).toContain('not an ncdu export');
  });
});
