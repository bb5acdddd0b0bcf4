// What every transport does with a probe's output, whatever carries it: stdout passed on within the
// limits, and the outcome reported once the command has ended.
import type { ExecHandle, ExecOutcome, LimitHit } from './transport';
import type { OutputLimiter, TailBuffer } from './limitedOutput';

/**
 * Yields what `limiter` admits of `stdout`. `stop` is told why the producer must end: the limit that was
 * hit, or 'cancelled' when the consumer stops early (cancel, error), which must not leave it running.
 */
export async function* admittedStdout(stdout: AsyncIterable<Buffer>, limiter: OutputLimiter, stop: (why: LimitHit) => void): AsyncGenerator<Buffer> {
  let drained = false;
  try {
    for await (const chunk of stdout) {
      const admitted = limiter.admit(chunk);
      if (admitted.length > 0) yield admitted;
      if (limiter.hit) {
        stop(limiter.hit);
        break;
      }
    }
    drained = !limiter.hit;
  } finally {
    if (!drained) stop(limiter.hit ?? 'cancelled');
  }
}

export function execOutcome(exit: { code: number | null; sig: string | null }, limitHit: LimitHit | null, limiter: OutputLimiter, stderr: TailBuffer): ExecOutcome {
  return {
    exitCode: exit.code,
    signal: exit.sig,
    limitHit,
    stdoutBytes: limiter.bytes,
    stderr: stderr.text(),
    stderrDroppedBytes: stderr.dropped,
  };
}

/** Stops the command at `timeoutMs` ('time') or when `signal` aborts ('cancelled'); returns the disarm to call once it ended. */
export function stopOnTimeoutOrAbort(timeoutMs: number, signal: AbortSignal | undefined, stop: (why: LimitHit) => void): () => void {
  const timer = setTimeout(() => stop('time'), timeoutMs);
  const onAbort = () => stop('cancelled');
  if (signal) {
    if (signal.aborted) queueMicrotask(onAbort);
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  return () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
}

/**
 * The whole (limited) stdout of a command and its outcome, for callers that parse the output at once. The
 * bytes are bounded by the command's own maxBytes limit; streaming callers (scan, watch) read stdout instead.
 */
export async function collectOutput(handle: ExecHandle): Promise<{ output: Buffer; outcome: ExecOutcome }> {
  const chunks: Buffer[] = [];
  for await (const c of handle.stdout) chunks.push(c);
  return { output: Buffer.concat(chunks), outcome: await handle.outcome };
}
