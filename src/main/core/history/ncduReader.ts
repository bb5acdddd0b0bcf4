// Reads ncdu's JSON export (`ncdu -o`, format 1.x) as it streams in, byte by byte, and turns each entry into
// the scan probe's record, so an import feeds the same ScanTree as a live scan. Bytes, not decoded text:
// ncdu writes a name's bytes raw (invalid UTF-8 included) and escapes only quotes, backslashes and controls,
// so names stay raw bytes (latin1 strings) for identity, exactly as the probe's. Bounded: the caller limits
// the bytes; a name, a number and the directory depth have limits of their own here.
//
// The format: [1, MINOR, {metadata}, DIR] where DIR is [{the directory's entry}, child, child...], a child
// being another DIR or a file's {entry}. An entry has name, asize, dsize; dev when it differs from its
// parent's, ino and hlnkc (and nlink) for hard links, notreg for what is neither a file nor a directory,
// read_error, excluded (pattern, otherfs, kernfs, frmlnk: not counted by ncdu either), mtime with -e.
import type { ScanRecord } from '../scan/scanRecordParser';

export class NcduFormatError extends Error {}

export interface NcduStats {
  records: number;
  /** Entries ncdu itself left out (excluded by a pattern, another filesystem, a kernel filesystem). */
  excluded: number;
  /** Directories or files ncdu could not read. */
  readErrors: number;
}

export interface NcduMetadata {
  major: number;
  minor: number;
  progname: string | null;
  progver: string | null;
  /** Epoch seconds of the export, when it says. */
  timestamp: number | null;
}

const MAX_STRING_BYTES = 64 * 1024;
const MAX_DEPTH = 4096;
const MAX_NUMBER_CHARS = 32;

/** \" \\ \/ \b \f \n \r \t: the byte each stands for. */
const SIMPLE_ESCAPES: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9 };

type Scalar = string | number | boolean | null;

interface Frame {
  kind: 'array' | 'object';
  /** Elements seen so far (arrays). */
  index: number;
  /** What this array is: the top level, a directory, or something we skip. */
  role: 'top' | 'dir' | 'other';
  /** Objects: the entry's fields (scalars only); null when skipped. */
  fields: Map<string, Scalar> | null;
  /** Objects: the key whose value comes next. */
  key: string | null;
  /** Directories: raw relative path ('' for the root), its device. */
  relPath: string;
  dev: number;
  /** Directories: the first element (its own entry) has been read. */
  entered: boolean;
}

type Lex = 'value' | 'afterValue' | 'key' | 'colon' | 'string' | 'escape' | 'unicode' | 'number' | 'literal';

function entryName(f: Map<string, Scalar>): string {
  const name = f.get('name');
  if (typeof name !== 'string' || name === '') throw new NcduFormatError('an entry has no name');
  return name;
}

