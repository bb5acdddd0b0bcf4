// Snapshots of a directory tree as the kernel shows it, to judge what a destructive run changed: every path
// (raw bytes, as latin1 strings), lstat'ed, never following a symlink but entering mounts (a bind mount of a
// canary inside a partition shows its files under both paths), with the content hash of regular files and
// the target of symlinks. Plus this process's mount table, to tell which paths lie past a mount boundary.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export type NodeType = 'f' | 'd' | 'l' | 'o';

export interface NodeInfo {
  type: NodeType;
  dev: number;
  ino: number;
  size: number;
  /** Whole seconds, as the plan records them. */
  mtime: number;
  nlink: number;
  /** sha1 of a regular file's content. */
  hash: string | null;
  /** A symlink's target, raw bytes as latin1. */
  target: string | null;
}

/** Absolute path (latin1 of the raw bytes) to what was there. */
export type TreeSnapshot = Map<string, NodeInfo>;

const raw = (p: string) => Buffer.from(p, 'latin1');

/** Past this many entries a walk stops (a runaway bind-mount loop must not hang the suite). */
const MAX_ENTRIES = 200_000;

function typeOf(st: ReturnType<typeof lstatSync>): NodeType {
  if (st!.isFile()) return 'f';
  if (st!.isDirectory()) return 'd';
  if (st!.isSymbolicLink()) return 'l';
  return 'o';
}

/** lstat of one path into a NodeInfo (content hashed for regular files); null when it is not there. */
export function inspect(path: string, hash = true): NodeInfo | null {
  let st;
  try {
    st = lstatSync(raw(path));
  } catch {
    return null;
  }
  const type = typeOf(st);
  let h: string | null = null;
  let target: string | null = null;
  if (type === 'f' && hash) {
    try {
      h = createHash('sha1').update(readFileSync(raw(path))).digest('hex');
    } catch {
      h = 'unreadable';
    }
  }
  if (type === 'l') {
    try {
      target = readlinkSync(raw(path), { encoding: 'buffer' }).toString('latin1');
    } catch {
      target = null;
    }
  }
  return { type, dev: st.dev, ino: st.ino, size: st.size, mtime: Math.floor(st.mtimeMs / 1000), nlink: st.nlink, hash: h, target };
}

/**
 * Every path under base (base included). A directory is not entered again below itself (by dev and inode),
 * which only a bind mount of an ancestor could make happen.
 */
export function snapshotTree(base: string): TreeSnapshot {
  const out: TreeSnapshot = new Map();
  const walk = (path: string, stack: Set<string>) => {
    if (out.size >= MAX_ENTRIES) return;
    const info = inspect(path);
    if (!info) return;
    out.set(path, info);
    if (info.type !== 'd') return;
    const key = `${info.dev}:${info.ino}`;
    if (stack.has(key)) return;
    stack.add(key);
    let names: Buffer[];
    try {
      names = readdirSync(raw(path), { encoding: 'buffer' });
    } catch {
      names = [];
    }
    for (const n of names.map((b) => b.toString('latin1')).sort()) walk(path === '/' ? `/${n}` : `${path}/${n}`, stack);
    stack.delete(key);
  };
  walk(base, new Set());
  return out;
}

export function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);
}

/** Paths under dir only. */
export function subtree(snap: TreeSnapshot, dir: string): TreeSnapshot {
  return new Map([...snap].filter(([p]) => isUnder(p, dir)));
}

export interface TreeChange {
  path: string;
  /** gone, added, type, content (hash), target (symlink). Stat data (nlink, times) is never compared. */
  what: 'gone' | 'added' | 'type' | 'content' | 'target';
  before: NodeInfo | null;
  after: NodeInfo | null;
}

/** What differs between two snapshots by path, type, content and symlink target. */
export function treeChanges(before: TreeSnapshot, after: TreeSnapshot): TreeChange[] {
  const out: TreeChange[] = [];
  for (const [p, b] of before) {
    const a = after.get(p) ?? null;
    if (!a) out.push({ path: p, what: 'gone', before: b, after: null });
    else if (a.type !== b.type) out.push({ path: p, what: 'type', before: b, after: a });
    else if (a.hash !== b.hash) out.push({ path: p, what: 'content', before: b, after: a });
    else if (a.target !== b.target) out.push({ path: p, what: 'target', before: b, after: a });
  }
  for (const [p, a] of after) if (!before.has(p)) out.push({ path: p, what: 'added', before: null, after: a });
  return out;
}

export interface MountEntry {
  mountId: number;
  /** st_dev of the mounted filesystem, as stat reports it. */
  dev: number;
  /** The mount point, raw bytes as latin1. */
  mountPoint: string;
  fsType: string;
}

function unescapeMountPath(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** makedev as glibc encodes it: what stat's st_dev holds for major:minor. */
export function makedev(major: number, minor: number): number {
  return (minor & 0xff) + (major & 0xfff) * 2 ** 8 + Math.floor(minor / 2 ** 8) * 2 ** 20 + Math.floor(major / 2 ** 12) * 2 ** 44;
}

/** This process's mount table (/proc/self/mountinfo). */
export function readMounts(): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'latin1').split('\n')) {
    const f = line.split(' ');
    if (f.length < 10) continue;
    const [major, minor] = f[2].split(':').map(Number);
    const sep = f.indexOf('-');
    out.push({ mountId: Number(f[0]), dev: makedev(major, minor), mountPoint: unescapeMountPath(f[4]), fsType: f[sep + 1] ?? '' });
  }
  return out;
}

/** The mount a path is on: the last-mounted entry with the longest mount point that holds it. */
export function mountOf(path: string, mounts: readonly MountEntry[]): MountEntry | null {
  let best: MountEntry | null = null;
  for (const m of mounts) {
    if (!isUnder(path, m.mountPoint)) continue;
    if (!best || m.mountPoint.length >= best.mountPoint.length) best = m;
  }
  return best;
}
