// A source's rate now: the bytes written over the last 5 minutes by the lines' (or rows') own times, so a
// file written in one burst and idle since reads 0 now, however short the time since its day began.

export const NOW_WINDOW_MS = 5 * 60_000;

export interface TimedBytes {
  t: number;
  bytes: number;
}

/**
 * Bytes/s over the 5 minutes up to `nowMs`. `completeFromMs` is the time from which every item written is
 * among `items` (the oldest one read when only the newest were read; -Infinity when all were): a window
 * reaching further back than that is cut to it. Null when no item has a time.
 */
export function nowBytesPerSecond(items: readonly TimedBytes[], nowMs: number, completeFromMs: number): number | null {
  if (items.length === 0) return null;
  return nowBytesPerSecondBySource(items.map((it) => ({ ...it, source: '' })), nowMs, completeFromMs).get('') ?? 0;
}

/** The same for items of many sources read together (a table's newest rows): every source listed in `sources` gets a rate, 0 when none of its items is in the window. */
export function nowBytesPerSecondBySource(items: readonly (TimedBytes & { source: string })[], nowMs: number, completeFromMs: number, sources: Iterable<string> = []): Map<string, number> {
  const from = Math.max(nowMs - NOW_WINDOW_MS, completeFromMs);
  // A second at least: lines stamped ahead of the node's clock leave no window to divide by.
  const seconds = Math.max(1, (nowMs - from) / 1000);
  const out = new Map<string, number>();
  for (const s of sources) out.set(s, 0);
  for (const it of items) {
    // The oldest item read is inside a window cut to it.
    if (it.t > from || (it.t === from && from === completeFromMs)) out.set(it.source, (out.get(it.source) ?? 0) + it.bytes / seconds);
    else if (!out.has(it.source)) out.set(it.source, 0);
  }
  return out;
}
