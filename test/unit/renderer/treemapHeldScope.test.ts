// Held tiles belong to a root only for deleted files that were inside it: a file held elsewhere on the
// same filesystem (another directory of /var, say) is not drawn inside the root's treemap.
import { describe, expect, it } from 'vitest';
import type { HeldFile, HeldReport } from '../../../src/shared/heldModels';
import { heldPathUnder, heldTilesFor } from '../../../src/renderer/src/treemap/heldTiles';

function held(pid: number, fd: number, path: string, bytes: number): HeldFile {
  return {
    pid, fd, path, sizeBytes: bytes, allocatedBytes: bytes, dev: 2049, ino: pid * 100 + fd, flags: 2, pos: 0,
    writable: true, append: true, mapped: false, mapper: null, mount: '/', readOnly: false, duplicate: false,
  };
}

function report(files: HeldFile[]): HeldReport {
  const pids = [...new Set(files.map((f) => f.pid))];
  return {
    holders: pids.map((pid) => {
      const own = files.filter((f) => f.pid === pid);
      const bytes = own.reduce((s, f) => s + f.allocatedBytes, 0);
      return { pid, comm: `p${pid}`, cmdline: `p${pid}`, startTime: 1, uid: 0, unit: null, heldBytes: bytes, fileCount: own.length, files: own, moreFiles: 0 };
    }),
    filesystems: [], totalHeldBytes: files.reduce((s, f) => s + f.allocatedBytes, 0), memory: [], memoryBytes: 0, moreMemory: 0, partial: false, errors: [], scannedAt: 1,
  };
}

describe('held tiles in a root', () => {
  it('counts only files whose last path was inside the root, not a sibling sharing its prefix', () => {
    expect(heldPathUnder('/var/log/app.log (deleted)', '/var/log')).toBe(true);
    expect(heldPathUnder('/var/log/app.log (deleted)', '/var/log/')).toBe(true);
    expect(heldPathUnder('/var/logs-old/app.log (deleted)', '/var/log')).toBe(false);
    expect(heldPathUnder('/var/lib/db/wal (deleted)', '/var/log')).toBe(false);
    expect(heldPathUnder('/anything (deleted)', '/')).toBe(true);
  });

  it('draws no tile for a holder whose files are elsewhere on the filesystem, and only the inside bytes of one that has both', () => {
    const r = report([held(1, 3, '/var/lib/db/wal-1 (deleted)', 9_000_000), held(2, 4, '/var/log/app.log (deleted)', 1_000_000), held(2, 5, '/var/tmp/x (deleted)', 5_000_000)]);
    expect(heldTilesFor(r, 2049, null, '/var/log').map((t) => [t.pid, t.bytes, t.files])).toEqual([[2, 1_000_000, 1]]);
    // Without a root (the filesystem's view), every file on the device counts.
    expect(heldTilesFor(r, 2049, null).map((t) => t.pid)).toEqual([1, 2]);
  });
});
