// The scanned tree: directories with their file groups, built record by record from the scan probe.
// Sizes follow du: allocated = 512-byte blocks, apparent = st_size, a hard-linked inode counted once,
// a directory's own blocks counted in it.
import type { PartitionKind } from '../../../shared/models';
import { isDayDirectory } from '../common/partitionPatterns';
import { FileClassMemo } from '../common/fileClassMemo';
import { relPathOf, type ScanRecord } from './scanRecordParser';
import { ageCuts, ageRangeOf, bucketable, type AgeCuts, type BucketUnit } from './partitionBuckets';

export interface Totals {
  allocatedBytes: number;
  apparentBytes: number;
  files: number;
  dirs: number;
  newestMtime: number | null;
  oldestMtime: number | null;
}

export function emptyTotals(): Totals {
  return { allocatedBytes: 0, apparentBytes: 0, files: 0, dirs: 0, newestMtime: null, oldestMtime: null };
}

export function addTotals(into: Totals, t: Totals): void {
  into.allocatedBytes += t.allocatedBytes;
  into.apparentBytes += t.apparentBytes;
  into.files += t.files;
  into.dirs += t.dirs;
  if (t.newestMtime !== null && (into.newestMtime === null || t.newestMtime > into.newestMtime)) into.newestMtime = t.newestMtime;
  if (t.oldestMtime !== null && (into.oldestMtime === null || t.oldestMtime < into.oldestMtime)) into.oldestMtime = t.oldestMtime;
}

function addFileTo(t: Totals, allocated: number, apparent: number, mtime: number): void {
  t.allocatedBytes += allocated;
  t.apparentBytes += apparent;
  t.files++;
  if (t.newestMtime === null || mtime > t.newestMtime) t.newestMtime = mtime;
  if (t.oldestMtime === null || mtime < t.oldestMtime) t.oldestMtime = mtime;
}

/**
 * Files of one directory that form one tile: a single file, or a SQLite file with its siblings.
 * Its totals are its own fields (one object a file, not two: a million files is a million of these).
 */
export interface FileGroup extends Totals {
  id: number;
  /** Raw name bytes as latin1. */
  name: string;
  partition: PartitionKind | null;
  /** For SQLite groups, the files seen: the database and its -wal/-shm/-journal. */
  members: string[] | null;
  /** A symbolic link: never a partition, whatever its name says (a reap never follows one). */
  link: boolean;
}

/** Partitions of one kind in one directory and one age range, summed: past the tree-wide budget. */
export interface PartitionBucketNode extends Totals {
  id: number;
  kind: PartitionKind;
  /** Epoch seconds, [from, to). */
  from: number;
  to: number;
  unit: BucketUnit;
  /** Partitions in it (a segment's index files arriving apart from it add bytes, not partitions). */
  count: number;
}

export interface DirNode {
  id: number;
  name: string;
  parent: DirNode | null;
  /** Path from the root, raw bytes as latin1; '' for the root. */
  relPath: string;
  /** st_dev of the directory itself; -1 until its record is seen. */
  dev: number;
  partition: PartitionKind | null;
  dirs: Map<string, DirNode>;
  groups: Map<string, FileGroup>;
  /** Plain files past the per-directory cap, summed: memory follows directories and partitions, not files. */
  otherFiles: Totals & { count: number };
  /** This directory is a partition or inside one: its files are parts of that unit, not units themselves. */
  withinPartition: boolean;
  /** Foldable file groups (plain files, or any file within a partition) currently kept individually. */
  plainCount: number;
  /** Age buckets of partitions past the tree-wide budget, by kind and range start; null while none. */
  buckets: Map<string, PartitionBucketNode> | null;
  /** The bucket a file went to last: the next one of the same kind is most often of the same hour or day. */
  lastBucket: PartitionBucketNode | null;
  /** Partition file groups kept one by one here (bucketable kinds only). */
  partitionCount: number;
  /** Plain files up to this size go straight to otherFiles: K kept files are at least this large (-1: none folded yet). */
  foldBelow: number;
  /** The directory's own blocks and size (its entry table), as du counts them. */
  own: Totals;
  /** Subtree totals; valid after computeTotals(). */
  totals: Totals;
}

