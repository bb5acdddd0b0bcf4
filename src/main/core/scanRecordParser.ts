// Streaming parser for the scan probe's records: "%D %i %y %s %b %n %Ts %P\0".
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
  /** Path relative to the scanned root, one char per raw byte; '' for the root itself. */
  relPath: string;
}

export interface ParserStats {
  records: number;
  malformed: number;
  bytes: number;
}

const NUL = 0;
const SPACE = 0x20;
const NUMERIC_FIELDS = 6; // dev ino [type] size blocks nlink mtime: type is not numeric, handled apart
/** A record longer than this cannot be a real path (PATH_MAX is 4096); it is dropped as malformed. */
const MAX_RECORD_BYTES = 64 * 1024;

function parseUint(buf: Buffer, start: number, end: number): number {
  if (start >= end) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

export class ScanRecordParser {
  private carry: Buffer | null = null;
  readonly stats: ParserStats = { records: 0, malformed: 0, bytes: 0 };
  private readonly numbers = new Array<number>(NUMERIC_FIELDS);

  constructor(private readonly onRecord: (rec: ScanRecord) => void) {}

  push(chunk: Buffer): void {
    this.stats.bytes += chunk.length;
    let buf = chunk;
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    let pos = 0;
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

  private parseOne(buf: Buffer, start: number, end: number): void {
    // Fields: dev ino type size blocks nlink mtime path
    let p = start;
    let field = 0;
    let type = '';
    const nums = this.numbers;
    while (field < 7) {
      const sp = buf.indexOf(SPACE, p);
      if (sp === -1 || sp >= end) {
        this.stats.malformed++;
        return;
      }
      if (field === 2) {
        if (sp - p !== 1) {
          this.stats.malformed++;
          return;
        }
        type = String.fromCharCode(buf[p]);
      } else {
        const n = parseUint(buf, p, sp);
        if (n < 0) {
          this.stats.malformed++;
          return;
        }
        nums[field < 2 ? field : field - 1] = n;
      }
      p = sp + 1;
      field++;
    }
    this.stats.records++;
    this.onRecord({
      dev: nums[0],
      ino: nums[1],
      type,
      size: nums[2],
      blocks: nums[3],
      nlink: nums[4],
      mtime: nums[5],
      relPath: buf.latin1Slice(p, end),
    });
  }
}
