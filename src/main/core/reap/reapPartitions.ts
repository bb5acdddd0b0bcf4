// The partitions under a root, from the reap-facts listing: each with every file and directory it holds,
// grouped into units that are unlinked together (a SQLite file with its -wal/-shm/-journal).
// Partition detection is the scan's (partitionPatterns.ts), so the plan's partitions are the treemap's.
import type { PartitionKind } from '../../../shared/models';
import { classifyFile, isDayDirectory, type FileClass } from '../common/partitionPatterns';
import type { FactEntry } from './reapFacts';

/** Files of one directory unlinked together, in order: a SQLite database before its sidecars. */
export interface ReapUnit {
  dir: string;
  members: FactEntry[];
}

export interface Partition {
  /** Relative to the root, raw bytes as latin1. */
  key: string;
  kind: PartitionKind;
  units: ReapUnit[];
  /** Directories of a day partition, itself included (removed once empty, deepest first). */
  dirs: FactEntry[];
  /** Symlinks and special files inside, which make it ineligible. */
  symlinks: FactEntry[];
  specials: FactEntry[];
  /** Entries on another device than the root (a mount point inside). */
  otherDevice: FactEntry[];
  /** Mount points inside it or in place of it (relative paths, raw), a bind mount of the root's filesystem too. */
  mountPoints: string[];
  newestMtime: number | null;
}

const SQLITE_ORDER = ['', '-journal', '-wal', '-shm'];

function sidecarRank(groupKey: string, name: string): number {
  const i = SQLITE_ORDER.indexOf(name.slice(groupKey.length));
  return i === -1 ? SQLITE_ORDER.length : i;
}

export function dirOf(rel: string): string {
  const slash = rel.lastIndexOf('/');
  return slash === -1 ? '.' : rel.slice(0, slash);
}

export function baseName(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

/** The outermost day directory on a path (components nearest-first ancestors, as the scan tree sees them). */
function dayPrefix(parts: readonly string[], upTo: number): string | null {
  for (let i = 0; i < upTo; i++) {
    const ancestors = parts.slice(0, i).reverse();
    if (isDayDirectory(parts[i], ancestors)) return parts.slice(0, i + 1).join('/');
  }
  return null;
}

/**
 * `mountPoints` are the mount points under the root (relative, raw): the listing never descends into them,
 * and a partition holding one (or being one) is marked, whether or not the listing showed that entry.
 */
export function groupPartitions(entries: readonly FactEntry[], rootDev: number, mountPoints: ReadonlySet<string> = new Set()): Partition[] {
  const byKey = new Map<string, Partition>();
  // SQLite sets only: any other file is a unit of its own (its key would be its own path).
  const sqliteUnits = new Map<string, ReapUnit>();
  const get = (key: string, kind: PartitionKind): Partition => {
    let p = byKey.get(key);
    if (!p) {
      p = { key, kind, units: [], dirs: [], symlinks: [], specials: [], otherDevice: [], mountPoints: [], newestMtime: null };
      byKey.set(key, p);
    }
    return p;
  };
  // Per directory path, once: the path itself (one string for all its files, not one each) and the outermost
  // day directory on it. A million files in a few directories cost a few entries here.
  const dirs = new Map<string, { dir: string; day: string | null }>();
  const dirInfo = (dir: string) => {
    let info = dirs.get(dir);
    if (!info) {
      const parts = dir === '.' ? [] : dir.split('/');
      info = { dir, day: dayPrefix(parts, parts.length) };
      dirs.set(dir, info);
    }
    return info;
  };
  for (const e of entries) {
    const isDir = e.type === 'd';
    const name = baseName(e.rel);
    const inDir = dirInfo(dirOf(e.rel));
    // A directory (or a symlink where one would be) can itself be the day partition.
    const day = isDir || e.type === 'l' ? (inDir.day ?? (isDayDirectory(name, inDir.dir === '.' ? [] : inDir.dir.split('/').reverse()) ? e.rel : null)) : inDir.day;
    let p: Partition;
    let cls: FileClass | null = null;
    if (day !== null) p = get(day, 'day');
    else {
      if (isDir) continue;
      cls = classifyFile(name);
      if (cls.partition === null) continue;
      p = get(inDir.dir === '.' ? cls.groupKey : `${inDir.dir}/${cls.groupKey}`, cls.partition);
    }
    if (e.dev !== rootDev) p.otherDevice.push(e);
    if (mountPoints.has(e.rel)) p.mountPoints.push(e.rel);
    if (e.type === 'l') p.symlinks.push(e);
    else if (e.type === 'other') p.specials.push(e);
    else if (isDir) p.dirs.push(e);
    else {
      if (p.newestMtime === null || e.mtime > p.newestMtime) p.newestMtime = e.mtime;
      // Inside a day directory, a SQLite file and its sidecars are still one unit among the day's units.
      cls ??= classifyFile(name);
      if (cls.partition !== 'sqlite') {
        p.units.push({ dir: inDir.dir, members: [e] });
        continue;
      }
      const unitKey = `${inDir.dir}/${cls.groupKey}`;
      let unit = sqliteUnits.get(unitKey);
      if (!unit) {
        unit = { dir: inDir.dir, members: [] };
        sqliteUnits.set(unitKey, unit);
        p.units.push(unit);
      }
      unit.members.push(e);
      const groupKey = cls.groupKey;
      unit.members.sort((a, b) => sidecarRank(groupKey, baseName(a.rel)) - sidecarRank(groupKey, baseName(b.rel)));
    }
  }
  // A mount point the listing did not show (mounted after it passed, or behind an unreadable directory) still
  // marks the partition whose path holds it.
  for (const m of mountPoints) {
    for (const p of byKey.values()) {
      if (!p.mountPoints.includes(m) && (m === p.key || m.startsWith(`${p.key}/`))) p.mountPoints.push(m);
    }
  }
  for (const p of byKey.values()) {
    // An empty day directory is still a partition: judged by its own mtime.
    if (p.newestMtime === null) for (const d of p.dirs) if (p.newestMtime === null || d.mtime > p.newestMtime) p.newestMtime = d.mtime;
    p.dirs.sort((a, b) => b.rel.split('/').length - a.rel.split('/').length);
  }
  return [...byKey.values()];
}

/** Allocated bytes of the entries, a multiply-linked inode once. */
export function allocatedOf(entries: Iterable<FactEntry>): number {
  const seen = new Set<string>();
  let total = 0;
  for (const e of entries) {
    if (e.nlink > 1 && e.type !== 'd') {
      const k = `${e.dev}:${e.ino}`;
      if (seen.has(k)) continue;
      seen.add(k);
    }
    total += e.blocks * 512;
  }
  return total;
}

export function partitionEntries(p: Partition): FactEntry[] {
  return [...p.units.flatMap((u) => u.members), ...p.dirs];
}
