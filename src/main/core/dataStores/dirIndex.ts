// The listed entries by directory: what every detector asks ("which files are in this directory, which
// subdirectories, and what is this entry"). Paths are absolute, raw (latin1).
import type { ListedEntry } from './storeRecords';

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** Whether `path` is `dir` or inside it. */
export function isUnder(path: string, dir: string): boolean {
  return path === dir || (dir === '/' ? path.startsWith('/') : path.startsWith(`${dir}/`));
}

export class DirIndex {
  private readonly byPath = new Map<string, ListedEntry>();
  private readonly children = new Map<string, ListedEntry[]>();

  constructor(entries: Iterable<ListedEntry>) {
    for (const e of entries) {
      // The same entry reached from two locations (a root and a well-known location inside it) counts once.
      if (this.byPath.has(e.path)) continue;
      this.byPath.set(e.path, e);
      if (e.path === '/') continue;
      const dir = parentOf(e.path);
      let list = this.children.get(dir);
      if (!list) this.children.set(dir, (list = []));
      list.push(e);
    }
  }

  get(path: string): ListedEntry | undefined {
    return this.byPath.get(path);
  }

  /** Directories that have listed children. */
  dirs(): IterableIterator<string> {
    return this.children.keys();
  }

  entries(): IterableIterator<ListedEntry> {
    return this.byPath.values();
  }

  list(dir: string): readonly ListedEntry[] {
    return this.children.get(dir) ?? [];
  }

  files(dir: string): ListedEntry[] {
    return this.list(dir).filter((e) => e.type === 'f');
  }

  subdirs(dir: string): ListedEntry[] {
    return this.list(dir).filter((e) => e.type === 'd');
  }

  child(dir: string, name: string): ListedEntry | undefined {
    return this.byPath.get(joinPath(dir, name));
  }

  hasFile(dir: string, name: string): boolean {
    return this.child(dir, name)?.type === 'f';
  }

  hasDir(dir: string, name: string): boolean {
    return this.child(dir, name)?.type === 'd';
  }

  /** Every listed entry at or under `dir` (the directory itself included when listed). */
  *under(dir: string): Generator<ListedEntry> {
    const self = this.byPath.get(dir);
    if (self) yield self;
    const stack = [dir];
    while (stack.length > 0) {
      const d = stack.pop()!;
      for (const e of this.list(d)) {
        yield e;
        if (e.type === 'd') stack.push(e.path);
      }
    }
  }
}
