// The local change feed: inotify per directory reports changed files by raw name (hostile names exact), picks
// up directories created later, gives up past its directory cap (the caller then polls), and the chokidar
// polling fallback reports changes too. A watch session measures a hostile-named file and names it escaped.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirWatchFeed } from '../../../src/main/services/watch/dirWatchFeed';
import { LocalChangeFeed } from '../../../src/main/services/watch/localChangeFeed';
import { startAppender } from '../../support/appender';
import { makeTempDir } from '../../support/tempDir';
import { displayName } from '../../../src/main/core/common/displayName';
import { MAX_WATCHES, WatchService, type WatchServiceOptions } from '../../../src/main/services/watch/watchService';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { AlertConfigSchema, type WatchSnapshot } from '../../../src/shared/watchModels';
import { until as waitUntil } from '../../support/until';

const tmp = makeTempDir('watch-feed');
afterAll(() => tmp.cleanup());

const until = (what: string, pred: () => boolean, timeoutMs = 10_000) => waitUntil(what, pred, timeoutMs, 20);

const latin1 = (b: Buffer) => b.toString('latin1');

/** A watch service on this machine, alerts unused and at their default settings. */
function localWatchService(opts: Pick<WatchServiceOptions, 'emitSnapshot'> & Partial<WatchServiceOptions>): WatchService {
  return new WatchService({
    transportFor: () => new LocalTransport(),
    emitAlert: () => undefined,
    alertSettings: { get: () => AlertConfigSchema.parse({}), set: () => AlertConfigSchema.parse({}) },
    ...opts,
  });
}

describe('DirWatchFeed', () => {
  it('reports appends by raw path, hostile names included, and watches directories created later', async () => {
    const root = join(tmp.dir, 'a');
    mkdirSync(join(root, '2026/120'), { recursive: true });
    const hostile = Buffer.concat([Buffer.from(`${root}/2026/120/-x $(touch p)\nline`), Buffer.from([0xff, 0xfe])]);
    writeFileSync(hostile, 'start\n');
    const seen = new Set<string>();
    const feed = new DirWatchFeed({ root, depth: 4, maxDirs: 100, onChange: (p) => seen.add(p), onGiveUp: () => undefined });
    await feed.start();
    expect(feed.directories).toBe(3);
    appendFileSync(hostile, 'more\n');
    await until('the hostile append', () => seen.has(latin1(hostile)));
    mkdirSync(join(root, '2026/121'));
    await until('the new day watched', () => feed.directories === 4);
    appendFileSync(join(root, '2026/121/core.log'), 'x\n');
    await until('a file in the new day', () => seen.has(`${root}/2026/121/core.log`));
    feed.close();
  });

  it('gives up past its directory cap instead of watching part of the tree silently', async () => {
    const root = join(tmp.dir, 'b');
    for (let i = 0; i < 5; i++) mkdirSync(join(root, `d${i}`), { recursive: true });
    let why: string | null = null;
    const feed = new DirWatchFeed({ root, depth: 2, maxDirs: 3, onChange: () => undefined, onGiveUp: (w) => (why = w) });
    await feed.start();
    expect(why).toBe('more than 3 directories under the root');
    feed.close();
  });
});

describe('LocalChangeFeed', () => {
  it('polls with chokidar when asked (network filesystems) and still reports changes', async () => {
    const root = join(tmp.dir, 'c');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'app.log'), 'a\n');
    const seen = new Set<string>();
    const feed = new LocalChangeFeed({ root, fstype: null, forcePolling: true, pollIntervalMs: 100, onChange: (p) => seen.add(p) });
    expect(feed.mode).toBe('polling');
    await feed.ready;
    // Polling compares mtimes, which the kernel keeps at a coarse tick: keep writing until a poll sees one.
    await until('the polled change', () => {
      appendFileSync(join(root, 'app.log'), 'more\n');
      return seen.has(`${root}/app.log`);
    });
    await feed.close();
  });

  it('falls back to polling when the directory cap is passed', async () => {
    const root = join(tmp.dir, 'd');
    for (let i = 0; i < 4; i++) mkdirSync(join(root, `d${i}`), { recursive: true });
    const modes: string[] = [];
    const feed = new LocalChangeFeed({ root, fstype: 'ext4', maxDirs: 2, pollIntervalMs: 100, onChange: () => undefined, onModeChange: (m) => modes.push(m) });
    await feed.ready;
    await until('the fallback', () => feed.mode === 'polling');
    expect(modes).toEqual(['polling']);
    await feed.close();
  });

  it('chooses polling for a network filesystem type', async () => {
    const feed = new LocalChangeFeed({ root: tmp.dir, fstype: 'nfs4', pollIntervalMs: 1000, onChange: () => undefined });
    expect(feed.mode).toBe('polling');
    await feed.close();
  });
});