/**
 * Plain files kept one by one per directory. Past PLAIN_FOLD_AT, the smaller ones are folded into
 * `otherFiles`; the wire shows at most this many children per directory anyway.
 */
export const MAX_PLAIN_FILES_KEPT = 200;
/**
 * A directory folds its plain files back to MAX_PLAIN_FILES_KEPT when it holds this many: 1.5x, not 2x, since
 * on a tree of a million plain files in a thousand directories the kept objects are most of the heap.
 */
export const PLAIN_FOLD_AT = MAX_PLAIN_FILES_KEPT + MAX_PLAIN_FILES_KEPT / 2;

/**
 * Partition files kept one by one across the whole tree (the largest, ties the newest). Past twice this the
 * rest are folded into their directories' age buckets: a million segments cost a few thousand buckets, not a
 * million objects.
 */
export const PARTITION_BUDGET = 50_000;

export interface ScanTreeOptions {
  partitionBudget?: number;
  /** The scan's time (epoch seconds): where the age buckets' hour, day, month and year regions begin. */
  nowSec?: number;
}

/** Which partitions go straight to a bucket: smaller than the kept ones, or as large and no newer. */
interface PartitionCut {
  bytes: number;
  mtime: number;
}

export class ScanTree {
  readonly root: DirNode;
  rootDevice: number | null = null;
  private nextId = 1;
  private readonly dirsByPath = new Map<string, DirNode>();
  private readonly dirsById = new Map<number, DirNode>();
  private lastDir: DirNode;
  /** dev:ino of multiply-linked inodes already counted. */
  private readonly seenLinks = new Set<string>();
  // Runs of names of one shape (a segment directory) are classified by the patterns once.
  private readonly classes = new FileClassMemo();
  filesSeen = 0;
  bytesSeen = 0;
  private totalsDirty = true;
  readonly partitionBudget: number;
  // Kept partitions fold back to the budget when they reach 1.5x it: the peak holds half a budget more, not a whole one.
  private readonly foldAt: number;
  private readonly cuts: AgeCuts;
  /** Bucketable partition groups kept one by one, tree-wide, and the directories holding them. */
  private keptPartitions = 0;
  private readonly partitionDirs = new Set<DirNode>();
  private partitionCut: PartitionCut | null = null;
  /**
   * Groups folded away (into buckets or a directory's other files), reused for the next files kept one by one.
   * Between folds up to twice the partition budget are kept, long enough to be promoted to V8's old space;
   * without reuse every fold left up to 100,000 dead objects there, and a million segments grew the heap by some
   * 20 MB before a full collection. A group is made only when none is spare, so groups kept and spare together
   * never outnumber the most the tree ever kept at once; emptied whenever the tree is read.
   */
  private readonly spareGroups: FileGroup[] = [];

  constructor(opts: ScanTreeOptions = {}) {
    this.partitionBudget = Math.max(1, opts.partitionBudget ?? PARTITION_BUDGET);
    this.foldAt = this.partitionBudget + Math.max(1, this.partitionBudget >> 1);
    this.cuts = ageCuts(opts.nowSec ?? Math.floor(Date.now() / 1000));
    this.root = this.makeDir('', null, '');
    this.lastDir = this.root;
  }

