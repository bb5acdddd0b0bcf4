// A scan's history entries as bytes: paths sorted and front-coded (each the length it shares with the one
// before it, then the rest), a kind byte and varint sizes. Day directories and segments share long prefixes,
// so a path costs a few bytes before compression; the caller deflates the result.
import { ByteReader, ByteWriter } from '../common/byteCodec';
import { byPath, type HistoryCut, type HistoryEntries, type HistoryEntry, type HistoryEntryKind } from './historyEntries';

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

function sharedPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Entries in any order; they are written sorted by path (the order front-coding needs). */
export function encodeHistory({ entries, cut }: HistoryEntries): Buffer {
  // A scan's entries come sorted already (boundEntries): one pass to check costs less than a second sort.
  const sorted = entries.every((e, i) => i === 0 || byPath(entries[i - 1], e) <= 0) ? entries : [...entries].sort(byPath);
  const w = new ByteWriter(4096, (why) => {
    throw new HistoryCodecError(why);
  });
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
  const r = new ByteReader(buf, () => {
    throw new HistoryCodecError('the stored scan history is cut short or corrupt');
  });
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
