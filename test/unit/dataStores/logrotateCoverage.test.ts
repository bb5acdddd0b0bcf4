import { describe, expect, it } from 'vitest';
import { DirIndex } from '../../../src/main/core/dataStores/dirIndex';
import type { ListedEntry, StoreReads } from '../../../src/main/core/dataStores/storeRecords';
import { logrotateReads, logrotateStores } from '../../../src/main/services/dataStores/logrotateCoverage';

const NOW = Date.UTC(2026, 11, 7, 12) / 1000;
const MiB = 1024 * 1024;

function entry(path: string, size: number, type: 'f' | 'd' = 'f'): ListedEntry {
  return { dev: 1, ino: path.length, type, size, blocks: Math.ceil(size / 512), nlink: 1, mtime: NOW, path };
}

describe('logrotate coverage', () => {
  const index = new DirIndex([entry('/etc/logrotate.d', 0, 'd'), entry('/etc/logrotate.d/app', 200), entry('/var/log/app', 0, 'd'), entry('/var/log/app/app.log', 600 * MiB), entry('/var/log/other.log', 10)]);
  const reads: StoreReads = {
    magic: new Map(),
    unreadable: new Set(),
    texts: new Map([
      ['/etc/logrotate.conf', 'weekly\nrotate 4\ninclude /etc/logrotate.d\n'],
      ['/etc/logrotate.d/app', '/var/log/app/*.log {\n  daily\n  maxsize 100M\n  rotate 7\n  compress\n}\n'],
      // Rotated 6 hours ago: 600 MiB since is 100 MiB an hour.
      ['/var/lib/logrotate/status', `logrotate state -- version 2\n"/var/log/app/app.log" 2026-12-7-6:0:0\n`],
    ]),
  };

  it('reads the main file, every file of its include directory and the state file', () => {
    expect(logrotateReads(index).map((r) => r.path)).toEqual(['/etc/logrotate.conf', '/etc/logrotate.d/app', '/var/lib/logrotate/status']);
  });

  it("names the covering stanza, its schedule, and maxsize against the rate since the last rotation: a day's writes on top", () => {
    const [s, ...rest] = logrotateStores(index, reads, ['/var/log'], NOW);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ kind: 'logrotate', path: '/etc/logrotate.d/app:1', reapRule: 'free', files: 1 });
    const f = s.findings[0];
    expect(f.text).toMatch(/rotated by \/etc\/logrotate.d\/app line 1: daily, maxsize 100M, rotate 7, create, compress; last rotated 2026-12-07 06:00 UTC; written at 100 MiB\/h since/);
    // 100 MiB + 24 h x 100 MiB/h.
    expect(f.bytes).toBe(100 * MiB + 24 * 100 * MiB);
  });

  it('says nothing about files outside the looked-at locations, and nothing without logrotate.conf', () => {
    expect(logrotateStores(index, reads, ['/srv'], NOW)).toEqual([]);
    expect(logrotateStores(index, { ...reads, texts: new Map() }, ['/var/log'], NOW)).toEqual([]);
  });
});
