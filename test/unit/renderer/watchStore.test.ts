import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent, HistorySeries, WatchAlert, WatchSnapshot } from '../../../src/shared/watchModels';
import { useNavStore } from '../../../src/renderer/src/state/navStore';
import { growthLookup, useWatchStore, visibleAlerts, WATCH_INTERVAL_MS, withLiveText } from '../../../src/renderer/src/state/watchStore';
import { fail, flush, installFakeApi, ok } from './fakeApi';

const api = installFakeApi();
let unsubscribe: () => void = () => undefined;

function snapshot(watchId: string, partitions: Array<[string, number]> = []): WatchSnapshot {
  return {
    watchId,
    node: 'local',
    root: '/var/log',
    state: 'running',
    at: 1,
    seq: 1,
    intervalMs: WATCH_INTERVAL_MS,
    mode: 'inotify',
    rootBytesPerSecond: null,
    filesystems: [],
    partitions: partitions.map(([path, grewBytes]) => ({ path, kind: 'day', allocatedBytes: 1, bytesPerSecond: null, grewBytes, spark: [] })),
    morePartitions: 0,
    growthWindowMs: 600_000,
    writers: [],
    alerts: [],
    changes: { seen: 0, dropped: 0, hotEntries: 0 },
    errors: [],
  };
}

function alert(key: string, severity: WatchAlert['severity'], since: number): WatchAlert {
  return { key, kind: 'fill', node: 'local', subject: '/var', severity, message: `${key} is filling`, since };
}

function event(a: WatchAlert, transition: AlertEvent['transition']): AlertEvent {
  return { ...a, transition, at: a.since + 1 };
}

function series(label: string): HistorySeries {
  return { key: `fs:${label}`, label, points: [{ at: 1, bytes: 2 }] };
}

const state = () => useWatchStore.getState();

beforeEach(() => {
  api.reset();
  useNavStore.setState({ node: 'local' });
  useWatchStore.setState({ node: null, root: null, watchId: null, snapshot: null, error: null, alerts: [], dismissed: [], colorMode: 'age', history: null });
  api.answer('alerts.active', () => ok({ alerts: [] }));
  unsubscribe = state().init();
});