describe('a watch of a hostile name', () => {
  it('measures the file and names it with control bytes and invalid UTF-8 escaped', async () => {
    const root = join(tmp.dir, 'e');
    mkdirSync(root, { recursive: true });
    const name = Buffer.concat([Buffer.from('-n $(touch pwned)\nx'), Buffer.from([0xff]), Buffer.from('.log')]);
    const path = Buffer.concat([Buffer.from(`${root}/`), name]);
    writeFileSync(path, 'a\n');
    const snaps: WatchSnapshot[] = [];
    const service = localWatchService({
      emitSnapshot: (s) => snaps.push(s),
      minEmitIntervalMs: 0,
    });
    service.start('local', root, 200);
    await until('the watch to run', () => snaps.length > 1);
    appendFileSync(path, Buffer.alloc(64 * 1024, 1));
    const expected = displayName(name.toString('latin1'));
    expect(expected).toBe('-n $(touch pwned)\\nx\\xff.log');
    await until('the hostile file measured', () => snaps.at(-1)!.partitions.some((p) => p.path === expected && p.allocatedBytes >= 64 * 1024));
    await service.close();
  });
});

describe('a watch without a change feed', () => {
  it('finds the growing file with the probe itself and measures it (the periodic mode SSH nodes without inotifywait use)', async () => {
    const root = join(tmp.dir, 'periodic');
    mkdirSync(join(root, '2026/121'), { recursive: true });
    const appender = await startAppender(join(root, '2026/121/core.log'), 1024 * 1024, 64 * 1024 * 1024);
    const snaps: WatchSnapshot[] = [];
    const service = localWatchService({
      emitSnapshot: (s) => snaps.push(s),
      localChangeFeed: false,
      minEmitIntervalMs: 0,
    });
    service.start('local', root, 250);
    await until('the day measured with a rate', () => (snaps.at(-1)?.partitions.find((p) => p.path === '2026/121')?.bytesPerSecond ?? 0) > 0);
    expect(snaps.at(-1)!.mode).toBe('periodic');
    await service.close();
    await appender.stop();
  });
});

describe('shared watches', () => {
  it('a second start of the same root joins the watch; it stops when the last caller stops it', async () => {
    const root = join(tmp.dir, 'shared');
    mkdirSync(root, { recursive: true });
    const states: string[] = [];
    const service = localWatchService({
      emitSnapshot: (s) => states.push(s.state),
      minEmitIntervalMs: 0,
    });
    const a = service.start('local', root, 200);
    const b = service.start('local', root, 200);
    expect(b).toBe(a);
    expect(await service.stop(a)).toBe(false);
    expect(service.snapshot(a).watchId).toBe(a);
    expect(await service.stop(a)).toBe(true);
    expect(() => service.snapshot(a)).toThrow(/no watch/);
    expect(states.at(-1)).toBe('stopped');
    await service.close();
  });
});

describe('the watch cap', () => {
  it('past 32 watches, the one joined least recently is stopped to make room', async () => {
    const service = localWatchService({
      emitSnapshot: () => undefined,
      localChangeFeed: false,
      tuning: { intervalMs: 60_000 },
    });
    const ids: string[] = [];
    for (let i = 0; i <= MAX_WATCHES; i++) {
      const root = join(tmp.dir, 'cap', String(i));
      mkdirSync(root, { recursive: true });
      ids.push(service.start('local', root));
      await new Promise((r) => setTimeout(r, 2));
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(() => service.snapshot(ids[0])).toThrow(/no watch/);
    for (const id of ids.slice(1)) expect(service.snapshot(id).watchId).toBe(id);
    await service.close();
  });
});
