// The window's side of memory held by deleted-but-open files: never a held tile on the treemap, summed
// apart in the Hidden usage view, largest first.
import { describe, expect, it } from 'vitest';
import { heldTilesFor } from '../../../src/renderer/src/treemap/heldTiles';
import { memoryKindLabel, memoryRows, memorySummary } from '../../../src/renderer/src/state/heldStore';
import type { HeldFile, HeldMemoryFile, HeldReport } from '../../../src/shared/heldModels';

function file(pid: number, fd: number, dev: number, bytes: number): HeldFile {
  return {
    pid, fd, path: `/dev/shm/f${fd} (deleted)`, sizeBytes: bytes, allocatedBytes: bytes, dev, ino: pid * 100 + fd, flags: 2, pos: 0,
    writable: true, append: false, mapped: false, mapper: null, mount: '/dev/shm', readOnly: false, duplicate: false,
  };
}
const memory = (pid: number, fd: number, bytes: number, kind: HeldMemoryFile['kind'], duplicate = false): HeldMemoryFile => ({
  ...file(pid, fd, 46, bytes), kind, comm: `p${pid}`, unit: null, duplicate,
});

const report: HeldReport = {
  holders: [{ pid: 1, comm: 'log', cmdline: 'log', startTime: 1, uid: 0, unit: null, heldBytes: 4096, fileCount: 1, files: [file(1, 3, 46, 4096)], moreFiles: 0 }],
  filesystems: [],
  totalHeldBytes: 4096,
  memory: [memory(7, 4, 8192, 'dev-shm'), memory(8, 5, 1 << 20, 'memfd'), memory(9, 6, 1 << 20, 'memfd', true)],
  memoryBytes: (1 << 20) + 8192,
  moreMemory: 2,
  partial: false,
  errors: [],
  scannedAt: 1,
};

describe('memory in the window', () => {
  it('draws held tiles for disk holders only, even for memory on the root\'s own device', () => {
    expect(heldTilesFor(report, 46, null).map((t) => [t.pid, t.bytes])).toEqual([[1, 4096]]);
    expect(heldTilesFor({ ...report, holders: [], totalHeldBytes: 0 }, 46, '/dev/shm')).toEqual([]);
  });

  it('sums memory apart (the listed files and the rest), and lists it largest first', () => {
    expect(memorySummary(report)).toEqual({ bytes: (1 << 20) + 8192, files: 5, processes: 3 });
    expect(memoryRows(report, 2).map((m) => [m.pid, m.fd])).toEqual([[8, 5], [9, 6]]);
    expect(memoryKindLabel('dev-shm')).toBe('/dev/shm');
    expect(memoryKindLabel('unmounted')).toBe('no mount');
  });
});
