import { describe, expect, it } from 'vitest';
import { ScanTree } from '../../../src/main/core/scan/scanTree';
import { splitRelPath, type ScanRecord } from '../../../src/main/core/scan/scanRecordParser';
import { boundEntries, historyEntriesOf, type HistoryEntry } from '../../../src/main/core/history/historyEntries';
import { decodeHistory, encodeHistory, HistoryCodecError } from '../../../src/main/core/history/historyCodec';

let ino = 100;
function rec(relPath: string, over: Partial<ScanRecord> = {}): ScanRecord {
  return { dev: 1, ino: ino++, type: 'f', size: 1000, blocks: 8, nlink: 1, mtime: 1_700_000_000, ...splitRelPath(relPath), ...over };
}
const dir = (relPath: string) => rec(relPath, { type: 'd', size: 4096, blocks: 8 });

describe('history entries of a scan', () => {
  it('keeps every directory outside partitions and every outermost partition, past the 500 the summary lists', () => {
    const t = new ScanTree();
    t.add(dir(''));
    t.add(dir('logs'));
    for (const year of ['2025', '2026']) {
      t.add(dir(`logs/${year}`));
      for (let d = 1; d <= 350; d++) {
        const day = `logs/${year}/${String(d).padStart(3, '0')}`;
        t.add(dir(day));
        t.add(dir(`${day}/inner`));
        t.add(rec(`${day}/inner/x.log`, { blocks: d }));
      }
    }
    t.add(dir('wal'));
    t.add(rec('wal/seg-000001.log', { blocks: 16 }));
    t.add(rec('wal/notes.txt', { blocks: 16 }));
    const { entries, cut } = historyEntriesOf(t);
    expect(cut.count).toBe(0);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    expect(byPath.get('logs')?.kind).toBe('dir');
    expect(byPath.get('logs/2026/001')).toMatchObject({ kind: 'day', allocatedBytes: 2 * 4096 + 512, files: 1 });
    expect(byPath.get('logs/2025/350')?.kind).toBe('day');
    // Inside a partition only the partition; a plain file is no entry; a segment is.
    expect(byPath.has('logs/2026/001/inner')).toBe(false);
    expect(byPath.has('wal/notes.txt')).toBe(false);
    expect(byPath.get('wal/seg-000001.log')).toMatchObject({ kind: 'segment', allocatedBytes: 16 * 512 });
    expect(entries.filter((e) => e.kind === 'day')).toHaveLength(700);
    expect(entries.map((e) => e.path)).toEqual([...entries.map((e) => e.path)].sort());
  });

  it('keeps the largest entries past the limit and counts the rest with the largest one left out', () => {
    const all: HistoryEntry[] = Array.from({ length: 10 }, (_, i) => ({ path: `d${i}`, kind: 'dir', allocatedBytes: (i + 1) * 100, apparentBytes: 1, files: 1 }));
    const { entries, cut } = boundEntries(all, 4);
    expect(entries.map((e) => e.path)).toEqual(['d6', 'd7', 'd8', 'd9']);
    expect(cut).toEqual({ count: 6, allocatedBytes: 100 + 200 + 300 + 400 + 500 + 600, largestBytes: 600 });
  });
});

describe('history codec', () => {
  it('gives back exactly the entries written, raw bytes of hostile names included', () => {
    const names = ['a', 'a\nb', 'a/"$(rm -rf x)"', 'a/-rf', 'a/\xff\xfe', 'a/\xc3\xa9t\xe9', 'b/2026/001', 'b/2026/002'];
    const entries: HistoryEntry[] = names.map((path, i) => ({ path, kind: i % 2 ? 'day' : 'dir', allocatedBytes: 2 ** 40 + i, apparentBytes: i, files: i * 1000 }));
    const cut = { count: 3, allocatedBytes: 1234, largestBytes: 512 };
    const back = decodeHistory(encodeHistory({ entries: [...entries].reverse(), cut }));
    expect(back.cut).toEqual(cut);
    expect(back.entries).toEqual([...entries].sort((a, b) => (a.path < b.path ? -1 : 1)));
  });

  it('costs a few bytes an entry for day directories that share their prefixes', () => {
    const entries: HistoryEntry[] = Array.from({ length: 10_000 }, (_, i) => ({ path: `spool/core/2026/${String(i).padStart(5, '0')}`, kind: 'day', allocatedBytes: 4096 * i, apparentBytes: 4000 * i, files: 3 }));
    const bytes = encodeHistory({ entries, cut: { count: 0, allocatedBytes: 0, largestBytes: 0 } });
    expect(bytes.length / entries.length).toBeLessThan(16);
  });

  it('refuses bytes that are cut short, foreign or claim more entries than they hold', () => {
    const good = encodeHistory({ entries: [{ path: 'x', kind: 'dir', allocatedBytes: 1, apparentBytes: 1, files: 1 }], cut: { count: 0, allocatedBytes: 0, largestBytes: 0 } });
    expect(() => decodeHistory(good.subarray(0, good.length - 1))).toThrow(HistoryCodecError);
    expect(() => decodeHistory(Buffer.from('PK\x03\x04 not ours'))).toThrow(HistoryCodecError);
    const greedy = Buffer.from(good);
    greedy[8] = 0x7f; // the entry count (after magic, format and three one-byte cut varints)
    expect(() => decodeHistory(greedy)).toThrow(HistoryCodecError);
  });
});
