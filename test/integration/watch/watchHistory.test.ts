// The watch history in the state store: at most one row per series per interval, rows past the retention
// dropped, the table kept under its own byte cap by dropping the oldest rows, series read back for charts;
// alert settings per node persist and survive a bad stored field.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateStore, type StateStore, type WatchConnection } from '../../../src/main/store/stateStore';
import type { WatchSampleOptions, WatchSampleRow } from '../../../src/main/store/repositories/watchSamples';
import { makeTempDir } from '../../support/tempDir';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
let tmp: ReturnType<typeof makeTempDir>;
let store: StateStore;
const connections: WatchConnection[] = [];
let clock = 0;

/** The watch's own connection to the store file, as the live watch opens it. */
function openWatch(samples?: WatchSampleOptions): WatchConnection {
  const c = store.openWatchConnection(samples);
  connections.push(c);
  return c;
}
const openSampleHistory = (samples: WatchSampleOptions) => openWatch(samples).samples;

beforeEach(() => {
  tmp = makeTempDir('watch-history');
  store = openStateStore({ dataDir: join(tmp.dir, 'data') });
  clock = 10 * DAY;
});
afterEach(() => {
  for (const c of connections.splice(0)) c.close();
  store.close();
  tmp.cleanup();
});

const fsRow = (bytes: number, mount = '/var'): WatchSampleRow => ({ kind: 'fs', scope: mount, path: '', bytes });
const partRow = (path: string, bytes: number): WatchSampleRow => ({ kind: 'part', scope: '/var/log', path, bytes });

describe('sample history', () => {
  it('writes at most one row per series per interval', () => {
    const h = openSampleHistory({ now: () => clock, minIntervalMs: MIN });
    expect(h.record('local', [fsRow(1), partRow('a', 1)], clock)).toBe(2);
    expect(h.record('local', [fsRow(2), partRow('a', 2)], clock + 10_000)).toBe(0);
    expect(h.record('local', [fsRow(3), partRow('b', 3)], clock + 20_000)).toBe(1); // b is new
    expect(h.record('local', [fsRow(4)], clock + MIN)).toBe(1);
    expect(h.stats().rows).toBe(4);
  });

  it('drops rows older than the retention', () => {
    const h = openSampleHistory({ now: () => clock, retentionMs: DAY, minIntervalMs: 0 });
    for (let i = 0; i < 48; i++) h.record('local', [fsRow(i)], clock - 47 * 3600_000 + i * 3600_000);
    const { expired } = h.enforce();
    expect(expired).toBe(23); // rows at -47 h .. -25 h; -24 h is exactly at the edge and stays
    const pts = h.series('local', 'fs', '/var', clock - 7 * DAY, 1000, 1)[0].points;
    expect(pts[0].at).toBeGreaterThanOrEqual(clock - DAY);
    expect(pts.at(-1)!.bytes).toBe(47);
  });

  it('keeps the table under its own byte cap by dropping the oldest rows, whatever the retention', () => {
    const maxBytes = 128 * 1024;
    const h = openSampleHistory({ now: () => clock, retentionMs: 365 * DAY, maxBytes, minIntervalMs: 0 });
    const start = clock - 5 * DAY;
    for (let i = 0; i < 4000; i++) h.record('local', [fsRow(i), partRow(`2026/${String(i % 50).padStart(3, '0')}`, i)], start + i * MIN);
    h.enforce();
    const stats = h.stats();
    expect(stats.bytes).toBeLessThanOrEqual(maxBytes);
    expect(stats.rows).toBeGreaterThan(0);
    expect(stats.rows).toBeLessThan(8000);
    // The newest survive; the oldest went.
    const pts = h.series('local', 'fs', '/var', 0, 100_000, 1)[0].points;
    expect(pts.at(-1)!.bytes).toBe(3999);
    expect(pts[0].bytes).toBeGreaterThan(0);
    // And the state store's own tables are untouched by it.
    expect(store.stats().snapshots).toBe(0);
  });

  it('reads a day or a week as a bounded number of points, and ranks partitions by growth', () => {
    const h = openSampleHistory({ now: () => clock, minIntervalMs: 0 });
    for (let i = 0; i < 7 * 24 * 60; i += 5) {
      h.record('local', [fsRow(1000 + i), partRow('2026/120', 10 * i), partRow('2026/119', 5000), partRow('app.log', i)], clock - 7 * DAY + i * MIN);
    }
    const week = h.series('local', 'fs', '/var', clock - 7 * DAY, 200, 1)[0];
    expect(week.points.length).toBeLessThanOrEqual(201);
    expect(week.points.length).toBeGreaterThan(150);
    expect(week.key).toBe('fs:/var');
    const day = h.series('local', 'part', '/var/log', clock - DAY, 100, 2);
    expect(day.map((s) => s.label)).toEqual(['2026/120', 'app.log']);
    expect(day[0].points.at(-1)!.at).toBeLessThanOrEqual(clock);
    expect(h.series('other-node', 'fs', '/var', 0, 100, 1)[0].points).toEqual([]);
  });
});

describe('alert settings', () => {
  it('default per node, persist a change, and fall back field by field on a bad stored value', () => {
    const s = openWatch().alertConfig;
    expect(s.get('n1')).toMatchObject({ fillWarn: 0.7, fillCritical: 0.9, timeToFullWarnSeconds: 8 * 3600, timeToFullCriticalSeconds: 2 * 3600 });
    s.set('n1', { fillCritical: 0.95 });
    // A new connection reads what was written, not the first one's memory.
    expect(openWatch().alertConfig.get('n1').fillCritical).toBe(0.95);
    expect(openWatch().alertConfig.get('n2').fillCritical).toBe(0.9);
    const other = new Database(store.path);
    other.prepare('UPDATE alert_config SET config = ? WHERE node = ?').run(JSON.stringify({ fillCritical: 7, fillWarn: 0.5, bogus: 1 }), 'n1');
    other.close();
    expect(openWatch().alertConfig.get('n1')).toMatchObject({ fillCritical: 0.9, fillWarn: 0.5 });
  });
});
