// A 2 GiB text-log partition (real lines, not sparse) is sampled within fixed bounds: the bytes read are at
// most the sampling budget, the process's memory does not grow with the file, and the analysis ends within
// its time budget; a SQLite partition is read at most its row budget; a budget too small to finish in
// marks the report partial instead of running on.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceAnalyzer } from '../../../src/main/services/sources/sourceAnalyzer';
import { LocalTransport } from '../../../src/main/transport/localTransport';
import { buildLab, type LabInfo } from '../../lab/buildLab';
import { makeTempDir } from '../../support/tempDir';

const MiB = 1024 * 1024;
const BIG = 2048 * MiB;
const TAIL_BYTES = 4 * MiB;
const TIME_BUDGET = 30_000;
const tmp = makeTempDir('sources-bounds');
const store = join(tmp.dir, 'logs');
const local = new LocalTransport();
let lab: LabInfo;

/** 1 MiB of log lines (the last one cut short, so the buffer plus a newline is exactly 1 MiB). */
function chunk(i: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  const t0 = Date.UTC(2026, 3, 30) + Math.floor((i * 12 * 3_600_000) / 2048);
  for (let n = 0; size < MiB; n++) {
    const l = `${new Date(t0 + n).toISOString()} gateway[1004]: ERROR accept: Too many open files (os error 24) conn=${i * 100_000 + n}\n`;
    lines.push(l);
    size += l.length;
  }
  return Buffer.from(lines.join('')).subarray(0, MiB - 1);
}

beforeAll(async () => {
  for (const d of ['2026-04-28', '2026-04-29']) {
    mkdirSync(join(store, d), { recursive: true });
    writeFileSync(join(store, d, 'gateway.log'), chunk(0).subarray(0, 200_000));
  }
  mkdirSync(join(store, '2026-04-30'));
  // Real lines, written fast: one 1 MiB buffer of them, over and over.
  const mib = Buffer.concat([chunk(0), Buffer.from('\n')]);
  const fd = openSync(join(store, '2026-04-30', 'gateway.log'), 'w');
  for (let i = 0; i < BIG / MiB; i++) writeSync(fd, mib);
  closeSync(fd);
  lab = await buildLab(join(tmp.dir, 'lab'));
});

afterAll(() => tmp.cleanup());

describe('bounded sampling', () => {
  it('a 2 GiB partition: bytes read <= the budget, memory flat, done within the time budget', async () => {
    const analyzer = new SourceAnalyzer({ transportFor: () => local, bounds: { tailBytes: TAIL_BYTES, timeBudgetMs: TIME_BUDGET } });
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const rssPoll = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const t0 = performance.now();
    const r = await analyzer.analyze('local', join(store, '2026-04-30'));
    const ms = performance.now() - t0;
    clearInterval(rssPoll);
    peak = Math.max(peak, process.memoryUsage().rss);
    // The peer, in the same run: reading the whole file once (wc -l), what an unbounded count would cost.
    const w0 = performance.now();
    spawnSync('wc', ['-l', join(store, '2026-04-30', 'gateway.log')]);
    const wcMs = performance.now() - w0;
    console.log(`2 GiB partition: ${Math.round(ms)} ms (wc -l of the file: ${Math.round(wcMs)} ms), ${r.sampling.bytesRead} bytes read, ${r.sampling.rowsRead} lines templated, peak RSS +${((peak - rss0) / MiB).toFixed(1)} MiB`);
    expect(r.partial).toBe(false);
    expect(r.sources[0]).toMatchObject({ name: 'gateway', bytes: BIG });
    expect(r.sources[0].templates[0].template).toContain('os error 24');
    expect(r.sampling.bytesRead).toBeGreaterThan(TAIL_BYTES / 2);
    expect(r.sampling.bytesRead).toBeLessThanOrEqual(TAIL_BYTES);
    // Memory follows what the sampling read, not the file: a few times its 4 MiB at most.
    expect(peak - rss0).toBeLessThan(64 * MiB);
    expect(r.sampling.elapsedMs).toBeLessThanOrEqual(TIME_BUDGET);
    // Lines estimated from the sampled line length over the whole file.
    expect(r.sources[0].lines).toBeGreaterThan(BIG / 130);
    expect(r.sources[0].lines).toBeLessThan(BIG / 80);
  });

  it('a SQLite partition is read at most its row budget', async () => {
    const bounds = { tailRows: 1000, strata: 10, rowsPerStratum: 50 };
    const analyzer = new SourceAnalyzer({ transportFor: () => local, bounds });
    for (const reader of ['auto', 'shell'] as const) {
      const r = await analyzer.analyze('local', join(lab.root, lab.spikeDayPath), { sqliteReader: reader });
      // The lab's source column has no index: three times the strata, of half the rows, in each of the
      // current day and its six baseline days, and the newest rows of the current one.
      expect(r.sqlite?.sourceIndex).toBeNull();
      expect(r.sampling.rowsBudget).toBe(1000 + 7 * 30 * 25);
      expect(r.sampling.rowsRead).toBeLessThanOrEqual(r.sampling.rowsBudget);
      expect(r.sources[0].templates[0].count + r.sources.slice(1).reduce((n, s) => n + s.sampledLines, 0)).toBeLessThanOrEqual(1000);
      expect(r.sources[0].name).toBe('gateway');
    }
  });

  it('a time budget too small to finish in ends the analysis with a partial report that says so', async () => {
    const analyzer = new SourceAnalyzer({ transportFor: () => local, bounds: { timeBudgetMs: 1 } });
    const r = await analyzer.analyze('local', join(lab.root, lab.spikeDayPath));
    expect(r.partial).toBe(true);
    expect(r.messages.join('\n')).toMatch(/stopped at the time budget \(1 ms\)/);
  });
});
