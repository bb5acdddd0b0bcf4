// An age bucket's name, "[segments 2026-11-05]", made from its members' kind and its range and read back
// into them: the name alone says which partitions of its directory a bucket stands for, so a path typed
// from `scan --json` (the CLI's --partition), a treemap tile (the reap marking) and a stored scan's entry
// (the history diff, which keeps no range of its own) all recover the same range from it.
import type { PartitionBucket, PartitionKind } from './models';

export type BucketUnit = 'hour' | 'day' | 'month' | 'year';

export interface BucketRange {
  /** Epoch seconds, inclusive. */
  from: number;
  /** Epoch seconds, exclusive. */
  to: number;
  unit: BucketUnit;
}

const PLURAL: Record<PartitionKind, string> = { day: 'days', segment: 'segments', rotated: 'rotated logs', sqlite: 'databases' };
const KIND_OF_PLURAL = new Map(Object.entries(PLURAL).map(([kind, plural]) => [plural, kind as PartitionKind]));

/**
 * A bucket's name in its directory, e.g. "[segments 2026-11-05]": the kind and the range, never its count, so
 * the same bucket keeps its name from scan to scan. It ends in "]", which no partition pattern accepts: a
 * bucket's path can never be a real partition's.
 */
export function bucketLabel(kind: PartitionKind, range: Pick<BucketRange, 'from' | 'unit'>): string {
  const iso = new Date(range.from * 1000).toISOString();
  const when = range.unit === 'hour' ? `${iso.slice(0, 10)} ${iso.slice(11, 13)}h` : range.unit === 'day' ? iso.slice(0, 10) : range.unit === 'month' ? iso.slice(0, 7) : iso.slice(0, 4);
  return `[${PLURAL[kind]} ${when}]`;
}

export interface ParsedBucketLabel extends BucketRange {
  kind: PartitionKind;
}

const LABEL = /^\[([a-z ]+) (\d{4})(?:-(\d{2})(?:-(\d{2})(?: (\d{2})h)?)?)?\]$/;

/** The kind and range a bucket's name stands for; null for any name bucketLabel cannot have made. */
export function parseBucketLabel(label: string): ParsedBucketLabel | null {
  const m = LABEL.exec(label);
  if (!m) return null;
  const kind = KIND_OF_PLURAL.get(m[1]);
  if (!kind) return null;
  const [y, mo, d, h] = [Number(m[2]), m[3] === undefined ? null : Number(m[3]), m[4] === undefined ? null : Number(m[4]), m[5] === undefined ? null : Number(m[5])];
  const unit: BucketUnit = h !== null ? 'hour' : d !== null ? 'day' : mo !== null ? 'month' : 'year';
  const from = Date.UTC(y, (mo ?? 1) - 1, d ?? 1, h ?? 0) / 1000;
  const to = unit === 'hour' ? from + 3600 : unit === 'day' ? from + 86_400 : unit === 'month' ? Date.UTC(y, mo!, 1) / 1000 : Date.UTC(y + 1, 0, 1) / 1000;
  const range = { kind, from, to, unit };
  // Date.UTC rolls 2026-02-30 over into March: only a name this range would be given again is one.
  return bucketLabel(kind, range) === label ? range : null;
}

/** True when the last component of a path is shaped like a bucket's name (parseable or not): "…/[…]". */
export function looksLikeBucketPath(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.startsWith('[') && name.endsWith(']');
}

/** What a bucket's path (its directory, '' for the root, then its name) stands for; null when it is none. */
export function parseBucketPath(path: string): (PartitionBucket & { unit: BucketUnit }) | null {
  const slash = path.lastIndexOf('/');
  const parsed = parseBucketLabel(path.slice(slash + 1));
  if (!parsed) return null;
  return { memberKind: parsed.kind, dir: slash === -1 ? '' : path.slice(0, slash), from: parsed.from, to: parsed.to, unit: parsed.unit };
}
