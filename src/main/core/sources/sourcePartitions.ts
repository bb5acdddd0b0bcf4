// Which partition of a path to attribute, and which earlier partitions are its baseline: from a listing of
// the path (or, for a day directory, of its parent). Day directories of one parent are one series; the
// series with the most bytes wins; its newest day is the current partition unless a day was asked for.
import { classifyFile, isDayDirectory } from '../common/partitionPatterns';
import { BASELINE_PARTITIONS } from './sourceRates';
import type { NodeClock } from './dayCalendar';

export interface ListedEntry {
  type: string;
  size: number;
  blocks: number;
  mtimeS: number;
  /** Relative to the listed directory ('' for the directory itself). */
  rel: string;
}

export interface PartitionFile {
  /** Relative to the listed directory. */
  rel: string;
  size: number;
}

export interface DayPartition {
  /** Relative to the listed directory ('' when the listed path itself is the partition). */
  rel: string;
  key: string;
  /** Main SQLite files (with their -wal size added) and other regular files, in name order. */
  sqlite: PartitionFile[];
  text: PartitionFile[];
  bytes: number;
  newestMtimeS: number;
}

export interface PartitionLayout {
  current: DayPartition;
  /** Oldest first, at most 7. */
  baseline: DayPartition[];
}

export interface Listing {
  entries: ListedEntry[];
  /** The node's clock and time zone as the probe read them; null when it printed none. */
  clock: NodeClock | null;
}

/**
 * Parses the sources-list probe's records, NUL-terminated: first the node's clock ("Z\tnow s\t+hhmm\tzone
 * name"), then the entries ("type\tsize\tblocks\tmtime\trel").
 */
