// @vitest-environment happy-dom
// A fleet row whose state needs the operator opens its dialog when the row is opened, not only from its
// state badge; the note shows a host key's whole fingerprint (issue 16).
import { act, createElement } from 'react';
import type { Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FleetRow, NodeInfo, NodeState } from '../../../src/shared/nodeModels';
import { FleetTable } from '../../../src/renderer/src/components/fleet/FleetTable';
import { useFleetStore } from '../../../src/renderer/src/state/fleetStore';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { useNodeDialogStore } from '../../../src/renderer/src/state/nodeDialogStore';
import { useNodeDirectoryStore } from '../../../src/renderer/src/state/nodeDirectoryStore';
import { installFakeApi } from './fakeApi';
import { mountHost, unmountHost } from './reactHost';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
installFakeApi();

const FINGERPRINT = 'SHA256:m3Xc9qFv0Qk4nW2bT8yZ1pLr6sUe5hJd7gKa0oNiBcE';

function row(name: string, state: NodeState, message: string | null = null): FleetRow {
  return { name, state, message, worstMount: null, worstFillRatio: null, heldBytes: null, largestRoot: null, lastRefreshAt: null, refreshing: false, risk: 0 };
}
function info(name: string, state: NodeState): NodeInfo {
  return { name, kind: 'ssh', address: `${name}:22`, config: null, state, message: null, hostKeyFingerprint: null, partial: false };
}

let container: HTMLDivElement;
let reactRoot: ReactRoot;
beforeEach(() => {
  // happy-dom lays nothing out: give the list a screen's size so the virtualizer renders its rows.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200);
  const rows = [row('db7', 'hostkey_unknown', `the host key of db7 (10.0.0.7:22) is not known: ${FINGERPRINT}. Check it with the node's owner, then trust it`), row('db8', 'connected'), row('db9', 'passphrase_needed')];
  useFleetStore.setState({ rows, selected: null });
  useNodeDirectoryStore.setState({ nodes: Object.fromEntries(rows.map((r) => [r.name, info(r.name, r.state)])) });
  useNodeDialogStore.setState({ dialog: { kind: 'none' } });
  useNavStore.setState({ screen: 'fleet', node: 'local' });
  ({ host: container, root: reactRoot } = mountHost());
  act(() => reactRoot.render(createElement(FleetTable)));
});

async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  });
}
afterEach(() => {
  unmountHost({ host: container, root: reactRoot });
  vi.restoreAllMocks();
});

const rowEl = (name: string) => container.querySelector<HTMLElement>(`[data-testid=fleet-row][data-node=${name}]`);

describe('opening a fleet row', () => {
  it('opens the host key dialog of a row whose key is unknown', async () => {
    await settle();
    expect(rowEl('db7')).not.toBeNull();
    act(() => rowEl('db7')!.click());
    expect(useNodeDialogStore.getState().dialog).toEqual({ kind: 'hostkey', name: 'db7' });
    expect(useNavStore.getState()).toMatchObject({ screen: 'node', node: 'db7' });
  });

  it('shows the whole fingerprint in the note, on a line of its own', async () => {
    await settle();
    expect(rowEl('db7')!.querySelector('[data-testid=fleet-fingerprint]')!.textContent).toBe(FINGERPRINT);
    expect(rowEl('db8')!.querySelector('[data-testid=fleet-fingerprint]')).toBeNull();
  });

  it('opens the passphrase dialog with Enter on a row that needs one, and only the view on a connected row', () => {
    const grid = container.querySelector<HTMLElement>('[data-testid=fleet-table]')!;
    act(() => useFleetStore.setState({ selected: 'db9' }));
    act(() => grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(useNodeDialogStore.getState().dialog).toEqual({ kind: 'passphrase', name: 'db9' });
    expect(useNavStore.getState()).toMatchObject({ screen: 'node', node: 'db9' });
    act(() => useNodeDialogStore.getState().close());
    act(() => useNavStore.setState({ screen: 'fleet' }));
    act(() => useFleetStore.setState({ selected: 'db8' }));
    act(() => grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(useNodeDialogStore.getState().dialog).toEqual({ kind: 'none' });
    expect(useNavStore.getState()).toMatchObject({ screen: 'node', node: 'db8' });
  });
});
