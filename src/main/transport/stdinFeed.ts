// A command's stdin: all of it at once, or fed while the command runs (a scan lane gets its next batch only
// once the last one is done, so the batches go to whichever lane is free).
import type { Writable } from 'node:stream';
import type { ExecInput } from './transport';

/**
 * Writes `input` to `sink` after `prefix`, then ends it. A fed input is pulled one chunk at a time and
 * only while the sink drains (its backpressure is the bound); once `stop` aborts (the command ended or was
 * stopped), nothing more is pulled or written, and a pull still pending is abandoned, not awaited.
 */
export function feedStdin(sink: Writable, input: ExecInput, stop: AbortSignal, prefix?: Buffer): void {
  if (Buffer.isBuffer(input)) {
    sink.end(prefix ? Buffer.concat([prefix, input]) : input);
    return;
  }
  if (prefix) sink.write(prefix);
  void pump(sink, input[Symbol.asyncIterator](), stop);
}

const stopped = Symbol('stopped');

function untilStopped(stop: AbortSignal): Promise<typeof stopped> {
  return new Promise((resolve) => {
    if (stop.aborted) resolve(stopped);
    else stop.addEventListener('abort', () => resolve(stopped), { once: true });
  });
}

async function pump(sink: Writable, it: AsyncIterator<Buffer>, stop: AbortSignal): Promise<void> {
  const onStop = untilStopped(stop);
  const usable = () => !stop.aborted && !sink.destroyed && !sink.writableEnded;
  try {
    for (;;) {
      const next = await Promise.race([it.next(), onStop]);
      if (next === stopped || next.done || !usable()) break;
      if (!sink.write(next.value) && usable()) {
        await Promise.race([new Promise<void>((resolve) => sink.once('drain', resolve).once('close', resolve)), onStop]);
      }
    }
  } catch {
    // An input that throws ends the command's stdin; the command's outcome says the rest.
  }
  if (!sink.destroyed && !sink.writableEnded) sink.end();
}
