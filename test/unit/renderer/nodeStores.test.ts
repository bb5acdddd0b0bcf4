// The stores about nodes: which one is on screen (nav), its filesystems and roots (node), every saved node
// and its state (node directory), the one node dialog open, and the fleet table.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Filesystem, Root } from '../../../src/shared/models';
import type { FleetRow, NodeInfo } from '../../../src/shared/nodeModels';
import { useFleetStore } from '../../../src/renderer/src/state/fleetStore';
import { currentNode, nodeLabel, useNavStore } from '../../../src/renderer/src/state/navStore';
import { useNodeDialogStore } from '../../../src/renderer/src/state/nodeDialogStore';
import { isUsable, useNodeDirectoryStore } from '../../../src/renderer/src/state/nodeDirectoryStore';
import { DEFAULT_ROOT, initialRoot, useNodeStore } from '../../../src/renderer/src/state/nodeStore';
import { fail, flush, installFakeApi, ok } from './fakeApi';

const api = installFakeApi();

function info(name: string, state: NodeInfo['state'] = 'idle'): NodeInfo {
  return { name, kind: name === 'local' ? 'local' : 'ssh', address: `${name}:22`, config: null, state, message: null, hostKeyFingerprint: null, partial: state === 'partial' };
}

function row(name: string, risk: number): FleetRow {
  return { name, state: 'connected', message: null, worstMount: '/', worstFillRatio: risk, heldBytes: 0, largestRoot: null, lastRefreshAt: 1, refreshing: false, risk };
}

function root(path: string): Root {
  return { path, addedAt: 1, isDefault: path === DEFAULT_ROOT };
}

function fs(mount: string): Filesystem {
  return { mount, source: '/dev/sda1', fstype: 'ext4', sizeBytes: 100, usedBytes: 50, availBytes: 50, inodesTotal: 10, inodesUsed: 1, inodesAvail: 9, fillRatio: 0.5, level: 'ok' };
}

beforeEach(() => {
  api.reset();
  useNavStore.setState({ screen: 'starting', node: 'local' });
});

describe('nav store', () => {
  it('names this machine in words and other nodes by their saved name', () => {
    expect(nodeLabel('local')).toBe('this machine');
    expect(nodeLabel('db7')).toBe('db7');
  });

  it('opening a node makes it the node every node-view call goes to; the fleet keeps it', () => {
    useNavStore.getState().openNode('db7');
    expect(useNavStore.getState().screen).toBe('node');
    expect(currentNode()).toBe('db7');
    useNavStore.getState().showFleet();
    expect(useNavStore.getState().screen).toBe('fleet');
    expect(currentNode()).toBe('db7');
  });
});

