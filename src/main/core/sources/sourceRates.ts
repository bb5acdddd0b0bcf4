// Per-source volume and rate of the current partition against its own baseline: the median bytes of the
// previous day-partitions (up to 7), the spike ratio, and when the spike began.
//
// Days are compared by their bytes, whatever their length: an office's traffic does not grow on a 25 h DST
// day, nor shrink when it comes in office hours only. A finished day's ratio is its bytes over the median
// bytes of the days before; per second, both are spread over the current day's own length (23, 24 or 25 h).
// The open day's rate runs from its start until now, against the median day spread over the whole day.

/** Volume of one source in one partition (measured, or estimated from sampled rows). */
export interface SourceVolume {
  bytes: number;
  lines: number;
  /** Lines estimated (from a sample's share, or bytes over a sampled line length), not counted. */
  linesEstimated: boolean;
}

export interface PartitionVolume {
  /** e.g. "2026/120" or "2026-04-30". */
  key: string;
  /** Seconds its rates are over: its day's length once the day is over, from the day's start until now while it is open. */
  seconds: number;
  /** Its day's length in seconds (23, 24 or 25 h): a median baseline day is spread over it for the baseline's rate. */
  daySeconds: number;
  bySource: ReadonlyMap<string, SourceVolume>;
}

export interface SourceRate {
  name: string;
  bytes: number;
  lines: number;
  linesEstimated: boolean;
  /** Of the current partition's bytes. */
  share: number;
  bytesPerSecond: number;
  linesPerSecond: number;
  /**
   * The median bytes of the baseline partitions (a partition without the source counts 0) over the current
   * day's length; null without baseline partitions.
   */
  baselineBytesPerSecond: number | null;
  baselineLinesPerSecond: number | null;
  /** bytes/s now over the baseline's; null when there is no baseline or it was 0 (then `newSource`). */
  baselineRatio: number | null;
  /** Silent in every baseline partition, loud now. */
  newSource: boolean;
}

/** The baseline is the median of at most this many previous partitions. */
export const BASELINE_PARTITIONS = 7;

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const perSecond = (v: number, seconds: number) => (seconds > 0 ? v / seconds : 0);

/**
 * Sources of `current` ranked by their share of its bytes, each against the median of `previous`
 * (oldest first; only the last 7 are used).
 */
export function rankSources(current: PartitionVolume, previous: readonly PartitionVolume[]): SourceRate[] {
  const baseline = previous.slice(-BASELINE_PARTITIONS);
  let total = 0;
  for (const v of current.bySource.values()) total += v.bytes;
  const out: SourceRate[] = [];
  for (const [name, v] of current.bySource) {
    const bps = perSecond(v.bytes, current.seconds);
    const lps = perSecond(v.lines, current.seconds);
    let baseBps: number | null = null;
    let baseLps: number | null = null;
    if (baseline.length > 0) {
      baseBps = perSecond(median(baseline.map((p) => p.bySource.get(name)?.bytes ?? 0)), current.daySeconds);
      baseLps = perSecond(median(baseline.map((p) => p.bySource.get(name)?.lines ?? 0)), current.daySeconds);
    }
    const ratio = baseBps !== null && baseBps > 0 ? bps / baseBps : null;
    out.push({
      name,
      bytes: v.bytes,
      lines: v.lines,
      linesEstimated: v.linesEstimated,
      share: total > 0 ? v.bytes / total : 0,
      bytesPerSecond: bps,
      linesPerSecond: lps,
      baselineBytesPerSecond: baseBps,
      baselineLinesPerSecond: baseLps,
      baselineRatio: ratio,
      newSource: baseBps === 0 && v.bytes > 0,
    });
  }
  return out.sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
}

/** The whole partition against the median of the previous ones: bytes over median bytes for a finished day. */
export function partitionRatio(current: PartitionVolume, previous: readonly PartitionVolume[]): number | null {
  const sum = (p: PartitionVolume) => {
    let t = 0;
    for (const v of p.bySource.values()) t += v.bytes;
    return t;
  };
  const baseline = previous.slice(-BASELINE_PARTITIONS);
  if (baseline.length === 0) return null;
  const base = perSecond(median(baseline.map(sum)), current.daySeconds);
  return base > 0 ? perSecond(sum(current), current.seconds) / base : null;
}

