// A SQLite partition's volume per source, estimated from its rowid strata: each stratum stands for an equal
// share of the table's rows, so a source's share of the sampled bytes is its share of the file, and its
// share of a stratum's rows over the stratum's time span is its rate then. Where a source index let each
// source's rows be counted (up to a cap), a count below the cap is exact: that source's lines are its count
// and its bytes its count at its own bytes per row; the sources above the cap share the rest of the file.
// The seconds the rates are over come from the partition's day (core/sources/dayCalendar.ts), not from the
// rows' times: a day whose rows come in office hours still lasts a day.
import type { SqliteSampling } from './sqliteSamplingSql';
import { toEpochMs, type PartitionVolume, type RateBucket, type SourceVolume } from './sourceRates';

export interface SqliteVolume {
  volume: PartitionVolume;
  /** Per source: its rate in each stratum (the spike's start is found from these). */
  buckets: Map<string, RateBucket[]>;
  rowsSampled: number;
  /** Estimated rows in the table (rowid range; exact when the sampling covered it). */
  rows: number;
  firstMs: number | null;
  lastMs: number | null;
  /** File bytes per byte of row text as the sampling counts it: turns sampled rows' bytes into file bytes. */
  fileBytesPerRowByte: number;
}

export interface VolumeTiming {
  seconds: number;
  daySeconds: number;
}

export function sqliteVolume(key: string, sampled: SqliteSampling, fileBytes: number, timing: VolumeTiming, countCap = Infinity): SqliteVolume {
  // Strata overlap on a table smaller than the sampling reads: each row once.
  const seen = new Set<number>();
  const rows = sampled.strata.filter((r) => (seen.has(r.rowid) ? false : (seen.add(r.rowid), true)));
  const range = sampled.minRowid !== null && sampled.maxRowid !== null ? sampled.maxRowid - sampled.minRowid + 1 : 0;
  const coveredAll = range > 0 && rows.length >= range;
  const totalRows = coveredAll ? rows.length : Math.max(range, rows.length);
  let sampledBytes = 0;
  const per = new Map<string, { bytes: number; rows: number }>();
  for (const r of rows) {
    sampledBytes += r.bytes;
    const p = per.get(r.source) ?? { bytes: 0, rows: 0 };
    p.bytes += r.bytes;
    p.rows++;
    per.set(r.source, p);
  }
  const times = rows.map((r) => toEpochMs(r.time));
  let firstMs: number | null = null;
  let lastMs: number | null = null;
  for (const t of [...times, ...sampled.messages.map((m) => toEpochMs(m.time))]) {
    if (t === null) continue;
    firstMs = firstMs === null ? t : Math.min(firstMs, t);
    lastMs = lastMs === null ? t : Math.max(lastMs, t);
  }
  const avgRowBytes = rows.length > 0 ? sampledBytes / rows.length : 0;
  const fileBytesPerRowByte = avgRowBytes > 0 && totalRows > 0 ? fileBytes / (avgRowBytes * totalRows) : 0;

  // Counted through the source index: below the cap, exact.
  const exact = new Map<string, number>();
  for (const c of sampled.counts) if (c.count < countCap) exact.set(c.source, c.count);
  const ownBytes = new Map<string, { bytes: number; rows: number }>();
  for (const r of sampled.sourceRows) {
    const o = ownBytes.get(r.source) ?? { bytes: 0, rows: 0 };
    o.bytes += r.bytes;
    o.rows++;
    ownBytes.set(r.source, o);
  }
  const bytesPerRowOf = (name: string): number => {
    const o = ownBytes.get(name) ?? per.get(name);
    return o && o.rows > 0 ? o.bytes / o.rows : avgRowBytes;
  };
  const bySource = new Map<string, SourceVolume>();
  let exactBytes = 0;
  let exactRows = 0;
  for (const [name, count] of exact) {
    const bytes = count * bytesPerRowOf(name) * fileBytesPerRowByte;
    bySource.set(name, { bytes, lines: count, linesEstimated: false });
    exactBytes += bytes;
    exactRows += count;
  }
  // At the cap yet in no stratum (never seen in practice): shown at its cap, as the least it has.
  for (const c of sampled.counts) {
    if (exact.has(c.source) || per.has(c.source)) continue;
    bySource.set(c.source, { bytes: c.count * bytesPerRowOf(c.source) * fileBytesPerRowByte, lines: c.count, linesEstimated: true });
  }
  // The rest of the file, and of the rows, shared by the other sources in proportion to their sampled rows.
  let restSampledBytes = 0;
  let restSampledRows = 0;
  for (const [name, p] of per) {
    if (exact.has(name)) continue;
    restSampledBytes += p.bytes;
    restSampledRows += p.rows;
  }
  const restBytes = Math.max(0, fileBytes - exactBytes);
  const restRows = Math.max(0, totalRows - exactRows);
  for (const [name, p] of per) {
    if (exact.has(name)) continue;
    bySource.set(name, {
      bytes: restSampledBytes > 0 ? (p.bytes / restSampledBytes) * restBytes : 0,
      lines: restSampledRows > 0 ? (p.rows / restSampledRows) * restRows : 0,
      linesEstimated: !coveredAll,
    });
  }

  // Rate per stratum: its rows stand for totalRows / strata rows over the time until the next stratum began.
  const strata = new Map<number, { start: number | null; rows: number; bySource: Map<string, number>; times: Map<string, number[]> }>();
  rows.forEach((r, i) => {
    const s = strata.get(r.stratum) ?? { start: null, rows: 0, bySource: new Map(), times: new Map() };
    const t = times[i];
    if (t !== null) {
      s.start = s.start === null ? t : Math.min(s.start, t);
      const list = s.times.get(r.source) ?? [];
      list.push(t);
      s.times.set(r.source, list);
    }
    s.rows++;
    s.bySource.set(r.source, (s.bySource.get(r.source) ?? 0) + 1);
    strata.set(r.stratum, s);
  });
  const ordered = [...strata.entries()].sort((a, b) => a[0] - b[0]).filter(([, s]) => s.start !== null);
  const buckets = new Map<string, RateBucket[]>();
  const rowsPerStratum = ordered.length > 0 ? totalRows / ordered.length : 0;
  for (let i = 0; i < ordered.length; i++) {
    const s = ordered[i][1];
    const start = s.start!;
    const end = i + 1 < ordered.length ? ordered[i + 1][1].start! : (lastMs ?? start);
    const seconds = (end - start) / 1000;
    if (seconds <= 0) continue;
    for (const name of per.keys()) {
      const n = s.bySource.get(name) ?? 0;
      const list = buckets.get(name) ?? [];
      list.push({ startMs: start, endMs: end, linesPerSecond: ((n / s.rows) * rowsPerStratum) / seconds, times: s.times.get(name) ?? [] });
      buckets.set(name, list);
    }
  }
  return { volume: { key, seconds: timing.seconds, daySeconds: timing.daySeconds, bySource }, buckets, rowsSampled: rows.length, rows: totalRows, firstMs, lastMs, fileBytesPerRowByte };
}
