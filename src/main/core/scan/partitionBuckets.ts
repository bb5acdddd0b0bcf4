// Age buckets: where a directory's partitions go once the scan's tree-wide budget of partitions kept one by one
// is spent. A bucket is one directory's partitions of one kind whose newest mtime falls in one calendar range
// (UTC): hours for yesterday and today, days back to the start of the month two months ago, months back to
// the start of the year two years ago, years before that. Each coarser region starts on a boundary of its own
// unit, so no two ranges overlap: a range alone says which partitions of its directory it holds.
import type { PartitionKind } from '../../../shared/models';
import type { BucketUnit } from '../../../shared/bucketLabel';

export type { BucketUnit };

const HOUR_S = 3600;
const DAY_S = 86_400;

export interface AgeRange {
  /** Epoch seconds, inclusive. */
  from: number;
  /** Epoch seconds, exclusive. */
  to: number;
  unit: BucketUnit;
}

/** The region boundaries for a scan made at `nowSec`: fixed for the whole scan, so ranges never overlap. */
export interface AgeCuts {
  hourFrom: number;
  dayFrom: number;
  monthFrom: number;
}

export function ageCuts(nowSec: number): AgeCuts {
  const yesterday = new Date((nowSec - DAY_S) * 1000);
  const twoMonthsAgo = new Date((nowSec - 62 * DAY_S) * 1000);
  const twoYearsAgo = new Date((nowSec - 730 * DAY_S) * 1000);
  return {
    hourFrom: Date.UTC(yesterday.getUTCFullYear(), yesterday.getUTCMonth(), yesterday.getUTCDate()) / 1000,
    dayFrom: Date.UTC(twoMonthsAgo.getUTCFullYear(), twoMonthsAgo.getUTCMonth(), 1) / 1000,
    monthFrom: Date.UTC(twoYearsAgo.getUTCFullYear(), 0, 1) / 1000,
  };
}

/** The range holding `mtime` (a file from the future lands in its hour). */
export function ageRangeOf(mtime: number, cuts: AgeCuts): AgeRange {
  if (mtime >= cuts.hourFrom) {
    const from = Math.floor(mtime / HOUR_S) * HOUR_S;
    return { from, to: from + HOUR_S, unit: 'hour' };
  }
  if (mtime >= cuts.dayFrom) {
    const from = Math.floor(mtime / DAY_S) * DAY_S;
    return { from, to: from + DAY_S, unit: 'day' };
  }
  const d = new Date(mtime * 1000);
  if (mtime >= cuts.monthFrom) {
    return { from: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000, to: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000, unit: 'month' };
  }
  return { from: Date.UTC(d.getUTCFullYear(), 0, 1) / 1000, to: Date.UTC(d.getUTCFullYear() + 1, 0, 1) / 1000, unit: 'year' };
}

/** Made and read back in one place (shared/bucketLabel.ts): the CLI, the window and the history read it too. */
export { bucketLabel } from '../../../shared/bucketLabel';

/** Partition kinds a scan folds into buckets: files that are units by themselves. */
export function bucketable(kind: PartitionKind | null): boolean {
  return kind === 'segment' || kind === 'rotated';
}
