// A command's fed stdin: pulled one chunk at a time and only while the command drains it, so the input (not
// a buffer) waits; nothing pulled or written once the command stopped; stdin closed after the last chunk.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { feedStdin } from '../../../src/main/transport/stdinFeed';

/** A command's stdin that takes one chunk per `release()` call (a slow command), with a 1-byte high-water mark. */
function slowSink() {
  const taken: string[] = [];
  const waiting: (() => void)[] = [];
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, done) {
      taken.push(chunk.toString());
      waiting.push(done);
    },
  });
  let ended = false;
  sink.on('finish', () => (ended = true));
  return { sink, taken, release: () => waiting.shift()?.(), ended: () => ended };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('fed stdin', () => {
  it('writes a whole buffer after the prefix and ends', async () => {
    const s = slowSink();
    feedStdin(s.sink, Buffer.from('body'), new AbortController().signal, Buffer.from('pre:'));
    s.release();
    await tick();
    expect(s.taken).toEqual(['pre:body']);
    expect(s.ended()).toBe(true);
  });

  it('pulls the next chunk only once the command took the last one, and ends after the last', async () => {
    const s = slowSink();
    let pulled = 0;
    async function* input() {
      for (let i = 0; i < 4; i++) {
        pulled++;
        yield Buffer.from(`b${i}`);
      }
    }
    feedStdin(s.sink, input(), new AbortController().signal, Buffer.from('script'));
    for (let i = 0; i < 5; i++) await tick();
    // The prefix is in the command's hands and one chunk waits behind it; nothing more was pulled.
    expect(pulled).toBe(1);
    for (let i = 0; i < 5; i++) {
      s.release();
      for (let j = 0; j < 5; j++) await tick();
    }
    expect(s.taken).toEqual(['script', 'b0', 'b1', 'b2', 'b3']);
    expect(pulled).toBe(4);
    expect(s.ended()).toBe(true);
  });

  it('pulls nothing more once stopped, even while a pull is still pending, and closes the stdin', async () => {
    const s = slowSink();
    let pulled = 0;
    let never: Promise<void> | null = null;
    async function* input() {
      pulled++;
      yield Buffer.from('first');
      pulled++;
      // The next batch waits for something that will not come (a lane waiting for a batch end).
      never = new Promise<void>(() => {});
      await never;
      pulled++;
      yield Buffer.from('never');
    }
    const stop = new AbortController();
    feedStdin(s.sink, input(), stop.signal);
    await tick();
    s.release();
    for (let i = 0; i < 5; i++) await tick();
    expect(never).not.toBeNull();
    stop.abort();
    for (let i = 0; i < 5; i++) await tick();
    expect(s.taken).toEqual(['first']);
    expect(pulled).toBe(2);
    expect(s.ended()).toBe(true);
  });

  it('ends the stdin when the input throws', async () => {
    const s = slowSink();
    async function* input() {
      yield Buffer.from('a');
      throw new Error('broken input');
    }
    feedStdin(s.sink, input(), new AbortController().signal);
    for (let i = 0; i < 3; i++) {
      s.release();
      for (let j = 0; j < 5; j++) await tick();
    }
    expect(s.taken).toEqual(['a']);
    expect(s.ended()).toBe(true);
  });
});