describe('node store', () => {
  beforeEach(() => {
    useNodeStore.getState().reset();
    useNodeStore.setState({ info: null });
    api.answer('app.info', () => ok({ version: '0.1.0', frontDoor: 'websocket', dataDir: '/tmp/d', hostname: 'h', storeNotice: null }));
    api.answer('node.filesystems', () => ok({ filesystems: [fs('/')], rootMounts: [], partial: true, errors: ['cannot read /proc/mounts', 'second'] }));
  });

  it('starts on the first root that is not the default /var/log, else /var/log, else the first', () => {
    expect(initialRoot([root(DEFAULT_ROOT), root('/srv/spool'), root('/data')])).toBe('/srv/spool');
    expect(initialRoot([root(DEFAULT_ROOT)])).toBe(DEFAULT_ROOT);
    expect(initialRoot([])).toBeNull();
  });

  it('loads identity, filesystems and roots of the node on screen, and answers the root to scan first', async () => {
    useNavStore.setState({ node: 'db7' });
    api.answer('roots.list', () => ok({ roots: [root(DEFAULT_ROOT), root('/srv/spool')] }));
    expect(await useNodeStore.getState().load()).toBe('/srv/spool');
    expect(api.requests('roots.list')).toEqual([{ node: 'db7' }]);
    expect(api.requests('node.filesystems')).toEqual([{ node: 'db7' }]);
    expect(useNodeStore.getState()).toMatchObject({ loading: false, info: { version: '0.1.0' }, filesystems: [fs('/')], filesystemsPartial: true, filesystemsError: 'cannot read /proc/mounts' });
  });

  it('a node switch (reset) puts every figure back as the store starts, and keeps the app identity', async () => {
    useNavStore.setState({ node: 'db7' });
    api.answer('roots.list', () => ok({ roots: [root('/srv/spool')] }));
    await useNodeStore.getState().load();
    useNodeStore.getState().selectRoot('/srv/spool');
    useNodeStore.getState().reset();
    const data = (st: object) => Object.fromEntries(Object.entries(st).filter(([k, v]) => k !== 'info' && typeof v !== 'function'));
    expect(data(useNodeStore.getState())).toEqual(data(useNodeStore.getInitialState()));
    expect(useNodeStore.getState().info).toMatchObject({ version: '0.1.0' });
  });

  it('keeps a root already selected over the first one', async () => {
    useNodeStore.getState().selectRoot('/data');
    api.answer('roots.list', () => ok({ roots: [root('/srv/spool')] }));
    expect(await useNodeStore.getState().load()).toBe('/data');
  });

  it('drops what arrives about a node the view has left', async () => {
    api.reset();
    const loading = useNodeStore.getState().load();
    await flush();
    useNavStore.setState({ node: 'db7' });
    api.reply('node.filesystems', ok({ filesystems: [fs('/')], rootMounts: [], partial: false, errors: [] }));
    api.reply('app.info', ok({ version: '0.1.0', frontDoor: 'websocket', dataDir: '/tmp/d', hostname: 'h', storeNotice: null }));
    api.reply('roots.list', ok({ roots: [root('/srv/spool')] }));
    expect(await loading).toBeNull();
    expect(useNodeStore.getState()).toMatchObject({ roots: [], filesystems: [], selectedRoot: null });
  });

  it('shows a roots error inline and keeps the list on a failed add', async () => {
    api.answer('roots.list', () => fail('state store is read-only'));
    await useNodeStore.getState().load();
    expect(useNodeStore.getState().rootsError).toBe('state store is read-only');
    api.answer('roots.add', () => fail('not a directory'));
    expect(await useNodeStore.getState().addRoot('/etc/passwd')).toBe('not a directory');
    api.answer('roots.add', () => ok({ roots: [root('/srv/-rf $(x)')] }));
    expect(await useNodeStore.getState().addRoot('/srv/-rf $(x)')).toBeNull();
    expect(useNodeStore.getState()).toMatchObject({ roots: [root('/srv/-rf $(x)')], rootsError: null });
  });

  it('forgets the selected root when it is removed, and keeps it when another one is', async () => {
    useNodeStore.getState().selectRoot('/srv/spool');
    api.answer('roots.remove', (r) => ok({ roots: [root('/var/log'), root('/srv/spool'), root('/data')].filter((x) => x.path !== r.path) }));
    await useNodeStore.getState().removeRoot('/data');
    expect(useNodeStore.getState().selectedRoot).toBe('/srv/spool');
    await useNodeStore.getState().removeRoot('/srv/spool');
    expect(useNodeStore.getState().selectedRoot).toBeNull();
    api.answer('roots.remove', () => fail('no such root', 'not_found'));
    await useNodeStore.getState().removeRoot('/nope');
    expect(useNodeStore.getState().rootsError).toBe('no such root');
  });
});

describe('node directory store', () => {
  beforeEach(() => {
    useNodeDirectoryStore.setState({ nodes: {}, order: [], loaded: false, error: null });
  });

  it('keeps the backend\'s order, updates a node in place on a state event, and adds a new one at the end', async () => {
    const off = useNodeDirectoryStore.getState().init();
    api.answer('nodes.list', () => ok({ nodes: [info('local', 'local'), info('db7'), info('db8')] }));
    await useNodeDirectoryStore.getState().load();
    api.emit('nodes.state', info('db7', 'hostkey_unknown'));
    api.emit('nodes.state', info('bastion', 'connected'));
    off();
    api.emit('nodes.state', info('db8', 'unreachable'));
    const s = useNodeDirectoryStore.getState();
    expect(s.order).toEqual(['local', 'db7', 'db8', 'bastion']);
    expect(s.nodes.db7.state).toBe('hostkey_unknown');
    expect(s.nodes.db8.state).toBe('idle');
  });

  it('answers a failed call with its message and a node call with the node\'s new state', async () => {
    api.answer('nodes.list', () => fail('state store is read-only'));
    expect(await useNodeDirectoryStore.getState().load()).toEqual([]);
    expect(useNodeDirectoryStore.getState()).toMatchObject({ loaded: true, error: 'state store is read-only' });

    api.answer('nodes.add', () => fail('a node named db7 exists'));
    expect(await useNodeDirectoryStore.getState().add({ name: 'db7', host: 'h', user: 'u' })).toBe('a node named db7 exists');
    api.answer('nodes.trustHostKey', () => fail('the key changed', 'forbidden'));
    expect(await useNodeDirectoryStore.getState().trustHostKey('db7', 'SHA256:x')).toEqual({ error: 'the key changed' });
    api.answer('nodes.connect', () => ok(info('db7', 'connected')));
    expect(await useNodeDirectoryStore.getState().connect('db7')).toEqual(info('db7', 'connected'));
    expect(useNodeDirectoryStore.getState().nodes.db7.state).toBe('connected');
  });

  it('counts a node usable only where probes run', () => {
    const usable = (['local', 'idle', 'connecting', 'connected', 'partial', 'auth_failed', 'hostkey_unknown', 'hostkey_changed', 'unreachable', 'passphrase_needed'] as const).filter(isUsable);
    expect(usable).toEqual(['local', 'connected', 'partial']);
  });
});