export function parseListing(buf: Uint8Array): Listing {
  const text = new TextDecoder('latin1').decode(buf);
  const entries: ListedEntry[] = [];
  let clock: NodeClock | null = null;
  for (const rec of text.split('\0')) {
    if (rec === '') continue;
    const f = rec.split('\t');
    if (f[0] === 'Z' && f.length >= 4) {
      const now = Number(f[1]);
      // The zone name is the node's text: kept only when it can be one.
      const zoneName = f.slice(3).join('\t');
      if (Number.isFinite(now) && now > 0) clock = { nowMs: now * 1000, offset: f[2], zoneName: /^[\x21-\x7e]{1,200}$/.test(zoneName) ? zoneName : '' };
      continue;
    }
    if (f.length < 5) continue;
    entries.push({ type: f[0], size: Number(f[1]) || 0, blocks: Number(f[2]) || 0, mtimeS: Number(f[3]) || 0, rel: f.slice(4).join('\t') });
  }
  return { entries, clock };
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const dirName = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const join = (a: string, b: string) => (a === '' ? b : b === '' ? a : `${a}/${b}`);

/** The names above a path, nearest first (for day detection of `YYYY/DDD` and `YYYY/MM/DD`). */
export function ancestorsOf(absOrRel: string): string[] {
  return absOrRel.split('/').filter((s) => s !== '').reverse().slice(1);
}

/** A day directory asked for by its absolute path: its parent is listed to find its neighbours. */
export function isDayPath(absPath: string): boolean {
  const parts = absPath.split('/').filter((s) => s !== '');
  if (parts.length === 0) return false;
  return isDayDirectory(parts[parts.length - 1], parts.slice(0, -1).reverse());
}

function partitionOf(rel: string, key: string, entries: readonly ListedEntry[]): DayPartition {
  const prefix = rel === '' ? '' : rel + '/';
  const sqlite = new Map<string, PartitionFile>();
  const text: PartitionFile[] = [];
  let bytes = 0;
  let newest = 0;
  for (const e of entries) {
    if (e.type !== 'f' || !e.rel.startsWith(prefix) || e.rel === rel) continue;
    // A -shm is SQLite's shared-memory index, made by whoever opens the store (a read by us included): it
    // is no log volume, and counting it would make a day's bytes depend on who looked first.
    if (e.rel.endsWith('-shm')) continue;
    bytes += e.size;
    newest = Math.max(newest, e.mtimeS);
    const cls = classifyFile(baseName(e.rel));
    if (cls.partition === 'sqlite') {
      const main = join(dirName(e.rel), cls.groupKey);
      const f = sqlite.get(main) ?? { rel: main, size: 0 };
      // The -wal holds committed rows too; the -shm and -journal do not.
      if (e.rel === main || e.rel.endsWith('-wal')) f.size += e.size;
      sqlite.set(main, f);
    } else {
      text.push({ rel: e.rel, size: e.size });
    }
  }
  const byRel = (a: PartitionFile, b: PartitionFile) => (a.rel < b.rel ? -1 : 1);
  return { rel, key, sqlite: [...sqlite.values()].filter((f) => entries.some((e) => e.rel === f.rel)).sort(byRel), text: text.sort(byRel), bytes, newestMtimeS: newest };
}

/**
 * The current partition and its baseline. `listedAbs` is the listed directory's absolute path; `wantedKey`
 * the day asked for (its name under the listed directory's series), if one was.
 */
export function layoutPartitions(listedAbs: string, entries: readonly ListedEntry[], wantedRel?: string): PartitionLayout {
  const top = ancestorsOf(listedAbs + '/x');
  const days = entries.filter((e) => e.type === 'd' && e.rel !== '' && isDayDirectory(baseName(e.rel), [...ancestorsOf(e.rel), ...top]));
  // A day inside a day (never in practice) is not a separate partition.
  const outer = days.filter((d) => !days.some((o) => o !== d && d.rel.startsWith(o.rel + '/')));
  const series = new Map<string, ListedEntry[]>();
  for (const d of outer) {
    const name = baseName(d.rel);
    const parent = dirName(d.rel);
    // YYYY/DDD and YYYY/MM/DD series span years (and months): group by the store directory above them,
    // so the key ("2026/120", "2026/04/30", "2026-04-30") sorts in time order.
    const store = name.includes('-') ? parent : name.length === 3 ? dirName(parent) : dirName(dirName(parent));
    const list = series.get(store) ?? [];
    list.push(d);
    series.set(store, list);
  }
  if (series.size === 0) {
    return { current: partitionOf('', '', entries), baseline: [] };
  }
  // The key names the day fully ("2026/120", "2026/04/30", "2026-04-30") even when the year is the listed directory.
  const keyOf = (d: ListedEntry) => {
    const parts = `${listedAbs}/${d.rel}`.split('/').filter((x) => x !== '');
    const name = parts[parts.length - 1];
    return parts.slice(name.includes('-') ? -1 : name.length === 3 ? -2 : -3).join('/');
  };
  let best: { store: string; parts: DayPartition[]; bytes: number } | null = null;
  for (const [store, list] of series) {
    const parts = list.map((d) => partitionOf(d.rel, keyOf(d), entries)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const bytes = parts.reduce((s, p) => s + p.bytes, 0);
    const hasWanted = wantedRel !== undefined && parts.some((p) => p.rel === wantedRel);
    if (hasWanted) {
      best = { store, parts, bytes: Infinity };
      break;
    }
    if (!best || bytes > best.bytes) best = { store, parts, bytes };
  }
  const parts = best!.parts;
  let idx = parts.length - 1;
  if (wantedRel !== undefined) {
    const i = parts.findIndex((p) => p.rel === wantedRel);
    if (i >= 0) idx = i;
  }
  return { current: parts[idx], baseline: parts.slice(Math.max(0, idx - BASELINE_PARTITIONS), idx) };
}

const COMPRESSED = /\.(gz|xz|bz2|zst|lz4|z)$/i;
const ROTATION = /(?:[.-](?:\d{1,3}|\d{8}|\d{4}-\d{2}-\d{2}))+$/;
const LOG_EXT = /\.(log|txt|out|err|json|ndjson)$/i;

/**
 * A text log's source: its file name without rotation, date and log extensions (`gateway.log.1.gz` ->
 * `gateway`). Never blank: when nothing but those is left (`-1.log`, ` .log`), the file's stem (its name
 * without the last extension), else its whole name.
 */
export function sourceNameOfFile(rel: string): string {
  const base = baseName(rel);
  let n = base.replace(COMPRESSED, '');
  const stem = n.includes('.', 1) ? n.slice(0, n.lastIndexOf('.')) : n;
  n = n.replace(ROTATION, '');
  n = n.replace(LOG_EXT, '');
  n = n.replace(ROTATION, '');
  return [n, stem, base].find((x) => x.trim() !== '') ?? base;
}

export function isCompressed(rel: string): boolean {
  return COMPRESSED.test(rel);
}
