// What the tail of a text log says: its lines templated and counted, its average line length (to estimate
// the file's lines from its size) and its rate over time from the lines' leading timestamps.
import { TemplateCounter } from './messageTemplate';
import type { RateBucket } from './sourceRates';

const LEADING_TS = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/;
/** At most this many buckets over the tail's time span (at least a minute each). */
const MAX_BUCKETS = 60;
const RECENT_LINES_KEPT = 5;

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
}

export function leadingTimestampMs(line: string): number | null {
  const m = LEADING_TS.exec(line);
  if (!m) return null;
  let s = m[1].replace(' ', 'T').replace(',', '.');
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(s)) s += 'Z';
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : null;
}

/**
 * `content` is the last bytes of a file of `fileSize` bytes: when it is not the whole file its first line is
 * cut, and is dropped.
 */
export function analyzeTail(content: string, fileSize: number, contentBytes: number, counter = new TemplateCounter()): TextTail {
  let text = content;
  if (contentBytes < fileSize) {
    const nl = text.indexOf('\n');
    text = nl >= 0 ? text.slice(nl + 1) : '';
  }
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const stamps: number[] = [];
  let bytes = 0;
  for (const line of lines) {
    bytes += line.length + 1;
    counter.add(line);
    const t = leadingTimestampMs(line);
    if (t !== null) stamps.push(t);
  }
  let buckets: RateBucket[] = [];
  let firstMs: number | null = null;
  let lastMs: number | null = null;
  if (stamps.length > 1) {
    firstMs = Math.min(...stamps);
    lastMs = Math.max(...stamps);
    const width = Math.max(60_000, Math.ceil((lastMs - firstMs) / MAX_BUCKETS));
    const n = Math.max(1, Math.ceil((lastMs - firstMs + 1) / width));
    // Each bucket keeps its lines' times: every line of the tail was read, so the start can be refined to a line.
    const times: number[][] = Array.from({ length: n }, () => []);
    for (const t of stamps) times[Math.min(n - 1, Math.floor((t - firstMs) / width))].push(t);
    buckets = times.map((ts, i) => {
      const startMs = firstMs! + i * width;
      // The last bucket ends at the last line seen, not at its nominal end: it is not cut short.
      const endMs = i === n - 1 ? Math.max(startMs + 1000, lastMs! + 1) : startMs + width;
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
  };
}
