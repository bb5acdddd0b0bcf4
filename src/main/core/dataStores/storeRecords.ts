// The data-stores probe's records (resources/probe/data-stores.sh): its listing run (locations, entries, the
// processes holding files there, their arguments, locks) and its read run (the first bytes or the text of the
// files detection picked). Raw text is latin1, one char per byte, so a path is the node's bytes.
import type { Filesystem } from '../../../shared/models';
import { parseDfOutput } from '../common/dfRecords';
import type { FactType } from '../reap/reapFacts';
import { digitsField, splitFields } from '../common/probeFields';
import { processRecord, type FileLock } from '../common/processRecords';

export const LISTING_MARKER = 'spoolscope-data-stores';
export const READ_MARKER = 'spoolscope-data-stores-read';

/** An entry the probe listed, by its absolute physical path (raw, latin1). */
export interface ListedEntry {
  dev: number;
  ino: number;
  type: FactType;
  size: number;
  blocks: number;
  nlink: number;
  mtime: number;
  path: string;
}

export interface StoreFd {
  pid: number;
  fd: number;
  dev: number;
  ino: number;
  /** fdinfo flags; null when unreadable (the fd closed meanwhile). */
  flags: number | null;
}

/** A location as given to the probe: where it looks, and how deep. */
export interface ProbeLocation {
  path: string;
  depth: number;
}

export interface StoreListing {
  now: number | null;
  /** The node's UTC offset now, in seconds east (date +%z); null when it did not say. */
  utcOffsetSeconds: number | null;
  /** Per location given, in order: its physical path and device, or why it could not be used. */
  locations: ({ dev: number; path: string } | { missing: string })[];
  filesystems: Map<number, Filesystem>;
  entries: ListedEntry[];
  fds: StoreFd[];
  comms: Map<number, string>;
  cmdlines: Map<number, string[]>;
  locks: FileLock[];
  hiddenProcesses: number;
  malformed: number;
}

export interface ReadRequest {
  path: string;
  /** 'magic': the first 8 bytes; a number: at most that many bytes of text. */
  what: 'magic' | number;
}

export interface StoreReads {
  /** Lower-case hex of the first bytes (up to 8), by path. */
  magic: Map<string, string>;
  texts: Map<string, string>;
  unreadable: Set<string>;
}

export function listingInput(locations: readonly ProbeLocation[]): string[] {
  return [LISTING_MARKER, String(locations.length), ...locations.flatMap((l) => [l.path, String(l.depth)])];
}

export function readInput(reads: readonly ReadRequest[]): string[] {
  return [READ_MARKER, String(reads.length), ...reads.flatMap((r) => [r.what === 'magic' ? 'm' : `t${Math.max(1, Math.floor(r.what))}`, r.path])];
}

const CMDLINE = /^\/proc\/(\d+)\/cmdline:/;

const num = digitsField;

function factType(y: string): FactType {
  return y === 'f' ? 'f' : y === 'd' ? 'd' : y === 'l' ? 'l' : 'other';
}


function records(out: Buffer): string[] {
  const text = out.toString('latin1');
  const parts = text.split('\0');
  // The last piece is what followed the final NUL: empty, or a record cut by a limit (dropped).
  parts.pop();
  return parts;
}

export function parseStoreListing(out: Buffer): StoreListing {
  const l: StoreListing = {
    now: null,
    utcOffsetSeconds: null,
    locations: [],
    filesystems: new Map(),
    entries: [],
    fds: [],
    comms: new Map(),
    cmdlines: new Map(),
    locks: [],
    hiddenProcesses: 0,
    malformed: 0,
  };
  const flags = new Map<string, number>();
  for (const rec of records(out)) {
    if (rec.startsWith('F\t')) {
      const f = splitFields(rec, 8);
      const [dev, ino, size, blocks, nlink, mtime] = [f?.[1], f?.[2], f?.[4], f?.[5], f?.[6], f?.[7]].map(num);
      if (!f || [dev, ino, size, blocks, nlink, mtime].some(Number.isNaN) || !f[8].startsWith('/')) l.malformed++;
      else l.entries.push({ dev, ino, type: factType(f[3]), size, blocks, nlink, mtime, path: f[8] });
    } else if (rec.startsWith('O\t')) {
      const [, pid, fd, dev, ino] = rec.split('\t').map(num);
      if ([pid, fd, dev, ino].some(Number.isNaN)) l.malformed++;
      else l.fds.push({ pid, fd, dev, ino, flags: null });
    } else if (rec.startsWith('S\t')) {
      const f = splitFields(rec, 3);
      const i = num(f?.[1]);
      if (!f || Number.isNaN(i) || i > 10_000) l.malformed++;
      else if (f[2] === '-') l.locations[i] = { missing: f[3] };
      else if (Number.isNaN(num(f[2])) || !f[3].startsWith('/')) l.malformed++;
      else l.locations[i] = { dev: num(f[2]), path: f[3] };
    } else if (rec.startsWith('D\t')) {
      const f = splitFields(rec, 2);
      const i = num(f?.[1]);
      const fs = f ? parseDfOutput(Buffer.from(f[2], 'latin1').toString('utf8')).filesystems[0] : undefined;
      if (fs && !Number.isNaN(i)) l.filesystems.set(i, fs);
    } else if (rec.startsWith('Z\t')) {
      const z = /^([+-])(\d\d)(\d\d)$/.exec(rec.slice(2));
      if (z) l.utcOffsetSeconds = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 3600 + Number(z[3]) * 60);
      else l.malformed++;
    } else if (rec.startsWith('N\t')) {
      const n = num(rec.slice(2));
      if (!Number.isNaN(n)) l.now = n;
    } else if (!processRecord(rec, l, flags)) {
      const a = CMDLINE.exec(rec);
      if (a) {
        const pid = Number(a[1]);
        const args = l.cmdlines.get(pid) ?? [];
        args.push(rec.slice(a[0].length));
        l.cmdlines.set(pid, args);
        continue;
      }
      l.malformed++;
    }
  }
  for (const fd of l.fds) fd.flags = flags.get(`${fd.pid}/${fd.fd}`) ?? null;
  return l;
}

export function parseStoreReads(out: Buffer): StoreReads {
  const r: StoreReads = { magic: new Map(), texts: new Map(), unreadable: new Set() };
  const recs = records(out);
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i];
    if (rec.startsWith('E\t')) r.unreadable.add(rec.slice(2));
    else if (rec.startsWith('G\t') && i + 1 < recs.length) r.magic.set(rec.slice(2), recs[++i].replace(/[^0-9a-f]/gi, '').toLowerCase());
    else if (rec.startsWith('T\t') && i + 1 < recs.length) r.texts.set(rec.slice(2), recs[++i]);
  }
  return r;
}

/** The hex of ASCII text, as the read run reports magic bytes ("LPKSHHRH" -> "4c504b5348485248"). */
export function hexOf(text: string): string {
  return Buffer.from(text, 'latin1').toString('hex');
}
