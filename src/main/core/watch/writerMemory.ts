// A writer whose memory grows while the bytes it writes do not: an unbounded in-memory queue (8 GB of heap
// against 4 MB written). Judged over a window of samples per process.

export interface WriterPoint {
  at: number;
  rssBytes: number;
  writeBytes: number;
}

/** Written bytes below this share of the RSS growth count as "not writing". */
export const WRITE_SHARE = 0.01;

/**
 * Bytes of RSS growth over the window that are not matched by writes: 0 when memory did not grow, or
 * when the process wrote at least WRITE_SHARE of what its memory grew. Points in time order.
 */
export function unmatchedRssGrowth(points: readonly WriterPoint[], windowMs: number): number {
  if (points.length < 2) return 0;
  const end = points[points.length - 1];
  let first = points[0];
  for (const p of points) {
    if (end.at - p.at <= windowMs) {
      first = p;
      break;
    }
  }
  const rssGrowth = end.rssBytes - first.rssBytes;
  const written = Math.max(0, end.writeBytes - first.writeBytes);
  if (rssGrowth <= 0) return 0;
  return written < rssGrowth * WRITE_SHARE ? rssGrowth : 0;
}
