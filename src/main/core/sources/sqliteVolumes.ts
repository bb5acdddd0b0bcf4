// A SQLite partition's volume per source, estimated from its rowid strata: each stratum stands for an equal
// share of the table's rows, so a source's share of the sampled bytes is its share of the file, and its
// share of a stratum's rows over the stratum's time span is its rate then.
import type { SqliteSampling } from './sqliteSamplingSql';
import { toEpochMs, type PartitionVolume, type RateBucket, type SourceVolume } from './sourceRates';

const DAY_S = 86_400;

export interface SqliteVolume {
  volume: PartitionVolume;
  /** Per source: its rate in each stratum (the spike's start is found from these). */
  buckets: Map<string, RateBucket[]>;
  rowsSampled: number;
  /** Estimated rows in the table (rowid range; exact when the sampling covered it). */
  rows: number;
  firstMs: number | null;
  lastMs: number | null;
}

export function sqliteVolume(key: string, sampled: SqliteSampling, fileBytes: number): SqliteVolume {
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
  for (const t of times) {
    if (t === null) continue;
    firstMs = firstMs === null ? t : Math.min(firstMs, t);
    lastMs = lastMs === null ? t : Math.max(lastMs, t);
  }
  for (const m of sampled.messages) {
    const t = toEpochMs(m.time);
    if (t !== null) {
      firstMs = firstMs === null ? t : Math.min(firstMs, t);
      lastMs = lastMs === null ? t : Math.max(lastMs, t);
    }
  }
  const spanS = firstMs !== null && lastMs !== null && lastMs - firstMs >= 60_000 ? (lastMs - firstMs) / 1000 : DAY_S;
  const bySource = new Map<string, SourceVolume>();
  for (const [name, p] of per) {
    bySource.set(name, {
      bytes: sampledBytes > 0 ? (p.bytes / sampledBytes) * fileBytes : 0,
      lines: rows.length > 0 ? (p.rows / rows.length) * totalRows : 0,
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
  return { volume: { key, seconds: spanS, bySource }, buckets, rowsSampled: rows.length, rows: totalRows, firstMs, lastMs };
}
