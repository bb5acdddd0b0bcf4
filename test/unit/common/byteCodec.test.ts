// The byte writer's raw names: short ones are copied in a loop, long ones through Buffer.write; both must give
// exactly the bytes latin1 decoding came from, whatever the length, the offset and the high bytes.
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter } from '../../../src/main/core/common/byteCodec';

describe('byte writer', () => {
  it('writes a name from any offset as the raw bytes it was read from, short and long alike', () => {
    const raw = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256));
    const name = raw.toString('latin1');
    for (const [from, to] of [[0, 0], [0, 1], [5, 20], [0, 64], [3, 67], [0, 65], [10, 300], [299, 300]]) {
      const w = new ByteWriter(4);
      w.byte(0xaa);
      w.latin1(name.slice(0, to), from);
      w.byte(0xbb);
      expect(w.bytes()).toEqual(Buffer.concat([Buffer.from([0xaa]), raw.subarray(from, to), Buffer.from([0xbb])]));
    }
  });

  it('reads back what it wrote: bytes, varints and NUL-terminated names', () => {
    const w = new ByteWriter(2);
    const names = ['', 'a', 'seg-00001.log', Buffer.from([0x66, 0xff, 0x0a, 0x80]).toString('latin1'), 'x'.repeat(200)];
    for (const n of names) w.latin1z(n);
    w.varint(2 ** 53 - 1);
    const r = new ByteReader(w.bytes(), () => {
      throw new Error('cut');
    });
    for (const n of names) expect(r.latin1z()).toBe(n);
    expect(r.varint()).toBe(2 ** 53 - 1);
  });
});