const num = (v: Scalar | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export class NcduReader {
  readonly stats: NcduStats = { records: 0, excluded: 0, readErrors: 0 };
  metadata: NcduMetadata | null = null;
  /** The root's path as the export names it (raw bytes as latin1). */
  rootPath: string | null = null;
  private readonly stack: Frame[] = [];
  private lex: Lex = 'value';
  private str = Buffer.allocUnsafe(256);
  private strLen = 0;
  /** The string being read is a key. */
  private strIsKey = false;
  /** The number or word being read, as bytes. */
  private readonly token = Buffer.allocUnsafe(MAX_NUMBER_CHARS);
  private tokenLen = 0;
  private unicode = '';
  private highSurrogate = -1;
  private done = false;
  private major = -1;
  private minor = -1;

  constructor(private readonly onRecord: (rec: ScanRecord) => void) {}

  push(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.lex === 'string') {
        // A name's plain run is copied at once: most of an export is names.
        let j = i;
        while (j < n && chunk[j] !== 0x22 && chunk[j] !== 0x5c) j++;
        if (j > i) this.strRun(chunk, i, j);
        if (j === n) return;
        i = j;
      }
      this.byte(chunk[i++]);
    }
  }

  /** At end of input: the export must be complete. */
  end(): void {
    if (this.lex === 'number' || this.lex === 'literal') this.finishToken();
    if (!this.done) throw new NcduFormatError('the ncdu export ends before its last bracket (cut short?)');
    if (this.rootPath === null) throw new NcduFormatError('the ncdu export holds no directory');
  }

  private fail(what: string): never {
    throw new NcduFormatError(`not an ncdu export: ${what}`);
  }

  private byte(c: number): void {
    switch (this.lex) {
      case 'string':
        if (c === 0x22) return this.finishString();
        if (c === 0x5c) {
          this.lex = 'escape';
          return;
        }
        return this.strByte(c);
      case 'escape':
        return this.escape(c);
      case 'unicode':
        return this.unicodeDigit(c);
      case 'number':
      case 'literal':
        if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x45) {
          if (this.tokenLen >= MAX_NUMBER_CHARS) this.fail('a number or word is too long');
          this.token[this.tokenLen++] = c;
          return;
        }
        this.finishToken();
        return this.byte(c);
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return;
    if (this.done) this.fail('bytes after the end');
    switch (this.lex) {
      case 'key':
        if (c === 0x22) return this.beginString(true);
        // An empty object.
        if (c === 0x7d && this.top()?.kind === 'object') return this.closeObject();
        return this.fail('expected a key');
      case 'colon':
        if (c !== 0x3a) this.fail('expected ":"');
        this.lex = 'value';
        return;
      case 'afterValue': {
        const top = this.top();
        if (!top) return this.fail('bytes after the end');
        if (c === 0x2c) {
          this.lex = top.kind === 'object' ? 'key' : 'value';
          return;
        }
        if (c === 0x5d && top.kind === 'array') return this.closeArray();
        if (c === 0x7d && top.kind === 'object') return this.closeObject();
        return this.fail(`unexpected "${String.fromCharCode(c)}"`);
      }
      case 'value':
        if (c === 0x22) return this.beginString(false);
        if (c === 0x5b) return this.openArray();
        if (c === 0x7b) return this.openObject();
        if (c === 0x5d && this.top()?.kind === 'array' && this.top()!.index === 0) return this.closeArray();
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          this.lex = 'number';
          this.token[0] = c;
          this.tokenLen = 1;
          return;
        }
        if (c === 0x74 || c === 0x66 || c === 0x6e) {
          this.lex = 'literal';
          this.token[0] = c;
          this.tokenLen = 1;
          return;
        }
        return this.fail(`unexpected "${String.fromCharCode(c)}"`);
    }
  }

  private top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  // --- strings ---

  private beginString(isKey: boolean): void {
    this.lex = 'string';
    this.strLen = 0;
    this.strIsKey = isKey;
  }

  private strRun(buf: Buffer, from: number, to: number): void {
    const len = to - from;
    if (this.strLen + len > MAX_STRING_BYTES) this.fail('a name longer than 64 KiB');
    if (this.strLen + len > this.str.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.str.length * 2, this.strLen + len));
      this.str.copy(grown, 0, 0, this.strLen);
      this.str = grown;
    }
    buf.copy(this.str, this.strLen, from, to);
    this.strLen += len;
  }

  private strByte(c: number): void {
    if (this.strLen >= MAX_STRING_BYTES) this.fail('a name longer than 64 KiB');
    if (this.strLen === this.str.length) {
      const grown = Buffer.allocUnsafe(this.str.length * 2);
      this.str.copy(grown);
      this.str = grown;
    }
    this.str[this.strLen++] = c;
  }

  private escape(c: number): void {
    this.lex = 'string';
    if (c === 0x75) {
      this.lex = 'unicode';
      this.unicode = '';
      return;
    }
    const b = SIMPLE_ESCAPES[c];
    if (b === undefined) this.fail('a bad escape in a string');
    this.flushSurrogate();
    this.strByte(b);
  }

  private unicodeDigit(c: number): void {
    const ch = String.fromCharCode(c);
    if (!/[0-9a-fA-F]/.test(ch)) this.fail('a bad \\u escape');
    this.unicode += ch;
    if (this.unicode.length < 4) return;
    this.lex = 'string';
    const code = parseInt(this.unicode, 16);
    if (code >= 0xd800 && code <= 0xdbff) {
      this.flushSurrogate();
      this.highSurrogate = code;
      return;
    }
    if (code >= 0xdc00 && code <= 0xdfff && this.highSurrogate !== -1) {
      const cp = 0x10000 + ((this.highSurrogate - 0xd800) << 10) + (code - 0xdc00);
      this.highSurrogate = -1;
      return this.utf8(cp);
    }
    this.flushSurrogate();
    // \u0000-\u00ff for a byte below 0x80 is that byte; above, a code point (UTF-8), as JSON means it.
    this.utf8(code);
  }

  /** A lone surrogate has no UTF-8 form: written as U+FFFD. */
  private flushSurrogate(): void {
    if (this.highSurrogate === -1) return;
    this.highSurrogate = -1;
    this.utf8(0xfffd);
  }

  private utf8(cp: number): void {
    for (const b of Buffer.from(String.fromCodePoint(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp), 'utf8')) this.strByte(b);
  }

  private finishString(): void {
    this.flushSurrogate();
    const s = this.str.toString('latin1', 0, this.strLen);
    if (this.strIsKey) {
      this.top()!.key = s;
      this.lex = 'colon';
      return;
    }
    this.scalar(s);
  }

  // --- numbers and literals ---

  private finishToken(): void {
    const len = this.tokenLen;
    this.tokenLen = 0;
    if (this.lex === 'number') {
      // Plain integers (nearly every number in an export) without a string or a regular expression.
      const neg = this.token[0] === 0x2d;
      let v = 0;
      let k = neg ? 1 : 0;
      const digits = len - k;
      for (; k < len; k++) {
        const d = this.token[k] - 0x30;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (k === len && digits > 0 && digits <= 15 && (digits === 1 || this.token[neg ? 1 : 0] !== 0x30)) return this.scalar(neg ? -v : v);
    }
    const t = this.token.toString('latin1', 0, len);
    let v: Scalar;
    if (this.lex === 'literal') {
      if (t === 'true') v = true;
      else if (t === 'false') v = false;
      else if (t === 'null') v = null;
      else this.fail(`unexpected word ${JSON.stringify(t)}`);
    } else {
      if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(t)) this.fail(`a bad number ${JSON.stringify(t)}`);
      v = Number(t);
    }
    this.scalar(v);
  }

  // --- structure ---

  private scalar(v: Scalar): void {
    this.lex = 'afterValue';
    const top = this.top();
    if (!top) this.fail('a bare value');
    if (top.kind === 'object') {
      if (top.fields && top.key !== null) top.fields.set(top.key, v);
      top.key = null;
      return;
    }
    if (top.role === 'top') {
      if (top.index === 0) this.major = typeof v === 'number' ? v : -1;
      if (top.index === 1) this.minor = typeof v === 'number' ? v : -1;
      if (top.index === 0 && this.major !== 1) this.fail(`format ${String(v)}, not 1.x`);
    } else if (top.role === 'dir') {
      this.fail('a bare value in a directory');
    }
    top.index++;
  }

  private openArray(): void {
    const parent = this.top();
    if (this.stack.length >= MAX_DEPTH) this.fail(`directories nested deeper than ${MAX_DEPTH}`);
    let role: Frame['role'] = 'other';
    let relPath = '';
    let dev = 0;
    if (!parent) role = 'top';
    else if (parent.kind === 'array' && parent.role === 'top' && parent.index === 3) role = 'dir';
    else if (parent.kind === 'array' && parent.role === 'dir') {
      if (!parent.entered) this.fail('a directory starts with a directory, not its own entry');
      role = 'dir';
      relPath = parent.relPath;
      dev = parent.dev;
    }
    // Only the fourth element of the top level is the tree; anything further is ignored.
    if (parent?.role === 'top' && parent.index > 3) role = 'other';
    this.stack.push({ kind: 'array', index: 0, role, fields: null, key: null, relPath, dev, entered: false });
    this.lex = 'value';
  }

  private closeArray(): void {
    const frame = this.stack.pop()!;
    if (frame.role === 'dir' && !frame.entered) this.fail('an empty directory array');
    if (frame.role === 'top') {
      if (frame.index < 4) this.fail('the top level holds no tree');
      this.done = true;
    }
    this.lex = 'afterValue';
    const parent = this.top();
    if (parent?.kind === 'object') parent.key = null;
    else if (parent) parent.index++;
  }

  private openObject(): void {
    const parent = this.top();
    if (!parent) this.fail('an object at the top level');
    // Entries are read into fields; any other object (the metadata's nested values) only for the metadata.
    const wanted = parent.kind === 'array' && (parent.role === 'dir' || (parent.role === 'top' && parent.index === 2));
    this.stack.push({ kind: 'object', index: 0, role: 'other', fields: wanted ? new Map() : null, key: null, relPath: '', dev: 0, entered: false });
    this.lex = 'key';
  }

  private closeObject(): void {
    const frame = this.stack.pop()!;
    this.lex = 'afterValue';
    const parent = this.top()!;
    if (parent.kind === 'object') {
      parent.key = null;
      return;
    }
    if (frame.fields) {
      if (parent.role === 'top') this.readMetadata(frame.fields);
      else if (parent.role === 'dir') this.entry(parent, frame.fields);
    }
    parent.index++;
  }

  private readMetadata(f: Map<string, Scalar>): void {
    const text = (k: string) => (typeof f.get(k) === 'string' ? (f.get(k) as string) : null);
    this.metadata = { major: this.major, minor: this.minor, progname: text('progname'), progver: text('progver'), timestamp: num(f.get('timestamp')) };
  }

  private entry(dir: Frame, f: Map<string, Scalar>): void {
    const name = entryName(f);
    if (f.get('read_error') === true) this.stats.readErrors++;
    const own = !dir.entered;
    if (f.has('excluded')) {
      // Left out by ncdu: nothing was counted for it (the root itself is never excluded).
      if (own) this.fail('a directory excluded from its own listing');
      this.stats.excluded++;
      return;
    }
    const parentDev = dir.dev;
    const dev = num(f.get('dev')) ?? parentDev;
    const dsize = num(f.get('dsize')) ?? 0;
    const asize = num(f.get('asize')) ?? 0;
    const hardLinked = f.get('hlnkc') === true;
    const rec: ScanRecord = {
      dev,
      ino: num(f.get('ino')) ?? 0,
      type: 'f',
      size: Math.max(0, asize),
      blocks: Math.max(0, dsize) / 512,
      nlink: hardLinked ? Math.max(2, num(f.get('nlink')) ?? 2) : 1,
      mtime: num(f.get('mtime')) ?? 0,
      dirPath: '',
      name: '',
    };
    this.stats.records++;
    if (own) {
      dir.entered = true;
      dir.dev = dev;
      rec.type = 'd';
      if (this.stack.length === 2) {
        // The root: its name is its path on the node; records under it are relative to it.
        this.rootPath = name;
        dir.relPath = '';
      } else {
        if (name.includes('/')) this.fail('a name holds a slash');
        rec.dirPath = dir.relPath;
        rec.name = name;
        dir.relPath = dir.relPath === '' ? name : `${dir.relPath}/${name}`;
      }
      this.onRecord(rec);
      return;
    }
    if (name.includes('/')) this.fail('a name holds a slash');
    rec.dirPath = dir.relPath;
    rec.name = name;
    // Neither a file nor a directory (a symlink, a FIFO, a socket, a device): like a link, never a partition.
    if (f.get('notreg') === true) rec.type = 'l';
    this.onRecord(rec);
  }
}
