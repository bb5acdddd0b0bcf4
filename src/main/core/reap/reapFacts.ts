// The reap-facts probe's records (resources/probe/reap-facts.sh): where the root and the configured roots
// physically are (path, device, inode, mount id), every entry under the root with its identity, the mount
// points under it, the fds that hold those inodes and how, and the locks on them. Raw text is latin1 (one
// char per byte).
import type { Filesystem } from '../../../shared/models';
import { parseDfOutput } from '../common/dfRecords';
import { digitsField, splitFields } from '../common/probeFields';
import { processRecord, type FileLock } from '../common/processRecords';

export type FactType = 'f' | 'd' | 'l' | 'other';

export interface FactEntry {
  dev: number;
  ino: number;
  type: FactType;
  size: number;
  blocks: number;
  nlink: number;
  mtime: number;
  /** Relative to the physical root, raw bytes as latin1. */
  rel: string;
}

export interface OpenFd {
  pid: number;
  fd: number;
  ino: number;
  /** fdinfo flags; null when fdinfo could not be read (the fd closed meanwhile). */
  flags: number | null;
}

/** A directory as the probe resolved it (cd -P): its physical path and identity. */
export interface ResolvedDir {
  dev: number;
  ino: number;
  /** The kernel's mount id (as in /proc/self/mountinfo): a bind mount of the same filesystem has another. */
  mountId: number;
  /** Physical path, raw bytes as latin1. */
  path: string;
}

/** Why the probe listed nothing under the root: its own scope check, made before the listing. */
export type FactsDecline = 'system-directory' | 'outside-roots';

/** What the probe reads on stdin: a marker, the number of configured roots, the root, the configured roots. */
export function reapFactsArgs(root: string, configuredRoots: readonly string[]): string[] {
  return ['spoolscope-reap-facts', String(configuredRoots.length), root, ...configuredRoots];
}

export interface ReapFacts {
  root: ResolvedDir | null;
  /** The configured roots sent to the probe, in order, resolved on the node; null where one could not be. */
  configuredRoots: (ResolvedDir | null)[];
  /** Set when the probe refused the root before listing anything. */
  declined: FactsDecline | null;
  /** Mount points strictly under the root (relative path, raw) with their mount ids. */
  mountPoints: Map<string, number>;
  filesystem: Filesystem | null;
  entries: FactEntry[];
  openFds: OpenFd[];
  comms: Map<number, string>;
  locks: FileLock[];
  /** Processes whose fds the probe could not read (another user's, when not root): writers it cannot see. */
  hiddenProcesses: number;
  malformed: number;
}

const O_ACCMODE = 3;

export function openForWriting(flags: number | null): boolean {
  // Unreadable flags: assume the worst; keeping a partition is always safe.
  if (flags === null) return true;
  const mode = flags & O_ACCMODE;
  return mode === 1 || mode === 2;
}

const num = digitsField;

function factType(y: string): FactType {
  return y === 'f' ? 'f' : y === 'd' ? 'd' : y === 'l' ? 'l' : 'other';
}

