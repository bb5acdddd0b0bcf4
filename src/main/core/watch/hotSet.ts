// Which entry to measure when a file under a watched root changes, and under which partition its growth
// is counted: a file inside a day directory counts for the day (measured as a whole, so new files in it
// are seen too); a rotated file, a segment or a SQLite file with its -wal/-shm counts for its unit; any
// other file for itself. Paths are raw bytes carried in latin1 strings, relative to the root.
import type { PartitionKind } from '../../../shared/models';
import { classifyFile, isDayDirectory } from '../common/partitionPatterns';

export interface HotTarget {
  /** What the sample measures (du), relative to the root. */
  measure: string;
  /** The partition (or file) its growth is counted under, relative to the root. */
  partition: string;
  kind: PartitionKind | 'file';
}

/** `rel` is a changed file's path relative to the root ("a/b/c.log"); null for the root itself. */
export function hotTargetOf(rel: string): HotTarget | null {
  const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) return null;
  // The outermost day directory wins: 2026/120/x.log counts for 2026/120, not for a deeper match.
  for (let i = 0; i < parts.length - 1; i++) {
    const ancestors = parts.slice(0, i).reverse();
    if (isDayDirectory(parts[i], ancestors)) {
      const dir = parts.slice(0, i + 1).join('/');
      return { measure: dir, partition: dir, kind: 'day' };
    }
  }
  const file = parts.join('/');
  const cls = classifyFile(parts[parts.length - 1]);
  if (!cls.partition) return { measure: file, partition: file, kind: 'file' };
  const dir = parts.slice(0, -1).join('/');
  return { measure: file, partition: dir === '' ? cls.groupKey : `${dir}/${cls.groupKey}`, kind: cls.partition };
}

/** Relative path of `abs` under `root` (both raw), or null when it is not under it. */
export function relativeTo(root: string, abs: string): string | null {
  const base = root.endsWith('/') ? root : `${root}/`;
  if (abs === root) return '';
  return abs.startsWith(base) ? abs.slice(base.length) : null;
}

/**
 * Paths marked as changed since the last sample, bounded: when full, new paths are dropped and counted
 * (the sample still measures the filesystem, so nothing is lost but per-file detail). Marking an
 * already-marked path costs one Set lookup: a flood of changes to the same files stays cheap.
 */
export class DirtySet {
  private paths = new Set<string>();
  changes = 0;
  dropped = 0;

  constructor(readonly capacity: number) {}

  mark(path: string): void {
    this.changes++;
    if (this.paths.has(path)) return;
    if (this.paths.size >= this.capacity) {
      this.dropped++;
      return;
    }
    this.paths.add(path);
  }

  /** Hands over the marked paths and the counters, and starts empty. */
  take(): { paths: string[]; changes: number; dropped: number } {
    const out = { paths: [...this.paths], changes: this.changes, dropped: this.dropped };
    this.paths = new Set();
    this.changes = 0;
    this.dropped = 0;
    return out;
  }

  get size(): number {
    return this.paths.size;
  }
}

/**
 * The entries a watch keeps measuring: each stays hot for `ttlMs` after it last changed, at most
 * `capacity` of them (the least recently changed goes first when a new one arrives).
 */
export class HotEntries {
  private readonly lastSeen = new Map<string, { target: HotTarget; at: number }>();
  evicted = 0;

  constructor(
    readonly capacity: number,
    readonly ttlMs: number,
  ) {}

  touch(target: HotTarget, at: number): void {
    // Map order is insertion order: delete + set keeps the least recently touched first.
    this.lastSeen.delete(target.measure);
    this.lastSeen.set(target.measure, { target, at });
    while (this.lastSeen.size > this.capacity) {
      const oldest = this.lastSeen.keys().next().value as string;
      this.lastSeen.delete(oldest);
      this.evicted++;
    }
  }

  /** Drops entries older than the ttl and those in `gone` (measured as missing); returns the rest. */
  current(now: number, gone: ReadonlySet<string> = new Set()): HotTarget[] {
    for (const [k, v] of this.lastSeen) if (now - v.at > this.ttlMs || gone.has(k)) this.lastSeen.delete(k);
    return [...this.lastSeen.values()].map((v) => v.target);
  }

  get size(): number {
    return this.lastSeen.size;
  }
}
