import { describe, expect, it } from 'vitest';
import { bucketPickProblem, bucketPicks, unreadableBucketPick } from '../../../src/main/cli/bucketPicks';
import type { PartitionBucket } from '../../../src/shared/models';

const DAY = 86_400;
const NOV5 = Date.UTC(2026, 10, 5) / 1000;
const day = (dir: string, from = NOV5): PartitionBucket => ({ memberKind: 'segment', dir, from, to: from + DAY });
const scanBuckets = new Map<string, PartitionBucket>([
  ['a/wal/[segments 2026-11-05]', day('a/wal')],
  ['b/wal/[segments 2026-11-05]', day('b/wal')],
  ['b/wal/[segments 2026-11-06]', day('b/wal', NOV5 + DAY)],
  ['c/[segments 2026-10]', { memberKind: 'segment', dir: 'c', from: Date.UTC(2026, 9, 1) / 1000, to: NOV5 - 4 * DAY }],
]);

describe('CLI picks of age buckets', () => {
  it('tells bucket picks from partition picks by their last component, however they are written', () => {
    expect(bucketPicks(['wal/seg-00001.log', './a/wal/[segments 2026-11-05]/', '[x]', 'a[b]/c.log'])).toEqual(['./a/wal/[segments 2026-11-05]/', '[x]']);
  });

  it('accepts a bucket of the scan, and one that has aged into a wider bucket since (its range lies in it)', () => {
    expect(bucketPickProblem(['./a/wal/[segments 2026-11-05]', 'b/wal/[segments 2026-11-06 13h]', 'c/[segments 2026-10-12]'], scanBuckets, '/spool')).toBeNull();
  });

  it('refuses in one line a name no bucket can have, before any scan, saying where to copy one from', () => {
    const msg = unreadableBucketPick(['a/wal/[segments 2026-02-30]'], '/spool')!;
    expect(msg).toBe('plan: --partition "a/wal/[segments 2026-02-30]" is shaped like an age bucket but names none (DIR/[KIND DATE], e.g. wal/[segments 2026-11-05]): run spoolscope scan /spool --json and copy a path from its partitions[]');
    expect(bucketPickProblem(['[segmnts 2026-11-05]'], scanBuckets, '/spool')).toMatch(/shaped like an age bucket but names none/);
  });

  it('refuses a bare name that buckets of several directories carry, naming them, rather than picking one', () => {
    const msg = bucketPickProblem(['[segments 2026-11-05]'], scanBuckets, '/spool')!;
    expect(msg).toBe('plan: --partition "[segments 2026-11-05]" names no age bucket under /spool, but 2 other directories hold one of that name: give its whole path as scan --json prints it, one of "a/wal/[segments 2026-11-05]", "b/wal/[segments 2026-11-05]"');
    expect(bucketPickProblem(['wal/[segments 2026-11-06]'], scanBuckets, '/spool')).toMatch(/but another directory holds one of that name: .*"b\/wal\/\[segments 2026-11-06\]"$/);
  });

  it('refuses a bucket the scan has none of, in one line, with a newline in the pick escaped', () => {
    const msg = bucketPickProblem(['a/wal/[segments 2026-11-07]', 'x\n/[segments 2026-11-05]'], scanBuckets, '/spool')!;
    expect(msg).toBe('plan: no age bucket "a/wal/[segments 2026-11-07]" under /spool now (its partitions are gone, written to since, or each listed one by one): run spoolscope scan /spool --json and copy a path from its partitions[]');
    expect(bucketPickProblem(['x\n/[rotated logs 2026]'], scanBuckets, '/spool')).not.toContain('\n');
  });
});
