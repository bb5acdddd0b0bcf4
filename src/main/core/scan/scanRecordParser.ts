// Streaming parser for the scan probe's records: "%D %i %y %s %b %n %.12T@ %P\0" (the mtime's fraction, cut
// to 12 chars, may be whole, short, empty after its dot, or absent).
// The path is the last field and ends at NUL, so any other byte (newline, space, invalid UTF-8) may appear in it.
// Works on raw bytes: numbers are parsed without decoding, and the path is handed over as a latin1 string,
// which maps each byte to one char and so keeps the exact bytes for identity.

export interface ScanRecord {
  dev: number;
  ino: number;
  /** find's %y letter: f d l s p c b D */
  type: string;
  size: number;
  /** 512-byte blocks, as find %b reports them. */
  blocks: number;
  nlink: number;
  mtime: number;
  /** Parent directory relative to the scanned root, one char per raw byte; '' for the root and its children. */
  dirPath: string;
  /** Last path component, one char per raw byte; '' for the root itself. */
  name: string;
}

/** The path relative to the root, rebuilt from a record. */
export function relPathOf(rec: Pick<ScanRecord, 'dirPath' | 'name'>): string {
  return rec.dirPath === '' ? rec.name : `${rec.dirPath}/${rec.name}`;
}

/** Splits a relative path into a record's dirPath and name. */
export function splitRelPath(relPath: string): { dirPath: string; name: string } {
  const slash = relPath.lastIndexOf('/');
  return slash === -1 ? { dirPath: '', name: relPath } : { dirPath: relPath.slice(0, slash), name: relPath.slice(slash + 1) };
}

export interface ParserStats {
  records: number;
  malformed: number;
  bytes: number;
}

const NUL = 0;
const SPACE = 0x20;
const SLASH = 0x2f;
const DOT = 0x2e;
const NUMERIC_FIELDS = 6; // dev ino [type] size blocks nlink mtime: type is not numeric, handled apart
/** The mtime's place among the 7 fields: it may carry %T@'s fraction. */
const MTIME_FIELD = 6;
/** The record a scan-lane stream prints after each batch: not a file (find's records start with a digit). */
export const BATCH_END_RECORD = 'spoolscope-batch-end';
const BATCH_END = Buffer.from(BATCH_END_RECORD, 'latin1');
/** The record a scan-lane stream starts with: "spoolscope-cores <n>", the cores its shell may use. */
export const CORES_RECORD_PREFIX = 'spoolscope-cores ';
const CORES = Buffer.from(CORES_RECORD_PREFIX, 'latin1');
/** Lanes past this many cores gain nothing (core/scan/scanLanes.ts caps them far lower): a longer count is garbage. */
const MAX_CORES_DIGITS = 5;

/** A record longer than this cannot be a real path (PATH_MAX is 4096); it is dropped as malformed. */
const MAX_RECORD_BYTES = 64 * 1024;

/** Where digits (or none: `%.12T@` cut after the dot) from `p` end at a space before `end`; -1 otherwise. */
function spaceAfterDigits(buf: Buffer, p: number, end: number): number {
  while (p < end && buf[p] >= 48 && buf[p] <= 57) p++;
  return p < end && buf[p] === SPACE ? p : -1;
}

export class ScanRecordParser {
  private carry: Buffer | null = null;
  readonly stats: ParserStats = { records: 0, malformed: 0, bytes: 0 };
  private readonly numbers = new Array<number>(NUMERIC_FIELDS);
  // One record, refilled for every entry (a million objects a scan were a quarter of its garbage): it is valid
  // during onRecord only, and a consumer that keeps one copies it.
  private readonly record: ScanRecord = { dev: 0, ino: 0, type: '', size: 0, blocks: 0, nlink: 0, mtime: 0, dirPath: '', name: '' };
  // find lists a directory's entries together: reusing the parent path string avoids one allocation a file.
  private lastDirBytes: Buffer = Buffer.alloc(0);
  private lastDirPath = '';
  /**
   * `onRecord` gets the same object each time, refilled: it must not keep it.
   * A scan-lane stream's own records are not counted at all: `onBatchEnd` is told of each batch end, `onCores`
   * of the core count (a lane stream has both; in any other stream they are malformed).
   */
  constructor(
    private readonly onRecord: (rec: ScanRecord) => void,
    private readonly onBatchEnd?: () => void,
    private readonly onCores?: (cores: number) => void,
  ) {}

