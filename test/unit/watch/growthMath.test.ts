// The bounded rings behind sparklines and partition growth, the hot-set rules that decide what a sample
// measures, writer memory, and the sample probe's records. (Growth rates: growthRate.test.ts.)
import { describe, expect, it } from 'vitest';
import { DirtySet, HotEntries, hotTargetOf, relativeTo } from '../../../src/main/core/watch/hotSet';
import { SeriesRing } from '../../../src/main/core/watch/seriesRing';
import { unmatchedRssGrowth } from '../../../src/main/core/watch/writerMemory';
import { linkPatternUnder, parseSampleOutput } from '../../../src/main/core/watch/sampleRecords';

describe('SeriesRing', () => {
  it('keeps the newest points up to its capacity', () => {
    const r = new SeriesRing(3);
    for (let i = 1; i <= 5; i++) r.push(i, i * 10);
    expect(r.values(10)).toEqual([30, 40, 50]);
  });

  it('spaces points out so a few cover a long window, the newest always current', () => {
    const r = new SeriesRing(100, 1000);
    for (let t = 0; t <= 10_000; t += 100) r.push(t, t);
    expect(r.length).toBeLessThanOrEqual(12);
    expect(r.newest()).toEqual({ at: 10_000, value: 10_000 });
    expect(r.firstSince(5000)!.at).toBeGreaterThanOrEqual(5000);
  });
});

describe('hot targets', () => {
  it('counts a file in a day directory for the outermost day', () => {
    expect(hotTargetOf('logs/2026/120/core-1.log')).toEqual({ measure: 'logs/2026/120', partition: 'logs/2026/120', kind: 'day' });
    expect(hotTargetOf('2026-04-30/x/y.log')).toEqual({ measure: '2026-04-30', partition: '2026-04-30', kind: 'day' });
  });

  it('counts a SQLite -wal with its database, a segment and a rotated file for their unit, a plain file for itself', () => {
    expect(hotTargetOf('db/app.sqlite-wal')).toEqual({ measure: 'db/app.sqlite-wal', partition: 'db/app.sqlite', kind: 'sqlite' });
    expect(hotTargetOf('wal/seg-000042.log')!.kind).toBe('segment');
    expect(hotTargetOf('app.log.3.gz')!.kind).toBe('rotated');
    expect(hotTargetOf('a/app.log')).toEqual({ measure: 'a/app.log', partition: 'a/app.log', kind: 'file' });
    expect(hotTargetOf('')).toBeNull();
  });

  it('finds paths under a root and only those', () => {
    expect(relativeTo('/var/log', '/var/log/a/b')).toBe('a/b');
    expect(relativeTo('/var/log/', '/var/log/a')).toBe('a');
    expect(relativeTo('/var/log', '/var/logger/a')).toBeNull();
  });

  it('DirtySet: repeated marks of one path cost nothing; when full, new paths are dropped and counted', () => {
    const d = new DirtySet(2);
    for (let i = 0; i < 1000; i++) d.mark('/r/a');
    d.mark('/r/b');
    d.mark('/r/c');
    const taken = d.take();
    expect(taken).toEqual({ paths: ['/r/a', '/r/b'], changes: 1002, dropped: 1 });
    expect(d.size).toBe(0);
  });

  it('HotEntries: least recently changed goes first when full; entries expire after the ttl or when gone', () => {
    const h = new HotEntries(2, 1000);
    h.touch(hotTargetOf('a.log')!, 0);
    h.touch(hotTargetOf('b.log')!, 10);
    h.touch(hotTargetOf('a.log')!, 20);
    h.touch(hotTargetOf('c.log')!, 30);
    expect(h.current(40).map((t) => t.measure)).toEqual(['a.log', 'c.log']);
    expect(h.evicted).toBe(1);
    expect(h.current(40, new Set(['a.log'])).map((t) => t.measure)).toEqual(['c.log']);
    expect(h.current(2000)).toEqual([]);
  });
});

describe('writer memory', () => {
  const MiB = 1024 * 1024;
  it('flags RSS growth not matched by writes, over the window only', () => {
    const queue = [0, 1, 2, 3].map((i) => ({ at: i * 60_000, rssBytes: 100 * MiB + i * 500 * MiB, writeBytes: i * 1000 }));
    expect(unmatchedRssGrowth(queue, 10 * 60_000)).toBe(1500 * MiB);
    expect(unmatchedRssGrowth(queue, 60_000)).toBe(500 * MiB);
  });

  it('does not flag a writer whose writes keep up, or whose memory shrinks', () => {
    const busy = [0, 1].map((i) => ({ at: i * 1000, rssBytes: 100 * MiB + i * 50 * MiB, writeBytes: i * 10 * MiB }));
    expect(unmatchedRssGrowth(busy, 60_000)).toBe(0);
    const shrinking = [0, 1].map((i) => ({ at: i * 1000, rssBytes: 100 * MiB - i * 50 * MiB, writeBytes: 0 }));
    expect(unmatchedRssGrowth(shrinking, 60_000)).toBe(0);
  });
});

describe('sample records', () => {
  it('parses df, sizes of hostile names, changed files, writers and /proc files', () => {
    const hostile = '/r/-x $(touch p)\nline\xff\xfe';
    const raw = [
      'DF\nFilesystem Type 1B-blocks Used Avail Inodes IUsed IFree Mounted on\ntmpfs tmpfs 1000 600 400 10 1 9 /mnt/a\\040b\n',
      `4096\t${hostile}`,
      'N\t8\t/r/new.log',
      'W\t/proc/42/fd',
      'W\t/proc/42/fd',
      '/proc/42/io:rchar: 1\nwrite_bytes: 12345\n',
      '/proc/42/status:Name:\tx\nVmRSS:\t  2048 kB\n',
      '/proc/42/comm:flowctl-go\n',
      'garbage',
      '',
    ].join('\0');
    const r = parseSampleOutput(raw);
    expect(r.filesystem).toMatchObject({ mount: '/mnt/a b', usedBytes: 600, availBytes: 400, fillRatio: 0.6 });
    expect(r.sizes.get(hostile)).toBe(4096);
    expect(r.changed).toEqual(['/r/new.log']);
    expect(r.writers).toEqual([42]);
    expect(r.processes.get(42)).toEqual({ pid: 42, comm: 'flowctl-go', writeBytes: 12345, rssBytes: 2 * 1024 * 1024 });
    expect(r.malformed).toBe(1);
  });

  it('escapes glob characters of the root in the writer pattern', () => {
    expect(linkPatternUnder('/a*b/[x]?\\/')).toBe('/a\\*b/\\[x\\]\\?\\\\/*');
  });
});
