// A scan summary of `partitions` day partitions of `bytes` each, with names long enough to take room in the
// store: what the state store tests record and trim.
import type { ScanSummary } from '../../../src/shared/models';

export function summary(root: string, partitions: number, bytes = 1000): ScanSummary {
  return {
    root,
    device: 2049,
    allocatedBytes: bytes * partitions,
    apparentBytes: bytes * partitions - 7,
    files: partitions * 3,
    dirs: partitions,
    partitions: Array.from({ length: partitions }, (_, i) => ({
      id: i + 1,
      path: `logs/core/2026/${String(i).padStart(3, '0')}/logs.sqlite-with-a-longer-name-to-take-room`,
      kind: 'day' as const,
      allocatedBytes: bytes,
      apparentBytes: bytes - 1,
      files: 3,
      newestMtime: 1_760_000_000 + i,
      oldestMtime: 1_750_000_000 + i,
    })),
    morePartitions: { count: 2, allocatedBytes: 12 }, looseFiles: [],
    partial: false,
    errors: [],
  };
}
