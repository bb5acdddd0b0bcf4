// The file export keeps sources analyses in: reused under an hour only (never from a clock set back), one entry
// per node and root, bounded, and a corrupt or foreign file read as empty rather than failing the export.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPORT_SOURCES_CACHE_FILE, ExportSourcesCache, SOURCES_REUSE_MS, type CachedSources } from '../../../src/main/services/export/exportSourcesCache';
import { makeTempDir } from '../../support/tempDir';

const tmp = makeTempDir('export-cache');
afterAll(() => tmp.cleanup());

let n = 0;
const freshDir = () => join(tmp.dir, `d${n++}`);
const entry = (over: Partial<CachedSources> = {}): CachedSources => ({ node: 'local', root: '/var/log', analyzedAt: 1_000_000, partition: '/var/log/2026-12-06', partial: false, sources: [{ name: 'api', baselineRatio: 2 }], ...over });

describe('the export sources cache', () => {
  it('gives an analysis back under an hour old, not at an hour, and not from the future', () => {
    let now = 1_000_000;
    const cache = new ExportSourcesCache(freshDir(), () => now);
    expect(cache.put(entry())).toBeNull();
    expect(cache.fresh('local', '/var/log')?.sources).toEqual([{ name: 'api', baselineRatio: 2 }]);
    now += SOURCES_REUSE_MS - 1;
    expect(cache.fresh('local', '/var/log')).not.toBeNull();
    now += 1;
    expect(cache.fresh('local', '/var/log')).toBeNull();
    now = 1_000_000 - 1;
    expect(cache.fresh('local', '/var/log')).toBeNull();
  });

  it('keeps one entry per node and root, the newest, and at most 256 roots', () => {
    const dir = freshDir();
    const cache = new ExportSourcesCache(dir, () => 5_000_000);
    cache.put(entry({ analyzedAt: 1 }));
    cache.put(entry({ analyzedAt: 2, sources: [{ name: 'new', baselineRatio: 3 }] }));
    cache.put(entry({ node: 'web1', analyzedAt: 3 }));
    for (let i = 0; i < 300; i++) cache.put(entry({ root: `/r${i}`, analyzedAt: 10 + i }));
    const file = JSON.parse(readFileSync(join(dir, EXPORT_SOURCES_CACHE_FILE), 'utf8')) as { entries: CachedSources[] };
    expect(file.entries).toHaveLength(256);
    // The least recently analysed went first: the three early entries and the first 47 roots.
    expect(file.entries.some((e) => e.root === '/var/log')).toBe(false);
    expect(file.entries.at(-1)?.root).toBe('/r44');
    expect(readdirSync(dir)).toEqual([EXPORT_SOURCES_CACHE_FILE]);
  });

  it('keeps at most 100 sources with a ratio, highest first', () => {
    const cache = new ExportSourcesCache(freshDir(), () => 1_000_000);
    const sources = Array.from({ length: 150 }, (_, i) => ({ name: `s${i}`, baselineRatio: i === 0 ? null : i }));
    cache.put(entry({ sources }));
    const kept = cache.fresh('local', '/var/log')!.sources;
    expect(kept).toHaveLength(100);
    expect(kept[0]).toEqual({ name: 's149', baselineRatio: 149 });
    expect(kept.some((s) => s.baselineRatio === null)).toBe(false);
  });

  it('reads a corrupt or foreign file as empty, and says so when it cannot write', () => {
    const dir = freshDir();
    mkdirSync(dir);
    const cache = new ExportSourcesCache(dir, () => 1_000_000);
    for (const text of ['{not json', '{"version":2,"entries":[]}', JSON.stringify({ version: 1, entries: [{ ...entry(), analyzedAt: 'soon' }] })]) {
      writeFileSync(join(dir, EXPORT_SOURCES_CACHE_FILE), text);
      expect(cache.fresh('local', '/var/log')).toBeNull();
    }
    const blocked = freshDir();
    mkdirSync(join(blocked, EXPORT_SOURCES_CACHE_FILE), { recursive: true });
    chmodSync(blocked, 0o755);
    expect(new ExportSourcesCache(blocked, () => 1).put(entry())).toMatch(/could not be kept/);
    expect(existsSync(join(blocked, `${EXPORT_SOURCES_CACHE_FILE}.${process.pid}.tmp`))).toBe(false);
  });
});
