// The scanned tree: directories with their file groups, built record by record from the scan probe.
// Sizes follow du: allocated = 512-byte blocks, apparent = st_size, a hard-linked inode counted once,
// a directory's own blocks counted in it.
import type { PartitionKind } from '../../../shared/models';
import { classifyFile, isDayDirectory } from '../common/partitionPatterns';
import { relPathOf, type ScanRecord } from './scanRecordParser';

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
  /** Plain files up to this size go straight to otherFiles: K kept files are at least this large (-1: none folded yet). */
  foldBelow: number;
  /** The directory's own blocks and size (its entry table), as du counts them. */
  own: Totals;
  /** Subtree totals; valid after computeTotals(). */
  totals: Totals;
}

/**
 * Plain files kept one by one per directory. Past twice this, the smaller half is folded into
 * `otherFiles`; the wire shows at most this many children per directory anyway.
 */
export const MAX_PLAIN_FILES_KEPT = 200;

export class ScanTree {
  readonly root: DirNode;
  rootDevice: number | null = null;
  private nextId = 1;
  private readonly dirsByPath = new Map<string, DirNode>();
  private readonly dirsById = new Map<number, DirNode>();
  private lastDir: DirNode;
  /** dev:ino of multiply-linked inodes already counted. */
  private readonly seenLinks = new Set<string>();
  filesSeen = 0;
  bytesSeen = 0;
  private totalsDirty = true;

  constructor() {
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
    const cls = link ? { groupKey: name, partition: null } : classifyFile(name);
    const foldable = cls.partition === null || dir.withinPartition;
    if (foldable && allocated <= dir.foldBelow) {
      // Smaller than the directory's kept files: it can never be among its largest, so no object for it.
      addFileTo(dir.otherFiles, allocated, apparent, rec.mtime);
      dir.otherFiles.count++;
      return;
    }
    let group = dir.groups.get(cls.groupKey);
    if (!group) {
      group = {
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
      if (foldable && ++dir.plainCount >= 2 * MAX_PLAIN_FILES_KEPT) this.foldSmallPlainFiles(dir);
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

  private fold(dir: DirNode, g: FileGroup): void {
    addTotals(dir.otherFiles, g);
    dir.otherFiles.count++;
    dir.groups.delete(g.name);
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
    const visit = (dir: DirNode): Totals => {
      const t = emptyTotals();
      addTotals(t, dir.own);
      addTotals(t, dir.otherFiles);
      for (const g of dir.groups.values()) addTotals(t, g);
      for (const child of dir.dirs.values()) addTotals(t, visit(child));
      dir.totals = t;
      return t;
    };
    // Iterative depth would matter past ~10k levels; PATH_MAX bounds real trees far below that.
    visit(this.root);
    this.totalsDirty = false;
  }
}
