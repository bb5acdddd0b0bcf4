// A node's listing for detection tests, written as the data-stores probe prints it, so the parser is part of
// every detection test: paths (absolute), magic bytes and small texts by path, fds and locks by path.
import { DirIndex } from '../../../src/main/core/dataStores/dirIndex';
import { detectStores, pickReads } from '../../../src/main/core/dataStores/detectStores';
import type { DetectedStore } from '../../../src/main/core/dataStores/detectedStore';
import { parseStoreListing, parseStoreReads, type StoreListing } from '../../../src/main/core/dataStores/storeRecords';

export const DEV = 2049;
const MAJOR = 8;
const MINOR = 1;

export interface FixtureFile {
  /** Size in bytes; allocated is rounded up to 4 KiB. */
  size?: number;
  mtime?: number;
  /** The first bytes (magic) or the whole text the read run returns. */
  content?: string;
}

export interface Fixture {
  /** Absolute path -> a file; a path ending in / is a directory. */
  entries: Record<string, FixtureFile | null>;
  /** pid -> comm, args, files it holds (path -> 'r' | 'w'), files it locks. */
  processes?: { pid: number; comm: string; args?: string[]; holds?: Record<string, 'r' | 'w'>; locks?: string[] }[];
}

function inodes(fx: Fixture): Map<string, number> {
  const out = new Map<string, number>();
  let ino = 100;
  const add = (p: string) => {
    if (!out.has(p)) out.set(p, ino++);
  };
  for (const p of Object.keys(fx.entries)) {
    const parts = p.replace(/\/$/, '').split('/');
    for (let i = 2; i <= parts.length; i++) add(parts.slice(0, i).join('/'));
  }
  return out;
}

/** The listing run's output for the fixture (every directory on the path of an entry is listed too). */
export function listingOutput(fx: Fixture): Buffer {
  const ino = inodes(fx);
  const recs: string[] = ['N\t1700000000'];
  for (const [path, i] of ino) {
    const declared = fx.entries[path] ?? fx.entries[`${path}/`];
    const isDir = `${path}/` in fx.entries || [...ino.keys()].some((p) => p.startsWith(`${path}/`));
    const size = isDir ? 4096 : (declared?.size ?? declared?.content?.length ?? 0);
    const blocks = Math.ceil(size / 4096) * 8;
    recs.push(`F\t${DEV}\t${i}\t${isDir ? 'd' : 'f'}\t${size}\t${blocks}\t1\t${declared?.mtime ?? 1_600_000_000}\t${path}`);
  }
  for (const p of fx.processes ?? []) {
    let fd = 3;
    for (const [path, how] of Object.entries(p.holds ?? {})) {
      recs.push(`O\t${p.pid}\t${fd}\t${DEV}\t${ino.get(path) ?? 0}`);
      recs.push(`/proc/${p.pid}/fdinfo/${fd}:pos:\t0\nflags:\t0${how === 'w' ? '102001' : '100000'}\nmnt_id:\t30\n`);
      fd++;
    }
    recs.push(`/proc/${p.pid}/comm:${p.comm}\n`);
    for (const a of p.args ?? []) recs.push(`/proc/${p.pid}/cmdline:${a}`);
  }
  const locks = (fx.processes ?? []).flatMap((p, n) => (p.locks ?? []).map((path) => `${n + 1}: FLOCK  ADVISORY  WRITE ${p.pid} 0${MAJOR.toString(16)}:0${MINOR.toString(16)}:${ino.get(path) ?? 0} 0 EOF`));
  recs.push(`/proc/locks:${locks.join('\n')}\n`);
  recs.push('H\t0');
  return Buffer.from(recs.map((r) => `${r}\0`).join(''), 'latin1');
}

/** The read run's answer for what detection asked, from the fixture's contents. */
export function readOutput(fx: Fixture, listing: StoreListing): Buffer {
  const index = new DirIndex(listing.entries);
  const recs: string[] = [];
  for (const r of pickReads(index)) {
    const f = fx.entries[r.path];
    if (!f || f.content === undefined) {
      recs.push(`E\t${r.path}`);
      continue;
    }
    if (r.what === 'magic') {
      const hex = Buffer.from(f.content.slice(0, 8), 'latin1').toString('hex').replace(/(..)/g, ' $1');
      recs.push(`G\t${r.path}`, `${hex}\n`);
    } else recs.push(`T\t${r.path}`, f.content.slice(0, r.what));
  }
  return Buffer.from(recs.map((r) => `${r}\0`).join(''), 'latin1');
}

/** Detection over the fixture, through both probe runs' parsers. */
export function detect(fx: Fixture): DetectedStore[] {
  const listing = parseStoreListing(listingOutput(fx));
  const reads = parseStoreReads(readOutput(fx, listing));
  return detectStores({ index: new DirIndex(listing.entries), reads, holders: { fds: listing.fds, locks: listing.locks, comms: listing.comms, cmdlines: listing.cmdlines } });
}

export const BINLOG = '\xfebin\x00\x00\x00\x00';
export const JOURNAL = 'LPKSHHRH';
