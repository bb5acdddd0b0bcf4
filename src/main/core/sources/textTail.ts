// What the tail of a text log says: its lines templated and counted, its average line length (to estimate
// the file's lines from its size) and its rate over time from the lines' leading timestamps.
// A time written without an offset is the node's wall clock, read in its zone.
import { TemplateCounter } from './messageTemplate';
import type { RateBucket } from './sourceRates';
import { wallTimeMs, type DayZone } from './dayCalendar';
import type { TimedBytes } from './nowRate';

const LEADING_TS = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/;
/** At most this many buckets over the tail's time span (at least a minute each). */
const MAX_BUCKETS = 60;
const RECENT_LINES_KEPT = 5;
/** A line of ASCII only (tabs and controls included): its length is its bytes. */
const ASCII = /^[^\u0080-\uffff]*$/;

export interface TextTail {
  lines: number;
  bytes: number;
  avgLineBytes: number;
  templates: TemplateCounter;
  buckets: RateBucket[];
  /** The newest few lines. */
  recent: string[];
  firstMs: number | null;
  lastMs: number | null;
  /** Bytes of each line with the time of the last stamped line at or before it (lines before the first stamp left out). */
  timed: TimedBytes[];
  /** The whole file was read: its lines are counted, not estimated. */
  complete: boolean;
}

export function leadingTimestampMs(line: string, zone: DayZone | null = null): number | null {
  const m = LEADING_TS.exec(line);
  if (!m) return null;
  const s = m[1].replace(' ', 'T').replace(',', '.');
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const t = Date.parse(s);
    return Number.isFinite(t) ? t : null;
  }
  const wall = Date.parse(s + 'Z');
  if (!Number.isFinite(wall)) return null;
  return zone ? wallTimeMs(zone, wall) : wall;
}

/**
 * `content` is the last bytes of a file of `fileSize` bytes: when it is not the whole file its first line is
 * cut, and is dropped.
 */
export function analyzeTail(content: string, fileSize: number, contentBytes: number, counter = new TemplateCounter(), zone: DayZone | null = null): TextTail {
  let text = content;
  const complete = contentBytes >= fileSize;
  if (!complete) {
    const nl = text.indexOf('\n');
    text = nl >= 0 ? text.slice(nl + 1) : '';
  }
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const stamps: number[] = [];
  const timed: TimedBytes[] = [];
  const encoder = new TextEncoder();
  let bytes = 0;
  let last: number | null = null;
  for (const line of lines) {
    // Bytes as the file holds them (the content was decoded from UTF-8).
    const b = (ASCII.test(line) ? line.length : encoder.encode(line).length) + 1;
    bytes += b;
    counter.add(line);
    const t = leadingTimestampMs(line, zone);
    if (t !== null) {
      stamps.push(t);
      last = t;
    }
    if (last !== null) timed.push({ t: last, bytes: b });
  }
  let buckets: RateBucket[] = [];
  let firstMs: number | null = null;
  let lastMs: number | null = null;
  if (stamps.length > 0) {
    firstMs = stamps.reduce((a, b) => Math.min(a, b));
    lastMs = stamps.reduce((a, b) => Math.max(a, b));
  }
  if (stamps.length > 1 && firstMs !== null && lastMs !== null) {
    const first = firstMs;
    const lastT = lastMs;
    const width = Math.max(60_000, Math.ceil((lastT - first) / MAX_BUCKETS));
    const n = Math.max(1, Math.ceil((lastT - first + 1) / width));
    // Each bucket keeps its lines' times: every line of the tail was read, so the start can be refined to a line.
    const times: number[][] = Array.from({ length: n }, () => []);
    for (const t of stamps) times[Math.min(n - 1, Math.floor((t - first) / width))].push(t);
    buckets = times.map((ts, i) => {
      const startMs = first + i * width;
      // The last bucket ends at the last line seen, not at its nominal end: it is not cut short.
      const endMs = i === n - 1 ? Math.max(startMs + 1000, lastT + 1) : startMs + width;
      return { startMs, endMs, linesPerSecond: ts.length / ((endMs - startMs) / 1000), times: ts };
    });
  }
  return {
    lines: lines.length,
    bytes,
    avgLineBytes: lines.length ? bytes / lines.length : 0,
    templates: counter,
    buckets,
    recent: lines.slice(-RECENT_LINES_KEPT),
    firstMs,
    lastMs,
    timed,
    complete,
  };
}