  push(chunk: Buffer): void {
    this.stats.bytes += chunk.length;
    let buf = chunk;
    let pos = 0;
    if (this.carry) {
      // Finish the split record from a copy of its two halves only, not of the whole new chunk.
      const end = chunk.indexOf(NUL);
      if (end === -1) {
        buf = Buffer.concat([this.carry, chunk]);
        this.carry = null;
      } else {
        const joined = Buffer.concat([this.carry, chunk.subarray(0, end + 1)]);
        this.carry = null;
        this.parseOne(joined, 0, joined.length - 1);
        pos = end + 1;
      }
    }
    for (;;) {
      const end = buf.indexOf(NUL, pos);
      if (end === -1) break;
      this.parseOne(buf, pos, end);
      pos = end + 1;
    }
    if (pos < buf.length) {
      const rest = buf.length - pos;
      if (rest > MAX_RECORD_BYTES) {
        // Garbage without terminators: drop it rather than buffer without bound.
        this.stats.malformed++;
        this.carry = null;
      } else {
        this.carry = Buffer.from(buf.subarray(pos));
      }
    }
  }

  /** Call at end of stream. Returns true when the stream ended mid-record (a truncated stream). */
  end(): boolean {
    const truncated = this.carry !== null && this.carry.length > 0;
    if (truncated) this.stats.malformed++;
    this.carry = null;
    return truncated;
  }

  /** True when the record is a core count ("spoolscope-cores <digits>"), which is then told. */
  private coresRecord(buf: Buffer, start: number, end: number): boolean {
    const digits = start + CORES.length;
    if (end - digits < 1 || end - digits > MAX_CORES_DIGITS || !CORES.equals(buf.subarray(start, digits))) return false;
    let n = 0;
    for (let i = digits; i < end; i++) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) return false;
      n = n * 10 + d;
    }
    this.onCores!(n);
    return true;
  }

  private parseOne(buf: Buffer, start: number, end: number): void {
    // Fields: dev ino type size blocks nlink mtime path. One pass over the bytes: no per-field search.
    if (this.onBatchEnd && end - start === BATCH_END.length && buf[start] === BATCH_END[0] && BATCH_END.equals(buf.subarray(start, end))) {
      this.onBatchEnd();
      return;
    }
    if (this.onCores && buf[start] === CORES[0] && this.coresRecord(buf, start, end)) return;
    const nums = this.numbers;
    let p = start;
    let type = '';
    for (let field = 0; field < 7; field++) {
      if (field === 2) {
        if (p + 1 >= end || buf[p + 1] !== SPACE) {
          this.stats.malformed++;
          return;
        }
        type = String.fromCharCode(buf[p]);
        p += 2;
        continue;
      }
      let n = 0;
      const fieldStart = p;
      let c = p < end ? buf[p] : SPACE;
      while (c !== SPACE) {
        const d = c - 48;
        if (d < 0 || d > 9) {
          const fractionEnd = c === DOT && field === MTIME_FIELD && p > fieldStart ? spaceAfterDigits(buf, p + 1, end) : -1;
          if (fractionEnd === -1) {
            this.stats.malformed++;
            return;
          }
          // The fraction: whole seconds are what %Ts gave (floor, for times after 1970).
          p = fractionEnd;
          break;
        }
        n = n * 10 + d;
        p++;
        if (p >= end) {
          this.stats.malformed++;
          return;
        }
        c = buf[p];
      }
      if (p === fieldStart) {
        this.stats.malformed++;
        return;
      }
      nums[field < 2 ? field : field - 1] = n;
      p++;
    }
    this.stats.records++;
    // scan-subtrees prints "./a/b" (find's %p under the root); scan prints "a/b" (%P). No name is ".".
    if (end - p >= 2 && buf[p] === DOT && buf[p + 1] === SLASH) p += 2;
    // Backward byte loops: names are short, and a native call per record costs more than the loop.
    let slash = end - 1;
    while (slash >= p && buf[slash] !== SLASH) slash--;
    let dirPath = '';
    let nameStart = p;
    if (slash >= p) {
      nameStart = slash + 1;
      const len = slash - p;
      const last = this.lastDirBytes;
      let same = len === last.length;
      for (let i = len - 1; same && i >= 0; i--) same = buf[p + i] === last[i];
      if (same) {
        dirPath = this.lastDirPath;
      } else {
        dirPath = buf.toString('latin1', p, slash);
        this.lastDirBytes = Buffer.from(buf.subarray(p, slash));
        this.lastDirPath = dirPath;
      }
    }
    const rec = this.record;
    rec.dev = nums[0];
    rec.ino = nums[1];
    rec.type = type;
    rec.size = nums[2];
    rec.blocks = nums[3];
    rec.nlink = nums[4];
    rec.mtime = nums[5];
    rec.dirPath = dirPath;
    rec.name = buf.toString('latin1', nameStart, end);
    this.onRecord(rec);
  }
}
