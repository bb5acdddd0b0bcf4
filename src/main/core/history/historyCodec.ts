// A scan's history entries as bytes: paths sorted and front-coded (each the length it shares with the one
// before it, then the rest), a kind byte and varint sizes. Day directories and segments share long prefixes,
// so a path costs a few bytes before compression; the caller deflates the result.
import type { HistoryCut, HistoryEntries, HistoryEntry, HistoryEntryKind } from './historyEntries';

const MAGIC = 'SSHE';
const FORMAT = 1;
/** A kind's byte; a new partition kind fails to compile until it has one (never renumber a shipped one). */
const KIND_CODES: Record<HistoryEntryKind, number> = { dir: 0, day: 1, segment: 2, rotated: 3, sqlite: 4, bucket: 5 };
const KINDS: readonly HistoryEntryKind[] = (Object.keys(KIND_CODES) as HistoryEntryKind[]).reduce<HistoryEntryKind[]>((out, k) => {
  out[KIND_CODES[k]] = k;
  return out;
}, []);

/** Corrupt or foreign bytes where a scan's history was expected. */
export class HistoryCodecError extends Error {}

class Writer {
  private buf = Buffer.allocUnsafe(4096);
  length = 0;

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
    if (!Number.isSafeInteger(n) || n < 0) throw new HistoryCodecError(`not a size: ${n}`);
    this.room(8);
    while (n >= 0x80) {
      this.buf[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.length++] = n;
  }

  latin1(s: string, from: number): void {
    this.room(s.length - from);
    this.length += this.buf.write(s.slice(from), this.length, 'latin1');
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}

  private fail(): never {
    throw new HistoryCodecError('the stored scan history is cut short or corrupt');
  }

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
    this.fail();
  }

  latin1(length: number): string {
    if (this.pos + length > this.buf.length) this.fail();
    const s = this.buf.toString('latin1', this.pos, this.pos + length);
    this.pos += length;
    return s;
  }

  get done(): boolean {
    return this.pos === this.buf.length;
  }
}

function sharedPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Entries in any order; they are written sorted by path (the order front-coding needs). */
export function encodeHistory({ entries, cut }: HistoryEntries): Buffer {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const w = new Writer();
  w.latin1(MAGIC, 0);
  w.byte(FORMAT);
  w.varint(cut.count);
  w.varint(cut.allocatedBytes);
  w.varint(cut.largestBytes);
  w.varint(sorted.length);
  let prev = '';
  for (const e of sorted) {
    const kind = KIND_CODES[e.kind] as number | undefined;
    if (kind === undefined) throw new HistoryCodecError(`unknown entry kind ${e.kind}`);
    const shared = sharedPrefix(prev, e.path);
    w.varint(shared);
    w.varint(e.path.length - shared);
    w.latin1(e.path, shared);
    w.byte(kind);
    w.varint(e.allocatedBytes);
    w.varint(e.apparentBytes);
    w.varint(e.files);
    prev = e.path;
  }
  return w.bytes();
}

export function decodeHistory(buf: Buffer): HistoryEntries {
  const r = new Reader(buf);
  if (r.latin1(MAGIC.length) !== MAGIC) throw new HistoryCodecError('not a stored scan history');
  const format = r.byte();
  if (format !== FORMAT) throw new HistoryCodecError(`stored scan history in format ${format}, not ${FORMAT}`);
  const cut: HistoryCut = { count: r.varint(), allocatedBytes: r.varint(), largestBytes: r.varint() };
  const count = r.varint();
  // A count the bytes cannot hold is corrupt: each entry takes at least 6 bytes.
  if (count * 6 > buf.length) throw new HistoryCodecError('the stored scan history counts more entries than it holds');
  const entries: HistoryEntry[] = new Array(count);
  let prev = '';
  for (let i = 0; i < count; i++) {
    const shared = r.varint();
    if (shared > prev.length) throw new HistoryCodecError('the stored scan history is corrupt (a prefix longer than the path before it)');
    const path = prev.slice(0, shared) + r.latin1(r.varint());
    const kind = KINDS[r.byte()];
    if (!kind) throw new HistoryCodecError('the stored scan history has an unknown entry kind');
    entries[i] = { path, kind, allocatedBytes: r.varint(), apparentBytes: r.varint(), files: r.varint() };
    prev = path;
  }
  if (!r.done) throw new HistoryCodecError('the stored scan history has bytes past its last entry');
  return { entries, cut };
}
