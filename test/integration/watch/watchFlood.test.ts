// A flood of file changes under a watched root, through the real serve main process and its WebSocket
// bridge: the updates the renderer receives stay at most 4 a second (latest wins), the main process's
// resident memory shows no growth trend, and what is tracked one by one stays within its bounds.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchSnapshot } from '../../../src/shared/watchModels';
import { stopAllHolders } from '../../support/processes';
import { rssOf, startFlood } from '../../support/changeFlood';
import { startServe, type ServeProcess } from '../../support/serveProcess';
import { makeTempDir } from '../../support/tempDir';
import { connectWs } from '../../support/wsClient';
import { mkdirSync } from 'node:fs';

const tmp = makeTempDir('watch-flood');
const root = join(tmp.dir, 'spool');
const CHANGES_PER_SECOND = 3000;
const FILES = 3000;
const MEASURE_MS = 8000;
let serve: ServeProcess;

beforeAll(async () => {
  mkdirSync(root, { recursive: true });
  serve = await startServe(join(tmp.dir, 'data'));
});
afterAll(async () => {
  await stopAllHolders();
  tmp.cleanup();
});

describe('a flood of file changes', () => {
  it('reaches the renderer as at most 4 snapshots a second, with flat main-process memory', async () => {
    const flood = await startFlood(root, FILES, CHANGES_PER_SECOND);
    const ws = await connectWs(serve.wsUrl);
    const arrivals: { t: number; s: WatchSnapshot }[] = [];
    const started = (await ws.call('watch.start', { root, intervalMs: 200 })) as { ok: boolean; result: { watchId: string } };
    expect(started.ok).toBe(true);
    // Let the change feed set up its watches, then measure.
    await new Promise((r) => setTimeout(r, 2000));
    const from = ws.events.length;
    const rss: { t: number; bytes: number }[] = [];
    const t0 = performance.now();
    while (performance.now() - t0 < MEASURE_MS) {
      rss.push({ t: performance.now() - t0, bytes: await rssOf(serve.pid) });
      const before = ws.events.length;
      await new Promise((r) => setTimeout(r, 250));
      for (const e of ws.events.slice(before)) if (e.event === 'watch.snapshot') arrivals.push({ t: performance.now() - t0, s: e.payload as WatchSnapshot });
    }
    await flood.stop();
    const snaps = ws.events.slice(from).filter((e) => e.event === 'watch.snapshot').map((e) => e.payload as WatchSnapshot);

    // Update rate: no 1 s window holds more than 4 (+1 for a window edge between two 250 ms timers), yet they keep coming.
    const perSecond = snaps.length / (MEASURE_MS / 1000);
    expect(perSecond).toBeGreaterThan(1.5);
    expect(perSecond).toBeLessThanOrEqual(4.2);
    const times = arrivals.map((a) => a.t);
    for (let i = 0; i < times.length; i++) expect(times.filter((t) => t >= times[i] && t < times[i] + 1000).length).toBeLessThanOrEqual(5);

    // The flood went through the change feed, and the one-by-one tracking stayed within its bounds.
    const seen = snaps.reduce((n, s) => n + s.changes.seen, 0);
    expect(seen).toBeGreaterThan(1000);
    expect(Math.max(...snaps.map((s) => s.changes.hotEntries))).toBeLessThanOrEqual(256);
    expect(Math.max(...snaps.map((s) => s.partitions.length))).toBeLessThanOrEqual(50);
    expect(snaps.at(-1)!.mode).toBe('inotify');

    // Memory: the last two seconds hold no more than the second and third did, plus slack for GC timing.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const early = median(rss.filter((r) => r.t >= 1000 && r.t < 3000).map((r) => r.bytes));
    const late = median(rss.filter((r) => r.t >= MEASURE_MS - 2000).map((r) => r.bytes));
    expect(late - early).toBeLessThan(24 * 1024 * 1024);
    ws.close();
    await serve.stop();
  });
});
