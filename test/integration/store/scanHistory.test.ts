// The scan history in the state store: one packed row per scan, found by time, held to its byte budget
// (oldest scans first, never the one just kept) and read back exactly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore, type StateStore } from '../../../src/main/store/stateStore';
import { recordScanHistory } from '../../../src/main/services/history/scanHistoryRecorder';
import { unpackHistory } from '../../../src/main/services/history/historyPacking';
import type { HistoryEntries } from '../../../src/main/core/history/historyEntries';

let dir: string;
let store: StateStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spoolscope-history-'));
});
afterEach(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Entries whose packed size is about `n` times a few random bytes: random sizes do not deflate away. */
function entries(n: number, seed: number): HistoryEntries {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
  return {
    entries: Array.from({ length: n }, (_, i) => ({ path: `spool/${String(i).padStart(6, '0')}-${rnd().toString(36)}`, kind: 'segment' as const, allocatedBytes: rnd() * 512, apparentBytes: rnd(), files: 1 })),
    cut: { count: 0, allocatedBytes: 0, largestBytes: 0 },
  };
}
const totals = (root: string) => ({ root, allocatedBytes: 10, apparentBytes: 9, files: 3, partial: false });

describe('scan history store', () => {
  it('keeps each scan of a root and finds the one at or before a time, newest first', () => {
    store = openStateStore({ dataDir: dir });
    const hist = entries(50, 1);
    const a = recordScanHistory(store, 'local', totals('/var/log/'), hist, 1000);
    const b = recordScanHistory(store, 'local', totals('/var/log'), entries(50, 2), 2000);
    recordScanHistory(store, 'other', totals('/var/log'), entries(5, 3), 3000);
    expect(store.scanHistory.list('local', '/var/log', 10).map((s) => s.id)).toEqual([b, a]);
    expect(store.scanHistory.atOrBefore('local', '/var/log', 1999)?.id).toBe(a);
    expect(store.scanHistory.atOrBefore('local', '/var/log', null, b)?.id).toBe(a);
    expect(store.scanHistory.atOrBefore('local', '/var/log', 999)).toBeNull();
    const back = unpackHistory(store.scanHistory.packed(a)!);
    expect(back.entries).toEqual([...hist.entries].sort((x, y) => (x.path < y.path ? -1 : 1)));
    expect(store.scanHistory.list('local', '/var/log', 1)[0]).toMatchObject({ scannedAt: 2000, entries: 50, cutEntries: 0, partial: false, source: null });
  });

  it('drops the oldest scans once the history passes half the store cap, never the one just kept', () => {
    store = openStateStore({ dataDir: dir, maxBytes: 4 * 1024 * 1024 });
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(recordScanHistory(store, 'local', totals('/data'), entries(20_000, i + 1), 1000 + i));
    const kept = store.scanHistory.list('local', '/data', 100).map((s) => s.id);
    expect(kept[0]).toBe(ids[11]);
    expect(kept.length).toBeLessThan(12);
    // What is kept is the newest run of scans, the older ones gone.
    expect(kept).toEqual(ids.slice(12 - kept.length).reverse());
    expect(store.scanHistory.packedBytes()).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(store.stats().fileBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
  });
});
