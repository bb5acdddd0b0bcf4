import { describe, expect, it } from 'vitest';
import { BATCH_END_RECORD, CORES_RECORD_PREFIX, relPathOf, ScanRecordParser, type ScanRecord } from '../../../src/main/core/scan/scanRecordParser';
import { laneBatchInput, rootPassInput } from '../../../src/main/services/scan/scanJobs';
import { LANE_BATCH_MAX } from '../../../src/main/core/scan/laneQueue';

function record(path: Buffer | string, fields = '2049 12 f 100 8 1 1714400000'): Buffer {
  return Buffer.concat([Buffer.from(fields + ' '), typeof path === 'string' ? Buffer.from(path) : path, Buffer.from([0])]);
}

function parseAll(chunks: Buffer[]): { recs: ScanRecord[]; parser: ScanRecordParser; truncated: boolean } {
  const recs: ScanRecord[] = [];
  const parser = new ScanRecordParser((r) => recs.push({ ...r }));
  for (const c of chunks) parser.push(c);
  const truncated = parser.end();
  return { recs, parser, truncated };
}

const hostile = [
  Buffer.from('line\nbreak.log'),
  Buffer.from('tab\there'),
  Buffer.from('$(touch /tmp/pwned)'),
  Buffer.from('-rf'),
  Buffer.from('--help'),
  Buffer.from(`a'b"c`),
  Buffer.from('dir with space/f ile'),
  Buffer.from([0x66, 0xff, 0xfe, 0x2e, 0x6c, 0x6f, 0x67]),
  Buffer.from('日本語.log'),
];

describe('scan record parser', () => {
  it('keeps every hostile name byte-exact, in latin1 form', () => {
    const { recs } = parseAll([Buffer.concat(hostile.map((h) => record(h)))]);
    expect(recs.map((r) => Buffer.from(relPathOf(r), 'latin1'))).toEqual(hostile);
    expect(relPathOf(recs[6])).toBe('dir with space/f ile');
    expect(recs[6]).toMatchObject({ dirPath: 'dir with space', name: 'f ile' });
  });

  it('gives the same records whatever the chunk boundaries (split at every byte)', () => {
    const stream = Buffer.concat(hostile.map((h, i) => record(h, `64770 ${1000 + i} f ${i * 10} ${i} 2 ${1700000000 + i}${i % 2 ? '.2500000000' : ''}`)));
    const whole = parseAll([stream]).recs;
    const bytewise = parseAll([...stream].map((b) => Buffer.from([b]))).recs;
    expect(bytewise).toEqual(whole);
    expect(whole[3]).toMatchObject({ dev: 64770, ino: 1003, type: 'f', size: 30, blocks: 3, nlink: 2, mtime: 1700000003 });
  });

  it('reports a stream that ends mid-record as truncated and keeps the complete records', () => {
    const full = record('a.log');
    const cut = record('b.log').subarray(0, 10);
    const { recs, truncated, parser } = parseAll([full, cut]);
    expect(recs.map((r) => relPathOf(r))).toEqual(['a.log']);
    expect(truncated).toBe(true);
    expect(parser.stats.malformed).toBe(1);
  });

  it('skips malformed records (bad numbers, missing fields, two-letter type) and goes on', () => {
    const bad = Buffer.concat([
      Buffer.from('x 1 f 1 1 1 1 p1\0'),
      Buffer.from('1 2 f 3\0'),
      Buffer.from('1 2 ff 3 4 5 6 p3\0'),
      record('good'),
    ]);
    const { recs, parser } = parseAll([bad]);
    expect(recs.map((r) => relPathOf(r))).toEqual(['good']);
    expect(parser.stats.malformed).toBe(3);
  });

  it("reads %.12T@'s mtime as its whole seconds, and takes a fraction nowhere else", () => {
    const { recs, parser } = parseAll([
      Buffer.concat([
        record('a.log', '2049 12 f 100 8 1 1714400000.9999999999'),
        record('b.log', '2049 12 f 100 8 1 1714400001.0000000000'),
        record('c.log', '2049 12 f 100.5 8 1 1714400000'),
        // %.12T@ cuts the fraction: after 2286 only the dot is left, after 5138 not even that.
        record('d.log', '2049 12 f 100 8 1 1714400000.9'),
        record('e.log', '2049 12 f 100 8 1 99999999999.'),
        record('f.log', '2049 12 f 100 8 1 100000000000'),
        record('g.log', '2049 12 f 100 8 1 1714400000.'),
        record('h.log', '2049 12 f 100 8 1 .5'),
        record('i.log', '2049 12 f 100 8 1 1714400000.5.5'),
        record('j.log', '2049 12 f 100 8 1 1714400000.5x'),
        record('k.log', '2049 12 f 100 8 1 -1.5'),
      ]),
    ]);
    expect(recs.map((r) => [r.name, r.mtime])).toEqual([
      ['a.log', 1714400000],
      ['b.log', 1714400001],
      ['d.log', 1714400000],
      ['e.log', 99999999999],
      ['f.log', 100000000000],
      ['g.log', 1714400000],
    ]);
    expect(parser.stats.malformed).toBe(5);
  });

  it('parses the root record (empty relative path) and directory type', () => {
    const { recs } = parseAll([Buffer.from('2049 2 d 4096 8 3 1714400000 \0')]);
    expect(recs).toEqual([{ dev: 2049, ino: 2, type: 'd', size: 4096, blocks: 8, nlink: 3, mtime: 1714400000, dirPath: '', name: '' }]);
  });

  it('drops an unterminated run of garbage instead of buffering it without bound', () => {
    const recs: string[] = [];
    const parser = new ScanRecordParser((r) => recs.push(relPathOf(r)));
    parser.push(Buffer.alloc(70 * 1024, 0x41));
    expect(parser.stats.malformed).toBe(1);
    parser.push(record('ok'));
    expect(recs).toEqual(['ok']);
  });
});