describe('watch store: following the root on screen', () => {
  it('starts a watch of the root on the current node and shows its first snapshot', async () => {
    useNavStore.setState({ node: 'db7' });
    api.answer('watch.start', () => ok({ watchId: 'w1' }));
    api.answer('watch.snapshot', () => ok(snapshot('w1')));
    await state().follow('/var/log');
    expect(api.requests('watch.start')).toEqual([{ node: 'db7', root: '/var/log', intervalMs: WATCH_INTERVAL_MS }]);
    expect(state()).toMatchObject({ watchId: 'w1', root: '/var/log', node: 'db7', snapshot: { watchId: 'w1' } });
  });

  it('does not start a second watch of the same root and node', async () => {
    api.answer('watch.start', () => ok({ watchId: 'w1' }));
    api.answer('watch.snapshot', () => ok(snapshot('w1')));
    await state().follow('/var/log');
    await state().follow('/var/log');
    expect(api.requests('watch.start')).toHaveLength(1);
  });

  it('stops the previous watch when the root changes, and on null', async () => {
    api.answer('watch.start', (r) => ok({ watchId: r.root === '/var/log' ? 'w1' : 'w2' }));
    api.answer('watch.snapshot', (r) => ok(snapshot(r.watchId)));
    await state().follow('/var/log');
    await state().follow('/srv/spool');
    expect(api.requests('watch.stop')).toEqual([{ watchId: 'w1' }]);
    await state().follow(null);
    expect(api.requests('watch.stop')).toEqual([{ watchId: 'w1' }, { watchId: 'w2' }]);
    expect(state()).toMatchObject({ watchId: null, root: null, snapshot: null });
  });

  it('stops a watch whose start answers after the user moved on', async () => {
    const first = state().follow('/var/log');
    void state().follow('/srv/spool');
    api.reply('watch.start', ok({ watchId: 'w-old' }), (r) => r.root === '/var/log');
    await first;
    expect(api.requests('watch.stop')).toEqual([{ watchId: 'w-old' }]);
    expect(state().watchId).toBeNull();
  });

  it('stops every watch it started but does not keep, even when the user came back to the same root before it answered', async () => {
    // Root A, then B, then A again, all before the first start answers: the backend counts each start as a
    // share of A's watch, so a start whose answer is not kept must be stopped or the watch never ends.
    api.answer('watch.snapshot', (r) => ok(snapshot(r.watchId)));
    const firstA = state().follow('/var/log');
    const b = state().follow('/srv/spool');
    const secondA = state().follow('/var/log');
    api.reply('watch.start', ok({ watchId: 'wA' }), (r) => r.root === '/var/log');
    await firstA;
    api.reply('watch.start', ok({ watchId: 'wB' }));
    await b;
    api.reply('watch.start', ok({ watchId: 'wA' }));
    await secondA;
    expect(state().watchId).toBe('wA');
    // Three starts, one watch kept: two stops.
    expect(api.requests('watch.stop').map((r) => r.watchId).sort()).toEqual(['wA', 'wB']);
  });

  it('shows a start error inline', async () => {
    api.answer('watch.start', () => fail('root is not readable'));
    await state().follow('/var/log');
    expect(state()).toMatchObject({ watchId: null, error: 'root is not readable' });
  });

  it('shows pushed snapshots of its own watch only, and keeps a pushed one over the late first fetch', async () => {
    api.answer('watch.start', () => ok({ watchId: 'w1' }));
    const following = state().follow('/var/log');
    await flush();
    api.emit('watch.snapshot', snapshot('someone-else'));
    expect(state().snapshot).toBeNull();
    api.emit('watch.snapshot', { ...snapshot('w1'), seq: 7 });
    expect(state().snapshot?.seq).toBe(7);
    api.reply('watch.snapshot', ok({ ...snapshot('w1'), seq: 3 }));
    await following;
    expect(state().snapshot?.seq).toBe(7);
  });
});

