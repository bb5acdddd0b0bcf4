// The byte layer of Spoolscope's packed formats (a reap plan's step columns, a scan's history): a growing
// writer and a bounds-checked reader of bytes, varints (7 bits a byte, low bits first), float64s and raw
// names carried in latin1 strings (one char per byte). Each format keeps its own magic, layout and errors;
// a reader fails through the `fail` its format gives, so a cut or corrupt blob says which store it was.

/** Up to this many chars, ByteWriter.latin1 copies in a loop rather than through Buffer.write. */
const SHORT_STRING = 64;

export class ByteWriter {
  private buf: Buffer;
  length = 0;

  constructor(
    initialBytes = 1024,
    private readonly fail: (why: string) => never = (why) => {
      throw new Error(why);
    },
  ) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /** A non-negative safe integer, 7 bits a byte, low bits first. */
  varint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) this.fail(`not a size: ${n}`);
    this.room(8);
    while (n >= 0x80) {
      this.buf[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.length++] = n;
  }

  float64(x: number): void {
    this.room(8);
    this.buf.writeDoubleLE(x, this.length);
    this.length += 8;
  }

  /** `s` from index `from`, as raw bytes (each char's low byte, as Buffer's latin1 writes it). */
  latin1(s: string, from = 0): void {
    const n = s.length - from;
    this.room(n);
    if (n > SHORT_STRING) {
      this.length += this.buf.write(s.slice(from), this.length, 'latin1');
      return;
    }
    // A path's suffix is a few chars: a loop costs less than a substring and a call into Buffer.write.
    const buf = this.buf;
    let at = this.length;
    for (let i = from; i < s.length; i++) buf[at++] = s.charCodeAt(i) & 0xff;
    this.length = at;
  }

  /** Raw bytes, NUL-terminated: for names, which never hold a NUL. */
  latin1z(s: string): void {
    if (s.includes('\0')) this.fail('a name holds a NUL byte');
    this.latin1(s);
    this.byte(0);
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

export class ByteReader {
  pos = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly fail: () => never,
  ) {}

  byte(): number {
    if (this.pos >= this.buf.length) this.fail();
    return this.buf[this.pos++];
  }

  varint(): number {
    let n = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
    return this.fail();
  }

  float64(): number {
    if (this.pos + 8 > this.buf.length) this.fail();
    const x = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return x;
  }

  latin1(length: number): string {
    if (this.pos + length > this.buf.length) this.fail();
    const s = this.buf.toString('latin1', this.pos, this.pos + length);
    this.pos += length;
    return s;
  }

  latin1z(): string {
    const end = this.buf.indexOf(0, this.pos);
    if (end === -1) this.fail();
    const s = this.buf.toString('latin1', this.pos, end);
    this.pos = end + 1;
    return s;
  }

  get done(): boolean {
    return this.pos === this.buf.length;
  }
}
