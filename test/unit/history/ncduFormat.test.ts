import { describe, expect, it } from 'vitest';
import { NcduFormatError, NcduReader } from '../../../src/main/core/history/ncduReader';
import { jsonBytes, NcduWriteError, NcduWriter } from '../../../src/main/core/history/ncduWriter';
import type { ScanRecord } from '../../../src/main/core/scan/scanRecordParser';

function read(input: Buffer | string, chunk = 7): { recs: ScanRecord[]; reader: NcduReader } {
  const recs: ScanRecord[] = [];
  const reader = new NcduReader((r) => recs.push({ ...r }));
  const buf = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  // Small chunks: every token must survive being split anywhere.
  for (let i = 0; i < buf.length; i += chunk) reader.push(buf.subarray(i, i + chunk));
  reader.end();
  return { recs, reader };
}

// What Debian's ncdu 1.18 wrote for a small tree: a FIFO, a hard link pair, a symlink, a name with an
// invalid UTF-8 byte (raw \xff), a newline, quotes and a backslash.
const NCDU_1_18 =
  '[1,2,{"progname":"ncdu","progver":"1.18","timestamp":1796611343},\n' +
  '[{"name":"/tmp/r2","asize":4096,"dsize":4096,"dev":65024},\n' +
  '{"name":"fifo","notreg":true},\n' +
  '{"name":"hl","asize":3,"dsize":4096,"ino":2244821,"hlnkc":true,"nlink":2},\n' +
  '{"name":"bad\xffname\\nnl \\"q\\" \\\\b","asize":1,"dsize":4096},\n' +
  '[{"name":"sub","asize":4096,"dsize":4096},\n' +
  '{"name":"f","asize":3,"dsize":4096,"ino":2244821,"hlnkc":true,"nlink":2},\n' +
  '{"name":"link","asize":1,"notreg":true}],\n' +
  '{"name":"proc","excluded":"kernfs"},\n' +
  '[{"name":"other","asize":4096,"dsize":4096,"dev":99,"read_error":true}]]]\n';

describe('ncdu reader', () => {
  it("turns ncdu's export into the probe's records, raw name bytes kept, the root's path apart", () => {
    const { recs, reader } = read(NCDU_1_18);
    expect(reader.rootPath).toBe('/tmp/r2');
    expect(reader.metadata).toEqual({ major: 1, minor: 2, progname: 'ncdu', progver: '1.18', timestamp: 1796611343 });
    expect(recs.map((r) => [r.dirPath, r.name, r.type])).toEqual([
      ['', '', 'd'],
      ['', 'fifo', 'l'],
      ['', 'hl', 'f'],
      ['', 'bad\xffname\nnl "q" \\b', 'f'],
      ['', 'sub', 'd'],
      ['sub', 'f', 'f'],
      ['sub', 'link', 'l'],
      ['', 'other', 'd'],
    ]);
    expect(recs[2]).toMatchObject({ ino: 2244821, nlink: 2, size: 3, blocks: 8, dev: 65024 });
    expect(recs[5]).toMatchObject({ ino: 2244821, nlink: 2, dev: 65024 });
    expect(recs[7].dev).toBe(99);
    expect(reader.stats).toEqual({ records: 8, excluded: 1, readErrors: 1 });
  });

  it('reads \\u escapes as the UTF-8 bytes of their code points, surrogate pairs included', () => {
    const { recs } = read('[1,0,{},[{"name":"/r"},{"name":"\\u00e9\\ud83d\\ude00\\u0001"}]]');
    expect(Buffer.from(recs[1].name, 'latin1')).toEqual(Buffer.concat([Buffer.from('é😀', 'utf8'), Buffer.from([1])]));
  });

  it('refuses what is not a complete ncdu export', () => {
    expect(() => read('{"a":1}')).toThrow(NcduFormatError);
    expect(() => read('[2,0,{},[{"name":"/r"}]]')).toThrow(/not 1.x/);
    expect(() => read(NCDU_1_18.slice(0, 200))).toThrow(/cut short/);
    expect(() => read('[1,0,{},[{"name":"/r"},{"name":"a/b"}]]')).toThrow(/slash/);
    expect(() => read('[1,0,{},[{"name":"/r"},{"asize":1}]]')).toThrow(/no name/);
    expect(() => read('[1,0,{},[{"name":"/r"}]] x')).toThrow(NcduFormatError);
    expect(() => read(`[1,0,{},${'['.repeat(5000)}`)).toThrow(NcduFormatError);
  });
});

describe('ncdu writer', () => {
  const rec = (relPath: string, type: string, over: Partial<ScanRecord> = {}): ScanRecord => {
    const slash = relPath.lastIndexOf('/');
    return { dev: 1, ino: 5, type, size: 10, blocks: 8, nlink: 1, mtime: 1_700_000_000, dirPath: slash === -1 ? '' : relPath.slice(0, slash), name: slash === -1 ? relPath : relPath.slice(slash + 1), ...over };
  };

  it('writes what the reader gives back, hostile names, devices and hard links included', () => {
    const input = [
      rec('', 'd'),
      rec('a', 'd'),
      rec('a/$(touch x)', 'f', { nlink: 2, ino: 77 }),
      rec('a/b', 'd', { dev: 2 }),
      rec('a/b/-rf \n"\\\xff\x01', 'f'),
      rec('z', 'l', { size: 4, blocks: 0 }),
    ];
    const chunks: Buffer[] = [];
    const w = new NcduWriter({ root: '/srv/spool \xfe', progname: 'spoolscope', progver: '0.1.0', timestamp: 1 }, (c) => chunks.push(c));
    input.forEach((r) => w.add(r));
    w.end();
    const { recs, reader } = read(Buffer.concat(chunks), 13);
    expect(reader.rootPath).toBe('/srv/spool \xfe');
    const strip = (r: ScanRecord) => [r.dirPath, r.name, r.type, r.size, r.blocks, r.dev, r.nlink > 1 ? r.ino : 0];
    expect(recs.map(strip)).toEqual(input.map((r) => (r.type === 'l' ? { ...r } : r)).map(strip));
  });

  it('escapes quotes, backslashes and control bytes only, leaving other bytes raw', () => {
    expect(jsonBytes('a"b\\c\nd\x01\x7f\xff')).toEqual(Buffer.from('"a\\"b\\\\c\\nd\\u0001\\u007f\xff"', 'latin1'));
  });

  it('refuses a listing that is not depth first from its root', () => {
    const w = new NcduWriter({ root: '/r', progname: 'x', progver: '1', timestamp: 1 }, () => {});
    expect(() => w.add(rec('a', 'f'))).toThrow(NcduWriteError);
    const w2 = new NcduWriter({ root: '/r', progname: 'x', progver: '1', timestamp: 1 }, () => {});
    w2.add(rec('', 'd'));
    expect(() => w2.add(rec('nowhere/x', 'f'))).toThrow(/not depth first/);
  });
});