/** A source's rate over one stretch of time: a minute of a text log, or one stratum of a SQLite table's sampled rows. */
export interface RateBucket {
  startMs: number;
  endMs: number;
  linesPerSecond: number;
  /**
   * Times of the source's lines in a contiguous run read inside the bucket (a SQLite stratum reads its first
   * rows in rowid order): where in the bucket the spike began can be found from them.
   */
  times?: number[];
}

/** Lines in a row over which a rate is measured when refining a spike's start. */
const REFINE_LINES = 10;

/** The first of the lines from which the next REFINE_LINES come faster than `threshold` lines/s. */
function refine(times: readonly number[], threshold: number): { startMs: number; resolutionMs: number; first: boolean } | null {
  const t = [...times].sort((a, b) => a - b);
  for (let j = 0; j + REFINE_LINES < t.length; j++) {
    const span = (t[j + REFINE_LINES] - t[j]) / 1000;
    if (span <= 0 || REFINE_LINES / span > threshold) {
      // The window may begin with a few slow lines before the burst: skip each gap much longer than its average.
      let k = j;
      const gap = (span * 1000) / REFINE_LINES;
      while (k + 1 < t.length && k < j + REFINE_LINES && t[k + 1] - t[k] > 2 * gap) k++;
      const end = Math.min(t.length - 1, k + REFINE_LINES);
      return { startMs: t[k], resolutionMs: t[end] - t[k], first: k === 0 };
    }
  }
  return null;
}

export interface SpikeStart {
  /** Start of the first bucket of the run above the threshold that lasts to the last bucket. */
  startMs: number;
  /** The run starts at the first bucket observed: the spike began then or earlier. */
  atOrBefore: boolean;
  /** The width of the bucket it was found in: how precise startMs is. */
  resolutionMs: number;
}

/**
 * When the current spike began: the start of the trailing run of buckets whose rate is above
 * `factor` x the baseline rate. Null when the last bucket is not above it (no spike going on).
 */
export function spikeStart(buckets: readonly RateBucket[], baselineLinesPerSecond: number, factor = 3): SpikeStart | null {
  const sorted = [...buckets].sort((a, b) => a.startMs - b.startMs);
  if (sorted.length === 0) return null;
  const threshold = baselineLinesPerSecond * factor;
  const above = (b: RateBucket) => b.linesPerSecond > threshold && b.linesPerSecond > 0;
  let i = sorted.length - 1;
  if (!above(sorted[i])) return null;
  while (i > 0 && above(sorted[i - 1])) i--;
  const fine = sorted[i].times ? refine(sorted[i].times!, threshold) : null;
  if (fine) return { startMs: fine.startMs, atOrBefore: i === 0 && fine.first, resolutionMs: fine.resolutionMs };
  return { startMs: sorted[i].startMs, atOrBefore: i === 0, resolutionMs: Math.max(0, sorted[i].endMs - sorted[i].startMs) };
}

/** A time value from a log column, as epoch ms: seconds, ms, µs or ns since the epoch, or an ISO-ish date text. */
export function toEpochMs(v: unknown): number | null {
  if (typeof v === 'bigint') v = Number(v);
  if (typeof v === 'number' && Number.isFinite(v)) {
    const a = Math.abs(v);
    if (a >= 1e17) return v / 1e6;
    if (a >= 1e14) return v / 1e3;
    if (a >= 1e11) return v;
    if (a >= 1e8) return v * 1000;
    return null;
  }
  if (typeof v === 'string' && v.length >= 10 && v.length <= 64) {
    if (/^\d+(\.\d+)?$/.test(v)) return toEpochMs(Number(v));
    // SQLite's own datetime() text has a space and no zone: it is UTC.
    const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(v) && !/[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v.replace(' ', 'T') + 'Z' : v;
    const t = Date.parse(iso);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}