describe('scan-lane paths', () => {
  it('reads "./a/b" (find %p under the root) as the same path as "a/b", hostile names included', () => {
    const hostileDir = Buffer.concat([Buffer.from('a\nb/$(x)/'), Buffer.from([0xff])]);
    const rel = Buffer.concat([hostileDir, Buffer.from('/f.log')]);
    const { recs } = parseAll([record(Buffer.concat([Buffer.from('./'), rel])), record(rel), record('./top'), record('./-rf/x')]);
    expect(recs.map((r) => Buffer.from(relPathOf(r), 'latin1'))).toEqual([rel, rel, Buffer.from('top'), Buffer.from('-rf/x')]);
    expect(recs[0].dirPath).toBe(recs[1].dirPath);
  });
});

describe('scan-lane batch ends', () => {
  it('tells of each batch-end record, wherever the chunks split it, and counts it as neither file nor garbage', () => {
    const stream = Buffer.concat([record('a/1'), Buffer.from(`${BATCH_END_RECORD}\0`), record('b/2'), Buffer.from(`${BATCH_END_RECORD}\0`)]);
    for (let cut = 1; cut < stream.length; cut += 7) {
      const recs: string[] = [];
      const ends: number[] = [];
      const parser = new ScanRecordParser((r) => recs.push(relPathOf(r)), () => ends.push(recs.length));
      parser.push(stream.subarray(0, cut));
      parser.push(stream.subarray(cut));
      expect(parser.end()).toBe(false);
      expect(recs).toEqual(['a/1', 'b/2']);
      // Each end comes after its own batch's records, not before.
      expect(ends).toEqual([1, 2]);
      expect(parser.stats).toMatchObject({ records: 2, malformed: 0 });
    }
  });

  it('is garbage in a stream that is not a lane, and a file named like it is still a file', () => {
    const { recs, parser } = parseAll([Buffer.from(`${BATCH_END_RECORD}\0`), record(`./x/${BATCH_END_RECORD}`)]);
    expect(parser.stats.malformed).toBe(1);
    expect(recs.map(relPathOf)).toEqual([`x/${BATCH_END_RECORD}`]);
  });

  it('frames a batch as its byte length, a newline, then the root and the starts NUL-terminated', () => {
    const starts = [Buffer.from('./a\nb'), Buffer.from([0x2e, 0x2f, 0xff])];
    const framed = laneBatchInput('/srv/spool', starts);
    const nl = framed.indexOf(10);
    const body = framed.subarray(nl + 1);
    expect(Number(framed.subarray(0, nl).toString())).toBe(body.length);
    expect(body).toEqual(Buffer.concat([Buffer.from('/srv/spool\0./a\nb\0'), Buffer.from([0x2e, 0x2f, 0xff, 0])]));
    expect(() => laneBatchInput('/r', [])).toThrow(RangeError);
    expect(() => laneBatchInput('/r', Array.from({ length: LANE_BATCH_MAX + 1 }, () => Buffer.from('./x')))).toThrow(RangeError);
  });

  it('tells of a lane\'s core count and counts it as neither file nor garbage; a bad count is garbage, not a count', () => {
    const cores: number[] = [];
    const recs: string[] = [];
    const parser = new ScanRecordParser((r) => recs.push(relPathOf(r)), () => {}, (n) => cores.push(n));
    for (const r of [`${CORES_RECORD_PREFIX}12`, `${CORES_RECORD_PREFIX}`, `${CORES_RECORD_PREFIX}1x`, `${CORES_RECORD_PREFIX}123456`, `${CORES_RECORD_PREFIX}-1`]) {
      parser.push(Buffer.from(`${r}\0`));
    }
    parser.push(record(`./d/${CORES_RECORD_PREFIX}3`));
    expect(cores).toEqual([12]);
    expect(recs).toEqual([`d/${CORES_RECORD_PREFIX}3`]);
    expect(parser.stats).toMatchObject({ records: 1, malformed: 4 });
    // In a stream that is not a lane it is garbage too.
    expect(parseAll([Buffer.from(`${CORES_RECORD_PREFIX}2\0`)]).parser.stats).toMatchObject({ records: 0, malformed: 1 });
  });

  it('frames the root pass as "root ", then the byte length, a newline, the root and the depth NUL-terminated', () => {
    const framed = rootPassInput('/srv/a\nb');
    expect(framed.toString('latin1')).toBe(`root ${'/srv/a\nb\x002\x00'.length}\n/srv/a\nb\x002\x00`);
  });
});