describe('watch store: alerts', () => {
  it('starts from the open alerts and follows fire and clear events, one alert per key', async () => {
    unsubscribe();
    api.answer('alerts.active', () => ok({ alerts: [alert('fill:/var', 'warn', 10)] }));
    unsubscribe = state().init();
    await flush();
    expect(state().alerts.map((a) => a.key)).toEqual(['fill:/var']);

    api.emit('alerts.event', event(alert('fill:/var', 'critical', 20), 'fire'));
    api.emit('alerts.event', event(alert('held:/', 'warn', 30), 'fire'));
    expect(state().alerts).toEqual([alert('fill:/var', 'critical', 20), alert('held:/', 'warn', 30)]);
    api.emit('alerts.event', event(alert('held:/', 'warn', 30), 'clear'));
    expect(state().alerts.map((a) => a.key)).toEqual(['fill:/var']);
  });

  it('shows an alert\'s text as the latest snapshot of its watch says it, not as it fired', async () => {
    api.answer('watch.start', () => ok({ watchId: 'w1' }));
    api.answer('watch.snapshot', () => ok(snapshot('w1')));
    await state().follow('/var/log');
    api.emit('alerts.event', event({ ...alert('fill:/var', 'warn', 10), message: '/var is 91% full' }, 'fire'));
    const later = { ...alert('fill:/var', 'critical', 10), message: '/var is 96% full' };
    api.emit('watch.snapshot', { ...snapshot('w1'), seq: 2, alerts: [later] });
    expect(state().alerts).toEqual([later]);
    // Another watch's snapshot does not touch the banner; nor does a snapshot's alert of another episode.
    api.emit('watch.snapshot', { ...snapshot('other'), alerts: [{ ...later, message: 'stale' }] });
    api.emit('watch.snapshot', { ...snapshot('w1'), seq: 3, alerts: [{ ...later, since: 99, message: 'a later episode' }] });
    expect(state().alerts).toEqual([later]);
  });

  it('withLiveText keeps alerts the snapshot does not hold, and the same array when nothing changed', () => {
    const a = [alert('fill:/var', 'warn', 10), alert('held:/', 'warn', 30)];
    expect(withLiveText(a, [])).toBe(a);
    expect(withLiveText(a, [a[0]])).toBe(a);
    expect(withLiveText(a, [{ ...a[1], message: '2 GiB held' }])).toEqual([a[0], { ...a[1], message: '2 GiB held' }]);
  });

  it('lists critical alerts first, oldest first within a severity, without the dismissed ones', () => {
    const alerts = [alert('a', 'warn', 5), alert('b', 'critical', 9), alert('c', 'critical', 2), alert('d', 'warn', 1)];
    expect(visibleAlerts(alerts, []).map((a) => a.key)).toEqual(['c', 'b', 'd', 'a']);
    state().dismiss(alerts[1]);
    expect(visibleAlerts(alerts, state().dismissed).map((a) => a.key)).toEqual(['c', 'd', 'a']);
  });

  it('shows a dismissed alert again in its next episode', () => {
    state().dismiss(alert('fill:/var', 'warn', 10));
    expect(visibleAlerts([alert('fill:/var', 'warn', 10)], state().dismissed)).toEqual([]);
    expect(visibleAlerts([alert('fill:/var', 'warn', 99)], state().dismissed)).toHaveLength(1);
  });

  it('remembers a bounded number of dismissals', () => {
    for (let i = 0; i < 500; i++) state().dismiss(alert(`k${i}`, 'warn', i));
    expect(state().dismissed.length).toBeLessThanOrEqual(201);
    expect(state().dismissed).toContain('k499@499');
  });
});

describe('watch store: history', () => {
  it('loads a range, keeping the series on screen while the same filesystem reloads', async () => {
    useWatchStore.setState({ root: '/var/log' });
    api.answer('watch.history', (r) => ok({ series: [series(`${r.mount} ${r.range}`)] }));
    await state().loadHistory('/var', 'day');
    expect(api.requests('watch.history')).toEqual([{ node: 'local', mount: '/var', root: '/var/log', range: 'day', maxPoints: 240, maxSeries: 6 }]);
    expect(state().history).toEqual({ mount: '/var', range: 'day', series: [series('/var day')], error: null });

    api.reset();
    const week = state().loadHistory('/var', 'week');
    expect(state().history?.series).toEqual([series('/var day')]);
    void state().loadHistory('/', 'day');
    expect(state().history?.series).toEqual([]);
    // The week of /var answers after / was asked for: dropped.
    api.reply('watch.history', ok({ series: [series('/var week')] }));
    await week;
    expect(state().history).toMatchObject({ mount: '/', range: 'day' });
  });

  it('shows a history error inline', async () => {
    api.answer('watch.history', () => fail('no samples stored'));
    await state().loadHistory('/var', 'week');
    expect(state().history).toEqual({ mount: '/var', range: 'week', series: [], error: 'no samples stored' });
    state().closeHistory();
    expect(state().history).toBeNull();
  });
});

describe('growth lookup', () => {
  it('gives nothing without a snapshot', () => {
    expect(growthLookup(null)).toBeNull();
  });

  it('answers a partition exactly, a directory with the sum of the partitions inside it, and null for no data', () => {
    const of = growthLookup(snapshot('w', [['logs/2026/120', 500], ['logs/2026/119', 20], ['logs2/x', 7], ['spool/seg-1.log', 3]]))!;
    expect(of('logs/2026/120')).toBe(500);
    expect(of('logs/2026')).toBe(520);
    expect(of('logs')).toBe(520);
    expect(of('')).toBe(530);
    expect(of('var')).toBeNull();
  });
});
