// Middle truncation of names and paths: what tells two items apart is usually at the end (the day, the
// segment number, the rotation index, the extension), so the end is kept and the middle gives way.
// "stemedb/data/wal/segment-000042.log" in 28 characters reads "stemedb…/segment-000042.log", never
// "stemedb/data/wal/segment-00…".
//
// Lengths count code points (Array.from), so a surrogate pair or a U+FFFD from invalid UTF-8 is never cut
// in half. Used by the treemap's canvas labels, its DOM twin, the breadcrumb, and the other tables.

export const ELLIPSIS = '…';

/** How many of a name's characters the head keeps when the whole end does not fit: the end matters more. */
const HEAD_SHARE = 0.35;

/**
 * `text` in at most `maxChars` code points (the ellipsis counts as one).
 * - A path keeps its last segment whole when that fits, with as much of the start as room allows
 *   (`hero/var/lo…/core/2026/120`): the head first, then whole segments from the end.
 * - A single name (or a last segment too long to keep) keeps its whole trailing digit run and what follows
 *   it when that fits (`segm…000042.log`), else about two thirds of the room for the end.
 * Under 2 characters of room: the first `maxChars` characters (nothing useful fits anyway).
 */
export function middleTruncate(text: string, maxChars: number): string {
  const chars = Array.from(text);
  const max = Math.max(0, Math.floor(maxChars));
  if (chars.length <= max) return text;
  if (max <= 1) return chars.slice(0, max).join('');
  if (max === 2) return chars[0] + ELLIPSIS;

  const lastSlash = chars.lastIndexOf('/', chars.length - 2); // a trailing "/" belongs to the last segment
  if (lastSlash > 0) {
    const tailChars = chars.slice(lastSlash); // "/120": the separator shows that something is hidden before it
    // Room for the tail, the ellipsis and at least one character of the head.
    if (tailChars.length + 2 <= max) return pathTruncate(chars, lastSlash, max);
  }
  return nameTruncate(chars, max);
}

/** Keep the head's first characters and whole trailing segments (at least the last), the middle elided. */
function pathTruncate(chars: string[], lastSlash: number, max: number): string {
  // Grow the tail by whole segments while a head of at least a few characters still fits.
  let tailStart = lastSlash;
  const minHead = Math.min(4, lastSlash);
  for (;;) {
    const prev = chars.lastIndexOf('/', tailStart - 1);
    if (prev <= 0) break;
    if (chars.length - prev + 1 + minHead > max) break;
    tailStart = prev;
  }
  const headLength = max - 1 - (chars.length - tailStart);
  return chars.slice(0, headLength).join('') + ELLIPSIS + chars.slice(tailStart).join('');
}

/** A name without a usable path structure: keep its distinguishing end. */
function nameTruncate(chars: string[], max: number): string {
  const room = max - 1;
  let tailLength = Math.max(1, room - Math.max(1, Math.floor(room * HEAD_SHARE)));
  const digitsStart = trailingDigitRunStart(chars);
  if (digitsStart >= 0) {
    const wanted = chars.length - digitsStart;
    // The whole digit run and what follows, if a one-character head still fits before it.
    if (wanted > tailLength && wanted <= room - 1) tailLength = wanted;
  }
  const headLength = room - tailLength;
  return chars.slice(0, headLength).join('') + ELLIPSIS + chars.slice(chars.length - tailLength).join('');
}

/** Where the last run of digits starts (`segment-000042.log` -> the first 0), or -1 without digits. */
function trailingDigitRunStart(chars: string[]): number {
  let i = chars.length - 1;
  while (i >= 0 && !isDigit(chars[i])) i--;
  if (i < 0) return -1;
  while (i > 0 && isDigit(chars[i - 1])) i--;
  return i;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/**
 * `text` middle-truncated to the most characters whose measured width fits `maxWidth` (canvas
 * `measureText`, or any monotone measure), by binary search: about log2(length) measurements.
 * Returns '' when not even the ellipsis fits.
 */
export function middleTruncateToWidth(text: string, maxWidth: number, measure: (s: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  const length = Array.from(text).length;
  let lo = 0; // fits
  let hi = length; // does not fit
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (measure(middleTruncate(text, mid)) <= maxWidth) lo = mid;
    else hi = mid;
  }
  return lo < 2 ? '' : middleTruncate(text, lo);
}