  private makeDir(name: string, parent: DirNode | null, relPath: string): DirNode {
    const ancestors: string[] = [];
    for (let p = parent; p && p.parent; p = p.parent) ancestors.push(p.name);
    const node: DirNode = {
      id: this.nextId++,
      name,
      parent,
      relPath,
      dev: -1,
      partition: null,
      withinPartition: false,
      dirs: new Map(),
      groups: new Map(),
      buckets: null,
      lastBucket: null,
      partitionCount: 0,
      plainCount: 0,
      foldBelow: -1,
      otherFiles: { ...emptyTotals(), count: 0 },
      own: emptyTotals(),
      totals: emptyTotals(),
    };
    if (parent && isDayDirectory(name, ancestors)) node.partition = 'day';
    node.withinPartition = node.partition !== null || (parent !== null && parent.withinPartition);
    this.dirsByPath.set(relPath, node);
    this.dirsById.set(node.id, node);
    if (parent) parent.dirs.set(name, node);
    return node;
  }

  private dirFor(relPath: string): DirNode {
    if (this.lastDir.relPath === relPath) return this.lastDir;
    let dir = this.dirsByPath.get(relPath);
    if (!dir) {
      // find lists a directory before its contents; this only runs for a stream that skipped one.
      const slash = relPath.lastIndexOf('/');
      const parent = slash === -1 ? this.root : this.dirFor(relPath.slice(0, slash));
      dir = this.makeDir(relPath.slice(slash + 1), parent, relPath);
    }
    this.lastDir = dir;
    return dir;
  }

  /** True when the bytes of this inode were not counted yet. */
  private firstLink(rec: ScanRecord): boolean {
    if (rec.nlink <= 1 || rec.type === 'd') return true;
    const key = `${rec.dev}:${rec.ino}`;
    if (this.seenLinks.has(key)) return false;
    this.seenLinks.add(key);
    return true;
  }

  add(rec: ScanRecord): void {
    this.totalsDirty = true;
    const counted = this.firstLink(rec);
    const allocated = counted ? rec.blocks * 512 : 0;
    const apparent = counted ? rec.size : 0;
    const name = rec.name;
    if (name === '') {
      this.rootDevice = rec.dev;
      this.root.dev = rec.dev;
      this.root.own.allocatedBytes += allocated;
      this.root.own.apparentBytes += apparent;
      return;
    }
    if (rec.type === 'd') {
      const parent = this.dirFor(rec.dirPath);
      const dir = parent.dirs.get(name) ?? this.makeDir(name, parent, relPathOf(rec));
      dir.dev = rec.dev;
      dir.own.allocatedBytes += allocated;
      dir.own.apparentBytes += apparent;
      dir.own.dirs++;
      this.bytesSeen += allocated;
      return;
    }
    const dir = this.dirFor(rec.dirPath);
    this.filesSeen++;
    this.bytesSeen += allocated;
    // A link named like a segment is not one: it holds no bytes and a reap skips it.
    const link = rec.type === 'l';
    const cls = link ? { groupKey: name, partition: null } : this.classes.classify(name);
    const foldable = cls.partition === null || dir.withinPartition;
    const budgeted = !foldable && !link && bucketable(cls.partition);
    if (budgeted && this.belowCut(allocated, rec.mtime) && !dir.groups.has(cls.groupKey)) {
      // Below every partition kept one by one: straight to its age bucket, no object of its own.
      const b = this.bucketFor(dir, cls.partition!, rec.mtime);
      addFileTo(b, allocated, apparent, rec.mtime);
      if (name === cls.groupKey) b.count++;
      return;
    }
    if (foldable && allocated <= dir.foldBelow) {
      // Smaller than the directory's kept files: it can never be among its largest, so no object for it.
      addFileTo(dir.otherFiles, allocated, apparent, rec.mtime);
      dir.otherFiles.count++;
      return;
    }
    let group = dir.groups.get(cls.groupKey);
    if (!group) {
      group = this.reusedGroup(cls.groupKey, cls.partition, link) ?? {
        id: this.nextId++,
        name: cls.groupKey,
        partition: cls.partition,
        members: cls.partition === 'sqlite' ? [] : null,
        link,
        allocatedBytes: 0,
        apparentBytes: 0,
        files: 0,
        dirs: 0,
        newestMtime: null,
        oldestMtime: null,
      };
      dir.groups.set(cls.groupKey, group);
      group.members?.push(name);
      addFileTo(group, allocated, apparent, rec.mtime);
      // Fold only after the new file is counted: it may be among the small ones folded away.
      if (foldable && ++dir.plainCount >= PLAIN_FOLD_AT) this.foldSmallPlainFiles(dir);
      if (budgeted) {
        dir.partitionCount++;
        this.partitionDirs.add(dir);
        if (++this.keptPartitions >= this.foldAt) this.foldPartitions();
      }
    } else {
      group.members?.push(name);
      addFileTo(group, allocated, apparent, rec.mtime);
    }
  }

