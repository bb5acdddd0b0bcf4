// A reap plan's executor steps as compact columns, so a plan of a million files fits the state store and
// memory: JSON of the same steps is about 220 bytes a file (220 MB for a million), these columns are a few
// bytes a file before compression (each number a varint of its difference from the one before it in its
// column, so runs of inodes, sizes and mtimes shrink to a byte; names one NUL-terminated table) and deflate
// well after it. Decoding is sequential and in slices (StepsReader), so a reap holds one slice of step
// objects at a time, never the whole plan.
import { ByteReader, ByteWriter } from '../common/byteCodec';
import type { FactEntry, FactType } from './reapFacts';
import type { ExecutorStep } from './reapExecutorIO';

const MAGIC = 'SSRS';
const FORMAT = 1;

/** Corrupt or foreign bytes where a plan's steps were expected. */
export class StepsCodecError extends Error {}

const TYPES: readonly FactType[] = ['f', 'd', 'l', 'other'];

/** A column's writer; a value the format cannot hold is a StepsCodecError. */
function columnWriter(): ByteWriter {
  return new ByteWriter(1024, (why) => {
    throw new StepsCodecError(why);
  });
}

/** A column's reader; a cut or corrupt column names itself. */
function columnReader(buf: Buffer, what: string): ByteReader {
  return new ByteReader(buf, () => {
    throw new StepsCodecError(`the plan's ${what} column is cut short or corrupt`);
  });
}

/** The largest difference written as a varint: |d| * 4 + 2 stays a safe integer. */
const MAX_DELTA = 2 ** 50;

/**
 * Numbers as differences from the previous one. A token's low bit 0: a difference (magnitude * 4, plus 2
 * when negative); 1: the value itself follows as a float64 (not an integer, or too far from the last one to
 * be exact as a difference). Every number decodes to exactly the one written.
 */
class DeltaWriter {
  private prev = 0;
  readonly out = columnWriter();

  put(v: number): void {
    const d = v - this.prev;
    if (Number.isSafeInteger(v) && Number.isSafeInteger(d) && Math.abs(d) <= MAX_DELTA) this.out.varint(Math.abs(d) * 4 + (d < 0 ? 2 : 0));
    else {
      this.out.varint(1);
      this.out.float64(v);
    }
    this.prev = v;
  }
}

class DeltaReader {
  private prev = 0;

  constructor(private readonly r: ByteReader) {}

  get(): number {
    const token = this.r.varint();
    if (token % 2 === 1) this.prev = this.r.float64();
    else {
      const magnitude = Math.floor(token / 4);
      this.prev = token % 4 === 2 ? this.prev - magnitude : this.prev + magnitude;
    }
    return this.prev;
  }
}

/** Strings that repeat (partition keys, directories): an index per use, each new one's text once. */
class DictWriter {
  private readonly index = new Map<string, number>();
  readonly refs = new DeltaWriter();
  readonly texts = columnWriter();

  put(s: string): void {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(s, i);
      this.texts.latin1z(s);
    }
    this.refs.put(i);
  }
}

class DictReader {
  private readonly seen: string[] = [];

  constructor(
    private readonly refs: DeltaReader,
    private readonly texts: ByteReader,
  ) {}

  get(): string {
    const i = this.refs.get();
    if (i === this.seen.length) this.seen.push(this.texts.latin1z());
    const s = this.seen[i];
    if (s === undefined) throw new StepsCodecError('the plan refers to a directory or partition it does not name');
    return s;
  }
}

/** Column order on the wire. */
const COLUMNS = ['kind', 'count', 'seq', 'partitionRefs', 'partitionTexts', 'dirRefs', 'dirTexts', 'dirDev', 'dirIno', 'names', 'types', 'dev', 'ino', 'size', 'blocks', 'nlink', 'mtime'] as const;
type Column = (typeof COLUMNS)[number];

function memberRel(dir: string, name: string): string {
  return dir === '.' ? name : `${dir}/${name}`;
}

/** Where a member's name starts in its path; -1 when the member is not directly in `dir`. */
function nameStart(dir: string, rel: string): number {
  const cut = rel.lastIndexOf('/');
  if (dir === '.') return cut === -1 ? 0 : -1;
  return cut === dir.length && rel.startsWith(dir) ? cut + 1 : -1;
}

/**
 * The steps as one buffer: a magic, the format, the step count, then each column with its length. Read once,
 * in order, so a generator's steps need never be held all at once. `prefix` (the caller's own header) goes
 * first in the same buffer: a million-step plan is copied once, not twice.
 */