/** Decimal digits of buf[a, b) as a number (as Number() reads them); NaN when empty or not all digits. */
function digitsAt(buf: Buffer, a: number, b: number): number {
  if (b <= a) return NaN;
  // Past 15 digits a running sum could round differently from Number(): let Number() read those.
  if (b - a > 15) return num(buf.toString('latin1', a, b));
  let v = 0;
  for (let i = a; i < b; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

const TAB = 9;
const TYPE_BYTES: Record<number, FactType> = { 0x66: 'f', 0x64: 'd', 0x6c: 'l' };

function resolvedDir(fields: readonly string[] | null): ResolvedDir | null {
  if (!fields) return null;
  const [dev, ino, mountId] = fields.slice(0, 3).map(num);
  const path = fields[3];
  if ([dev, ino, mountId].some(Number.isNaN) || !path?.startsWith('/')) return null;
  return { dev, ino, mountId, path };
}

function emptyFacts(): ReapFacts {
  return {
    root: null,
    configuredRoots: [],
    declined: null,
    mountPoints: new Map(),
    filesystem: null,
    entries: [],
    openFds: [],
    comms: new Map(),
    locks: [],
    hiddenProcesses: 0,
    malformed: 0,
  };
}

/**
 * The probe's records as its output arrives, chunk by chunk: a root of a million entries is never one 60 MB
 * buffer plus its 60 MB string plus a million-element split at once. A record cut by the end of the output
 * (a limit) is dropped.
 */
export class ReapFactsParser {
  private readonly facts = emptyFacts();
  private readonly flags = new Map<string, number>();
  /** The start of a record the last chunk ended inside. */
  private rest: Buffer | null = null;

  push(chunk: Buffer): void {
    let at = 0;
    if (this.rest) {
      const nul = chunk.indexOf(0);
      if (nul === -1) {
        this.rest = Buffer.concat([this.rest, chunk]);
        return;
      }
      this.record(Buffer.concat([this.rest, chunk.subarray(0, nul)]).toString('latin1'));
      this.rest = null;
      at = nul + 1;
    }
    for (let nul = chunk.indexOf(0, at); nul !== -1; nul = chunk.indexOf(0, at)) {
      // Nearly every record is an entry: read from the bytes, so each costs its name's string and nothing more.
      if (!(chunk[at] === 0x46 && chunk[at + 1] === TAB && this.entryFromBytes(chunk, at, nul))) this.record(chunk.toString('latin1', at, nul));
      at = nul + 1;
    }
    // Copied: a view would keep the whole chunk alive for a few bytes.
    if (at < chunk.length) this.rest = Buffer.from(chunk.subarray(at));
  }

  end(): ReapFacts {
    this.rest = null;
    const { facts } = this;
    for (const o of facts.openFds) o.flags = this.flags.get(`${o.pid}/${o.fd}`) ?? null;
    return facts;
  }

  /** Tab positions of the entry being read (the 7 after "F\t"). */
  private readonly tabs = new Int32Array(7);

  /**
   * An "F" record in buf[start, end) read in place, as record() would read its text; false (nothing taken)
   * for anything record() would count as malformed, which it then does.
   */
  private entryFromBytes(buf: Buffer, start: number, end: number): boolean {
    const { tabs } = this;
    let at = start + 2;
    for (let i = 0; i < 7; i++) {
      const tab = buf.indexOf(TAB, at);
      if (tab === -1 || tab >= end) return false;
      tabs[i] = tab;
      at = tab + 1;
    }
    if (at >= end) return false;
    const dev = digitsAt(buf, start + 2, tabs[0]);
    const ino = digitsAt(buf, tabs[0] + 1, tabs[1]);
    const size = digitsAt(buf, tabs[2] + 1, tabs[3]);
    const blocks = digitsAt(buf, tabs[3] + 1, tabs[4]);
    const nlink = digitsAt(buf, tabs[4] + 1, tabs[5]);
    const mtime = digitsAt(buf, tabs[5] + 1, tabs[6]);
    if (Number.isNaN(dev + ino + size + blocks + nlink + mtime)) return false;
    const type = tabs[2] - tabs[1] === 2 ? (TYPE_BYTES[buf[tabs[1] + 1]] ?? 'other') : 'other';
    this.facts.entries.push({ dev, ino, type, size, blocks, nlink, mtime, rel: buf.toString('latin1', at, end) });
    return true;
  }

  private record(rec: string): void {
    const { facts } = this;
    if (rec.startsWith('F\t')) {
      const f = splitFields(rec, 8);
      const [dev, ino, size, blocks, nlink, mtime] = [f?.[1], f?.[2], f?.[4], f?.[5], f?.[6], f?.[7]].map(num);
      if (!f || [dev, ino, size, blocks, nlink, mtime].some(Number.isNaN) || f[8] === '') {
        facts.malformed++;
        return;
      }
      facts.entries.push({ dev, ino, type: factType(f[3]), size, blocks, nlink, mtime, rel: f[8] });
    } else if (rec.startsWith('O\t')) {
      const [, pid, fd, ino] = rec.split('\t').map(num);
      if ([pid, fd, ino].some(Number.isNaN)) facts.malformed++;
      else facts.openFds.push({ pid, fd, ino, flags: null });
    } else if (rec.startsWith('R\t')) {
      const root = resolvedDir(splitFields(rec, 4)?.slice(1) ?? null);
      if (root) facts.root = root;
      else facts.malformed++;
    } else if (rec.startsWith('C\t')) {
      const f = splitFields(rec, 2);
      const i = num(f?.[1]);
      const dir = f && f[2] !== '-' ? resolvedDir(splitFields(rec, 5)?.slice(2) ?? null) : null;
      if (Number.isNaN(i) || i > 100_000 || (f?.[2] !== '-' && !dir)) facts.malformed++;
      else facts.configuredRoots[i] = dir;
    } else if (rec.startsWith('X\t')) {
      const code = rec.slice(2);
      // Anything else from the probe here is still a refusal: never list on a word we do not know.
      facts.declined = code === 'system-directory' ? 'system-directory' : 'outside-roots';
    } else if (rec.startsWith('M\t')) {
      const f = splitFields(rec, 2);
      const id = num(f?.[1]);
      if (!f || Number.isNaN(id) || f[2] === '') facts.malformed++;
      else facts.mountPoints.set(f[2], id);
    } else if (rec.startsWith('S\t')) {
      facts.filesystem = parseDfOutput(Buffer.from(rec.slice(2), 'latin1').toString('utf8')).filesystems[0] ?? null;
    } else if (!processRecord(rec, facts, this.flags)) {
      facts.malformed++;
    }
  }
}

export function parseReapFacts(out: Buffer): ReapFacts {
  const parser = new ReapFactsParser();
  parser.push(out);
  return parser.end();
}