  /**
   * Keeps the largest foldable files of a directory and sums the rest. Outermost partition files
   * (a segment directly in a spool dir) are never folded: each is a unit an operator reaps.
   */
  private foldSmallPlainFiles(dir: DirNode): void {
    const sizes = new Float64Array(dir.plainCount);
    let n = 0;
    const foldable = (g: FileGroup) => g.partition === null || dir.withinPartition;
    for (const g of dir.groups.values()) if (foldable(g)) sizes[n++] = g.allocatedBytes;
    sizes.sort(); // typed-array sort: numeric, no comparator calls
    const threshold = sizes[n - MAX_PLAIN_FILES_KEPT];
    // Fold everything below the K-th largest, then ties at the threshold until K remain.
    let kept = n;
    for (const g of dir.groups.values()) {
      if (foldable(g) && g.allocatedBytes < threshold) {
        this.fold(dir, g);
        kept--;
      }
    }
    if (kept > MAX_PLAIN_FILES_KEPT) {
      for (const g of dir.groups.values()) {
        if (kept === MAX_PLAIN_FILES_KEPT) break;
        if (foldable(g) && g.allocatedBytes === threshold) {
          this.fold(dir, g);
          kept--;
        }
      }
    }
    dir.plainCount = kept;
    dir.foldBelow = threshold;
  }

  /** A folded group made new, when one is spare. */
  private reusedGroup(name: string, partition: PartitionKind | null, link: boolean): FileGroup | undefined {
    const g = this.spareGroups.pop();
    if (!g) return undefined;
    g.id = this.nextId++;
    g.name = name;
    g.partition = partition;
    g.members = partition === 'sqlite' ? [] : null;
    g.link = link;
    g.allocatedBytes = 0;
    g.apparentBytes = 0;
    g.files = 0;
    g.dirs = 0;
    g.newestMtime = null;
    g.oldestMtime = null;
    return g;
  }

  private belowCut(allocated: number, mtime: number): boolean {
    const cut = this.partitionCut;
    return cut !== null && (allocated < cut.bytes || (allocated === cut.bytes && mtime <= cut.mtime));
  }

  private bucketFor(dir: DirNode, kind: PartitionKind, mtime: number): PartitionBucketNode {
    // Ranges never overlap (partitionBuckets.ts), so an mtime inside the last bucket's range is that bucket's.
    const last = dir.lastBucket;
    if (last !== null && last.kind === kind && mtime >= last.from && mtime < last.to) return last;
    const range = ageRangeOf(mtime, this.cuts);
    const key = `${kind}:${range.from}`;
    dir.buckets ??= new Map();
    let b = dir.buckets.get(key);
    if (!b) {
      b = { id: this.nextId++, kind, from: range.from, to: range.to, unit: range.unit, count: 0, ...emptyTotals() };
      dir.buckets.set(key, b);
    }
    dir.lastBucket = b;
    return b;
  }