describe('node dialog store', () => {
  it('opens the dialog a node\'s state asks for, and none for other states', () => {
    const d = () => useNodeDialogStore.getState();
    expect(d().askFor(info('db7', 'hostkey_unknown'))).toBe(true);
    expect(d().dialog).toEqual({ kind: 'hostkey', name: 'db7' });
    expect(d().askFor(info('db8', 'hostkey_changed'))).toBe(true);
    expect(d().dialog).toEqual({ kind: 'hostkey', name: 'db8' });
    expect(d().askFor(info('db9', 'passphrase_needed'))).toBe(true);
    expect(d().dialog).toEqual({ kind: 'passphrase', name: 'db9' });
    d().close();
    for (const state of ['connected', 'unreachable', 'auth_failed', 'partial'] as const) {
      expect(d().askFor(info('db1', state))).toBe(false);
      expect(d().dialog).toEqual({ kind: 'none' });
    }
  });
});

describe('fleet store', () => {
  beforeEach(() => {
    useFleetStore.setState({ rows: [], loaded: false, error: null, selected: null });
  });

  it('selects the worst row first and keeps the selection on its node while rows re-sort', async () => {
    const off = useFleetStore.getState().init();
    api.answer('fleet.rows', () => ok({ rows: [row('db1', 0.9), row('db2', 0.5), row('db3', 0.1)] }));
    await useFleetStore.getState().load();
    expect(useFleetStore.getState().selected).toBe('db1');
    useFleetStore.getState().select('db2');
    api.emit('fleet.rows', { rows: [row('db3', 0.99), row('db2', 0.5), row('db1', 0.2)] });
    expect(useFleetStore.getState().selected).toBe('db2');
    // The selected node left the fleet: back to the worst.
    api.emit('fleet.rows', { rows: [row('db3', 0.99), row('db1', 0.2)] });
    expect(useFleetStore.getState().selected).toBe('db3');
    off();
  });

  it('moves the selection by rows, clamped to the table, and to either end', () => {
    useFleetStore.setState({ rows: [row('a', 3), row('b', 2), row('c', 1)], selected: 'a' });
    const f = () => useFleetStore.getState();
    f().move(1);
    expect(f().selected).toBe('b');
    f().move(10);
    expect(f().selected).toBe('c');
    f().move(-10);
    expect(f().selected).toBe('a');
    f().moveTo('last');
    expect(f().selected).toBe('c');
    f().moveTo('first');
    expect(f().selected).toBe('a');
    useFleetStore.setState({ rows: [] });
    f().move(1);
    expect(f().selected).toBe('a');
  });

  it('refreshes every node or the named ones, and shows errors inline', async () => {
    api.answer('fleet.refresh', () => ok({ started: 2 }));
    await useFleetStore.getState().refresh();
    await useFleetStore.getState().refresh(['db1', 'db2']);
    expect(api.requests('fleet.refresh')).toEqual([{}, { names: ['db1', 'db2'] }]);
    api.answer('fleet.refresh', () => fail('no nodes'));
    await useFleetStore.getState().refresh();
    expect(useFleetStore.getState().error).toBe('no nodes');
    api.answer('fleet.rows', () => fail('state store is read-only'));
    await useFleetStore.getState().load();
    expect(useFleetStore.getState()).toMatchObject({ loaded: true, error: 'state store is read-only' });
  });
});
