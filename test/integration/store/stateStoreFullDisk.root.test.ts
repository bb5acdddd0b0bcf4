// The state store on a real full disk (a 2 MiB tmpfs, so root only): writes free the reserve and drop old
// history, then fail with the store's own clear error; the watch's connection is rescued the same way.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { RESERVE_FILE, StoreFullError } from '../../../src/main/store/db';
import { fillToFull, mountTmpfs, type Tmpfs } from '../../support/mounts';
import { isRoot } from '../../support/root';
import { summary } from './scanSummaryFixture';

const open: StateStore[] = [];

describe.skipIf(!isRoot)('the state store on a full disk (a 2 MiB tmpfs)', () => {
  let tmpfs: string;
  let mount: Tmpfs;
  beforeAll(() => {
    mount = mountTmpfs(2);
    tmpfs = mount.dir;
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(() => mount?.unmount());

  it('keeps recording by freeing its reserve and dropping old history, then fails with a clear error, never a raw one', () => {
    const s = openStateStore({ dataDir: tmpfs, maxBytes: 1024 * 1024 });
    open.push(s);
    expect(existsSync(join(tmpfs, RESERVE_FILE))).toBe(true);
    for (let i = 0; i < 20; i++) s.scanSnapshots.record('local', summary('/var/log', 50), i);
    fillToFull(tmpfs, 'filler');

    // The disk is at 100%: the next scans are still recorded, at the cost of the oldest ones.
    for (let i = 20; i < 25; i++) s.scanSnapshots.record('local', summary('/var/log', 50), i);
    const kept = s.scanSnapshots.list('local', '/var/log', 100).map((x) => x.at);
    expect(kept[0]).toBe(24);
    expect(kept.length).toBeLessThan(25);
    expect(s.roots.add('local', '/srv/spool').map((r) => r.path)).toContain('/srv/spool');

    // Take every byte the rescue freed, then write a scan bigger than all the history there is to drop:
    // the error must be the store's own, naming the store and the way out.
    fillToFull(tmpfs, 'filler2');
    let failure: unknown = null;
    try {
      s.scanSnapshots.record('local', summary('/srv/huge', 20_000), 99);
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(StoreFullError);
    expect((failure as StoreFullError).code).toBe('io_error');
    expect((failure as Error).message).toMatch(/disk holding the state store .* is full.*SPOOLSCOPE_DATA_DIR/);
    // Reads still work, and what was stored is intact.
    expect(s.roots.list('local').map((r) => r.path)).toEqual(['/var/log', '/srv/spool']);

    // Space comes back: writes work again without reopening.
    for (const f of ['filler', 'filler2']) unlinkSync(join(tmpfs, f));
    expect(s.scanSnapshots.list('local', '/srv/huge', 1)).toEqual([]); // the failed write left nothing half-done
    s.scanSnapshots.record('local', summary('/var/log', 5), 1000);
    expect(s.scanSnapshots.list('local', '/var/log', 1)[0].at).toBe(1000);
  });

  it("rescues the watch's own connection the same way: its writes free the reserve and drop history too", () => {
    const dataDir = join(tmpfs, 'watch');
    const s = openStateStore({ dataDir, maxBytes: 1024 * 1024 });
    open.push(s);
    for (let i = 0; i < 10; i++) s.scanSnapshots.record('local', summary('/var/log', 50), i);
    const watch = s.openWatchConnection();
    try {
      fillToFull(tmpfs, 'filler3');
      // Thresholds of one node after another until a write needs new room: it must get it, not fail.
      let rescuedAt = -1;
      for (let i = 0; i < 500 && rescuedAt < 0; i++) {
        expect(watch.alertConfig.set(`node-${i}`, { fillCritical: 0.95 }).fillCritical).toBe(0.95);
        if (!existsSync(join(dataDir, RESERVE_FILE))) rescuedAt = i;
      }
      expect(rescuedAt).toBeGreaterThanOrEqual(0);
      expect(s.stats().snapshots).toBeLessThan(10);
      // Written, not only cached: another connection reads it back.
      const again = s.openWatchConnection();
      expect(again.alertConfig.get(`node-${rescuedAt}`).fillCritical).toBe(0.95);
      again.close();
    } finally {
      watch.close();
      unlinkSync(join(tmpfs, 'filler3'));
    }
  });
});