  /**
   * Keeps the `partitionBudget` largest partition files tree-wide (ties: the newest) and folds the rest into
   * their directories' age buckets. Typed-array sorts only: this runs every half `partitionBudget` new partitions.
   */
  private foldPartitions(): void {
    const budget = this.partitionBudget;
    const kept = (g: FileGroup) => !g.link && bucketable(g.partition);
    const sizes = new Float64Array(this.keptPartitions);
    let n = 0;
    for (const dir of this.partitionDirs) for (const g of dir.groups.values()) if (kept(g)) sizes[n++] = g.allocatedBytes;
    if (n <= budget) return;
    const bySize = sizes.subarray(0, n).sort();
    const bytes = bySize[n - budget];
    let above = 0;
    for (let i = n - 1; i >= 0 && bySize[i] > bytes; i--) above++;
    // Among the files exactly at the size threshold, the newest are kept.
    const tied: number[] = [];
    for (const dir of this.partitionDirs) for (const g of dir.groups.values()) if (kept(g) && g.allocatedBytes === bytes) tied.push(g.newestMtime ?? -Infinity);
    const mtimes = Float64Array.from(tied).sort();
    const mtime = mtimes[mtimes.length - (budget - above)];
    let left = n;
    let ties = 0;
    for (const dir of [...this.partitionDirs]) {
      for (const g of dir.groups.values()) {
        if (!kept(g)) continue;
        const m = g.newestMtime ?? -Infinity;
        if (g.allocatedBytes < bytes || (g.allocatedBytes === bytes && m < mtime)) {
          this.foldPartition(dir, g);
          left--;
        } else if (g.allocatedBytes === bytes && m === mtime) ties++;
      }
    }
    // Exact ties at the threshold: fold until the budget is met.
    for (const dir of [...this.partitionDirs]) {
      if (left <= budget || ties === 0) break;
      for (const g of dir.groups.values()) {
        if (left <= budget) break;
        if (kept(g) && g.allocatedBytes === bytes && (g.newestMtime ?? -Infinity) === mtime) {
          this.foldPartition(dir, g);
          left--;
        }
      }
    }
    this.keptPartitions = left;
    this.partitionCut = { bytes, mtime };
  }

  private foldPartition(dir: DirNode, g: FileGroup): void {
    // A group kept one by one always has a file, so a newest mtime.
    const b = this.bucketFor(dir, g.partition!, g.newestMtime ?? 0);
    addTotals(b, g);
    b.count++;
    dir.groups.delete(g.name);
    this.spareGroups.push(g);
    if (--dir.partitionCount === 0) this.partitionDirs.delete(dir);
  }

  private fold(dir: DirNode, g: FileGroup): void {
    addTotals(dir.otherFiles, g);
    dir.otherFiles.count++;
    dir.groups.delete(g.name);
    this.spareGroups.push(g);
  }

  /** Directories exactly `depth` levels below the root that are on the root's filesystem. */
  dirsAtDepth(depth: number): DirNode[] {
    let level: DirNode[] = [this.root];
    for (let d = 0; d < depth; d++) level = level.flatMap((dir) => [...dir.dirs.values()]);
    return level.filter((dir) => dir.dev === this.rootDevice);
  }

  dirById(id: number): DirNode | undefined {
    return this.dirsById.get(id);
  }

  get dirCount(): number {
    return this.dirsById.size;
  }

  /** Post-order pass filling every directory's subtree totals. Cheap enough to run per snapshot. */
  computeTotals(): void {
    if (!this.totalsDirty) return;
    // Scanning keeps up to twice the budget between folds; whatever reads the tree sees the budget.
    if (this.keptPartitions > this.partitionBudget) this.foldPartitions();
    // A tree that is read may be done: a finished scan kept for display must not hold spare objects.
    this.spareGroups.length = 0;
    const visit = (dir: DirNode): Totals => {
      const t = emptyTotals();
      addTotals(t, dir.own);
      addTotals(t, dir.otherFiles);
      for (const g of dir.groups.values()) addTotals(t, g);
      if (dir.buckets) for (const b of dir.buckets.values()) addTotals(t, b);
      for (const child of dir.dirs.values()) addTotals(t, visit(child));
      dir.totals = t;
      return t;
    };
    // Iterative depth would matter past ~10k levels; PATH_MAX bounds real trees far below that.
    visit(this.root);
    this.totalsDirty = false;
  }
}
