// The watch against the truth: a real tmpfs of known size, a real process appending at a known rate, with
// the watch's own settings. The measured growth is within 10% of it, the time-to-full within 15%, the 90% alert fires once while
// the fill hovers past it, and clears once the file is removed (a reclaim).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import type { AlertEvent, WatchSnapshot } from '../../../src/shared/watchModels';
import { mountTmpfs, type Tmpfs } from '../../support/mounts';
import { stopAllHolders } from '../../support/processes';
import { isRoot } from '../../support/root';
import { startAppender, type Appender } from '../../support/appender';
import { makeTempDir } from '../../support/tempDir';
import { until as waitUntil } from '../../support/until';

const MiB = 1024 * 1024;
const RATE = 4 * MiB;
const tmp = makeTempDir('watch-rate');
let fs: Tmpfs;
let backend: Backend;
let appender: Appender;
const snapshots: WatchSnapshot[] = [];
/** When each snapshot event arrived. */
const arrivals: number[] = [];
const alerts: AlertEvent[] = [];

async function call<T>(method: string, request: unknown): Promise<T> {
  const r = await backend.dispatcher.call(method, request, { frontDoor: 'cli' });
  if (!r.ok) throw new Error(`${method}: ${r.message}`);
  return r.result as T;
}

const until = (what: string, pred: () => boolean, timeoutMs = 30_000) => waitUntil(what, pred, timeoutMs, 50);

const fillEvents = (transition: 'fire' | 'clear') => alerts.filter((a) => a.kind === 'fill' && a.transition === transition);

beforeAll(async () => {
  if (!isRoot) return;
  fs = mountTmpfs(32);
  backend = createBackend({
    dataDir: join(tmp.dir, 'data'),
    frontDoor: 'cli',
    watch: { heldBytes: undefined },
  });
  backend.events.listen((event, payload) => {
    if (event === 'watch.snapshot') {
      snapshots.push(payload as WatchSnapshot);
      arrivals.push(performance.now());
    }
    if (event === 'alerts.event') alerts.push(payload as AlertEvent);
  });
});

afterAll(async () => {
  await stopAllHolders();
  await backend?.close();
  fs?.unmount();
  tmp.cleanup();
});

describe.runIf(isRoot)('watch of a tmpfs filling at a known rate', () => {
  it('measures the rate within 10% and the time to full within 15%', async () => {
    // 30 MiB of 32: past 90% (the critical alert) but never full.
    appender = await startAppender(join(fs.dir, 'grow.log'), RATE, 30 * MiB);
    const { watchId } = await call<{ watchId: string }>('watch.start', { root: fs.dir, intervalMs: 250 });
    // Past the smoothing's settling time (several tau) and with a full fit window, before the writes end.
    await until('a settled sample', () => snapshots.some((s) => s.watchId === watchId && s.filesystems[0]?.usedBytes > 16 * MiB));
    const s = snapshots.filter((x) => x.watchId === watchId).at(-1)!;
    const f = s.filesystems[0];
    expect(f.mount).toBe(fs.dir);
    expect(f.sizeBytes).toBe(32 * MiB);
    expect(Math.abs(f.bytesPerSecond! - RATE) / RATE).toBeLessThan(0.1);
    const truth = (f.sizeBytes - f.usedBytes) / RATE;
    expect(f.trend).toBe('filling');
    // Seconds from full: critical by the default thresholds, judged in the backend for the card's tint.
    expect(f.timeToFullLevel).toBe('critical');
    expect(Math.abs(f.secondsToFull! - truth) / truth).toBeLessThan(0.15);
    // The file itself is a hot entry with its own rate, and the appender is found as its writer.
    const part = s.partitions.find((p) => p.path === 'grow.log');
    expect(part, JSON.stringify(s.partitions)).toBeDefined();
    expect(Math.abs(part!.bytesPerSecond! - RATE) / RATE).toBeLessThan(0.1);
    expect(s.rootBytesPerSecond).toBeGreaterThan(RATE * 0.9);
    expect(s.mode).toBe('inotify');
    await until('the appender among the writers', () => snapshots.at(-1)!.writers.some((w) => w.pid === appender.pid));
    expect(snapshots.at(-1)!.writers.find((w) => w.pid === appender.pid)!.comm).toMatch(/python/);
    expect((await call<WatchSnapshot>('watch.snapshot', { watchId })).watchId).toBe(watchId);
  });

  it('fires the 90% alert once, then clears it after the file is removed', async () => {
    await appender.done;
    // Stay past 90% for several samples: still one alert.
    const seqAtFull = snapshots.at(-1)!.seq;
    await until('more samples at >90%', () => snapshots.at(-1)!.seq >= seqAtFull + 6);
    expect(snapshots.at(-1)!.filesystems[0].fillRatio).toBeGreaterThan(0.9);
    expect(fillEvents('fire').map((a) => a.severity)).toEqual(['warn', 'critical']);
    expect(fillEvents('fire')[1].message).toMatch(/is 9\d% full/);
    expect((await call<{ alerts: { kind: string; severity: string }[] }>('alerts.active', {})).alerts).toContainEqual(expect.objectContaining({ kind: 'fill', severity: 'critical' }));
    expect(fillEvents('clear')).toEqual([]);
    // The reclaim: the writer goes, the file goes.
    await appender.stop();
    rmSync(join(fs.dir, 'grow.log'));
    await until('the fill alert to clear', () => fillEvents('clear').length > 0);
    const seq = snapshots.at(-1)!.seq;
    await until('more samples after the clear', () => snapshots.at(-1)!.seq >= seq + 4);
    expect(fillEvents('clear').map((a) => a.severity)).toEqual(['critical']);
    expect(fillEvents('fire')).toHaveLength(2);
    expect(snapshots.at(-1)!.alerts.filter((a) => a.kind === 'fill')).toEqual([]);
    // The partition of the removed file left the hot set.
    expect(snapshots.at(-1)!.partitions.find((p) => p.path === 'grow.log')).toBeUndefined();
  });

  it('snapshots reach the front doors at most 4 a second even with 4 samples a second', () => {
    expect(arrivals.length).toBeGreaterThan(20);
    // Timers may fire a millisecond early; 250 ms is the interval.
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i] - arrivals[i - 1]).toBeGreaterThanOrEqual(245);
  });
});