export function encodeSteps(steps: Iterable<ExecutorStep>, prefix: Buffer = Buffer.alloc(0)): Buffer {
  const kind = columnWriter();
  const count = columnWriter();
  const types = columnWriter();
  const names = columnWriter();
  const seq = new DeltaWriter();
  const partitions = new DictWriter();
  const dirs = new DictWriter();
  const [dirDev, dirIno, dev, ino, size, blocks, nlink, mtime] = Array.from({ length: 8 }, () => new DeltaWriter());
  let total = 0;
  for (const s of steps) {
    total++;
    if (s.members.length < 1 || s.members.length > 4) throw new StepsCodecError(`step ${s.seq} has ${s.members.length} members (1 to 4)`);
    kind.byte(s.kind === 'd' ? 1 : 0);
    count.byte(s.members.length);
    seq.put(s.seq);
    partitions.put(s.partition);
    dirs.put(s.dir);
    dirDev.put(s.dirDev);
    dirIno.put(s.dirIno);
    for (const m of s.members) {
      // Only the name is kept: a member is always in its step's directory.
      const at = nameStart(s.dir, m.rel);
      if (at < 0) throw new StepsCodecError(`step ${s.seq}: ${m.rel} is not in ${s.dir}`);
      names.latin1z(at === 0 ? m.rel : m.rel.slice(at));
      types.byte(TYPES.indexOf(m.type));
      dev.put(m.dev);
      ino.put(m.ino);
      size.put(m.size);
      blocks.put(m.blocks);
      nlink.put(m.nlink);
      mtime.put(m.mtime);
    }
  }
  const columns: Record<Column, Buffer> = {
    kind: kind.bytes(),
    count: count.bytes(),
    seq: seq.out.bytes(),
    partitionRefs: partitions.refs.out.bytes(),
    partitionTexts: partitions.texts.bytes(),
    dirRefs: dirs.refs.out.bytes(),
    dirTexts: dirs.texts.bytes(),
    dirDev: dirDev.out.bytes(),
    dirIno: dirIno.out.bytes(),
    names: names.bytes(),
    types: types.bytes(),
    dev: dev.out.bytes(),
    ino: ino.out.bytes(),
    size: size.out.bytes(),
    blocks: blocks.out.bytes(),
    nlink: nlink.out.bytes(),
    mtime: mtime.out.bytes(),
  };
  const head = columnWriter();
  head.latin1z(MAGIC);
  head.byte(FORMAT);
  head.varint(total);
  for (const c of COLUMNS) head.varint(columns[c].length);
  return Buffer.concat([prefix, head.bytes(), ...COLUMNS.map((c) => columns[c])]);
}

/** Reads encoded steps in order, a slice at a time: only the slice being executed is held as objects. */
export class StepsReader {
  readonly total: number;
  private read = 0;
  private readonly kind: ByteReader;
  private readonly count: ByteReader;
  private readonly types: ByteReader;
  private readonly names: ByteReader;
  private readonly seq: DeltaReader;
  private readonly partitions: DictReader;
  private readonly dirs: DictReader;
  private readonly num: Record<'dirDev' | 'dirIno' | 'dev' | 'ino' | 'size' | 'blocks' | 'nlink' | 'mtime', DeltaReader>;
  private readonly readers: ByteReader[] = [];

  constructor(encoded: Buffer) {
    const head = columnReader(encoded, 'header');
    if (head.latin1z() !== MAGIC) throw new StepsCodecError('not a reap plan\'s steps');
    const format = head.byte();
    if (format !== FORMAT) throw new StepsCodecError(`reap plan steps in format ${format}, not ${FORMAT}: plan again with this version`);
    this.total = head.varint();
    const lengths = COLUMNS.map(() => head.varint());
    let at = head.pos;
    const col = {} as Record<Column, ByteReader>;
    COLUMNS.forEach((c, i) => {
      if (at + lengths[i] > encoded.length) throw new StepsCodecError(`the plan's ${c} column is cut short`);
      col[c] = columnReader(encoded.subarray(at, at + lengths[i]), c);
      this.readers.push(col[c]);
      at += lengths[i];
    });
    if (at !== encoded.length) throw new StepsCodecError('the plan\'s steps have bytes past their columns');
    this.kind = col.kind;
    this.count = col.count;
    this.types = col.types;
    this.names = col.names;
    this.seq = new DeltaReader(col.seq);
    this.partitions = new DictReader(new DeltaReader(col.partitionRefs), col.partitionTexts);
    this.dirs = new DictReader(new DeltaReader(col.dirRefs), col.dirTexts);
    this.num = {
      dirDev: new DeltaReader(col.dirDev),
      dirIno: new DeltaReader(col.dirIno),
      dev: new DeltaReader(col.dev),
      ino: new DeltaReader(col.ino),
      size: new DeltaReader(col.size),
      blocks: new DeltaReader(col.blocks),
      nlink: new DeltaReader(col.nlink),
      mtime: new DeltaReader(col.mtime),
    };
  }

  get remaining(): number {
    return this.total - this.read;
  }

  /** The next `n` steps (fewer at the end); every column must end exactly with the last step. */
  next(n: number): ExecutorStep[] {
    const out: ExecutorStep[] = [];
    const { num } = this;
    while (out.length < n && this.read < this.total) {
      const kind = this.kind.byte() === 1 ? 'd' : 'f';
      const members = this.count.byte();
      if (members < 1 || members > 4) throw new StepsCodecError(`a step of ${members} members`);
      const seq = this.seq.get();
      const partition = this.partitions.get();
      const dir = this.dirs.get();
      const step: ExecutorStep = { seq, partition, kind, dir, dirDev: num.dirDev.get(), dirIno: num.dirIno.get(), members: [] };
      for (let m = 0; m < members; m++) {
        const name = this.names.latin1z();
        const type = TYPES[this.types.byte()];
        if (type === undefined) throw new StepsCodecError('a member of an unknown type');
        const e: FactEntry = { dev: num.dev.get(), ino: num.ino.get(), type, size: num.size.get(), blocks: num.blocks.get(), nlink: num.nlink.get(), mtime: num.mtime.get(), rel: memberRel(dir, name) };
        step.members.push(e);
      }
      out.push(step);
      this.read++;
    }
    if (this.read === this.total && !this.readers.every((r) => r.done)) throw new StepsCodecError('the plan\'s steps have bytes past the last step');
    return out;
  }
}

/** Every step at once (tests, small plans). */
export function decodeSteps(encoded: Buffer): ExecutorStep[] {
  const r = new StepsReader(encoded);
  return r.next(r.total);
}
