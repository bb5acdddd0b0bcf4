// Which pages of the Prometheus fleet's ranked rows the window holds. The fleet can be 10,000 rows; the
// window asks fleet.prometheus.rows for the pages the table shows and keeps a bounded number of them.
// Policy when full: the pages farthest from the ones on screen are dropped first (they are fetched again
// if scrolled back to).

export const ROWS_PAGE = 100;
/** At most this many pages are held (2,000 rows), whatever the fleet's size. */
export const MAX_PAGES_HELD = 20;

/** The page numbers covering row indexes first..last (inclusive), clipped to `total` rows. */
export function pagesCovering(first: number, last: number, total: number): number[] {
  if (total <= 0 || last < first) return [];
  const lo = Math.max(0, Math.floor(first / ROWS_PAGE));
  const hi = Math.min(Math.floor((total - 1) / ROWS_PAGE), Math.floor(Math.max(first, last) / ROWS_PAGE));
  const out: number[] = [];
  for (let p = lo; p <= hi; p++) out.push(p);
  return out;
}

/**
 * The held pages with `wanted` (the pages on screen) kept, and at most `max` pages in all: the others are
 * dropped farthest from the wanted ones first.
 */
export function boundPages<T>(pages: Record<number, T>, wanted: number[], max = MAX_PAGES_HELD): Record<number, T> {
  const held = Object.keys(pages).map(Number);
  if (held.length <= max) return pages;
  const distance = (p: number) => (wanted.length === 0 ? p : Math.min(...wanted.map((w) => Math.abs(w - p))));
  const keep = held.sort((a, b) => distance(a) - distance(b) || a - b).slice(0, max);
  const out: Record<number, T> = {};
  for (const p of keep) out[p] = pages[p];
  return out;
}
