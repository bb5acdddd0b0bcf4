// Runs probe scripts on this machine with child_process: the same script text an SSH node runs.
import { spawn } from 'node:child_process';
import type { ExecHandle, ExecLimits, ExecOutcome, Transport } from './transport';
import { OutputLimiter, TailBuffer } from './limitedOutput';

export class LocalTransport implements Transport {
  readonly nodeName = 'local';

  exec(script: string, stdin: Buffer, limits: ExecLimits, signal?: AbortSignal): ExecHandle {
    // The script is fixed text passed as sh's -c argument; nothing from a node or a user is ever in it.
    const child = spawn('/bin/sh', ['-c', script, 'spoolscope-probe'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // own process group, so a limit ends the whole pipeline (xargs, find)
      env: { ...process.env, LC_ALL: 'C' },
    });
    const limiter = new OutputLimiter(limits);
    const stderr = new TailBuffer(limits.maxStderrBytes);
    let ended = false;
    let limitHit: ExecOutcome['limitHit'] = null;

    const kill = (why: NonNullable<ExecOutcome['limitHit']>) => {
      if (ended) return;
      limitHit ??= why;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill('time'), limits.timeoutMs);
    const onAbort = () => kill('cancelled');
    if (signal) {
      if (signal.aborted) queueMicrotask(onAbort);
      else signal.addEventListener('abort', onAbort, { once: true });
    }

    child.stdin.on('error', () => {
      // The probe may exit before reading all input (a bad root): not an error of ours.
    });
    child.stdin.end(stdin);
    child.stderr.on('data', (c: Buffer) => stderr.push(c));

    const exited = new Promise<{ code: number | null; sig: string | null }>((resolve) => {
      child.on('error', (err) => {
        stderr.push(Buffer.from(`spawn failed: ${err.message}\n`));
        resolve({ code: null, sig: null });
      });
      child.on('close', (code, sig) => resolve({ code, sig }));
    });

    async function* pull(): AsyncGenerator<Buffer> {
      let drained = false;
      try {
        for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
          const admitted = limiter.admit(chunk);
          if (admitted.length > 0) yield admitted;
          if (limiter.hit) {
            kill(limiter.hit);
            break;
          }
        }
        drained = !limiter.hit;
      } finally {
        // A consumer that stops early (cancel, error) must not leave the producer running.
        if (!drained) kill(limiter.hit ?? 'cancelled');
      }
    }

    const outcome = exited.then(({ code, sig }) => {
      ended = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      return {
        exitCode: code,
        signal: sig,
        limitHit,
        stdoutBytes: limiter.bytes,
        stderr: stderr.text(),
        stderrDroppedBytes: stderr.dropped,
      };
    });
    return { stdout: pull(), outcome };
  }

  async close(): Promise<void> {}
}
