// Runs probe scripts on this machine with child_process: the same script text an SSH node runs.
import { spawn } from 'node:child_process';
import type { ExecHandle, ExecInput, ExecLimits, LimitHit, Transport } from './transport';
import { feedStdin } from './stdinFeed';
import { OutputLimiter, TailBuffer } from './limitedOutput';
import { admittedStdout, execOutcome, stopOnTimeoutOrAbort } from './execOutput';
import { LOCAL_NODE } from '../../shared/nodeNames';

export class LocalTransport implements Transport {
  readonly nodeName = LOCAL_NODE;

  exec(script: string, stdin: ExecInput, limits: ExecLimits, signal?: AbortSignal): ExecHandle {
    // The script is fixed text passed as sh's -c argument; nothing from a node or a user is ever in it.
    const child = spawn('/bin/sh', ['-c', script, 'spoolscope-probe'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // own process group, so a limit ends the whole pipeline (xargs, find)
      env: { ...process.env, LC_ALL: 'C' },
    });
    const limiter = new OutputLimiter(limits);
    const stderr = new TailBuffer(limits.maxStderrBytes);
    let ended = false;
    let limitHit: LimitHit | null = null;

    const kill = (why: LimitHit) => {
      if (ended) return;
      limitHit ??= why;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const disarm = stopOnTimeoutOrAbort(limits.timeoutMs, signal, kill);

    child.stdin.on('error', () => {
      // The probe may exit before reading all input (a bad root): not an error of ours.
    });
    const gone = new AbortController();
    child.once('close', () => gone.abort());
    child.once('error', () => gone.abort());
    feedStdin(child.stdin, stdin, gone.signal);
    child.stderr.on('data', (c: Buffer) => stderr.push(c));

    const exited = new Promise<{ code: number | null; sig: string | null }>((resolve) => {
      child.on('error', (err) => {
        stderr.push(Buffer.from(`spawn failed: ${err.message}\n`));
        resolve({ code: null, sig: null });
      });
      child.on('close', (code, sig) => resolve({ code, sig }));
    });

    const outcome = exited.then((exit) => {
      ended = true;
      disarm();
      return execOutcome(exit, limitHit, limiter, stderr);
    });
    return { stdout: admittedStdout(child.stdout as AsyncIterable<Buffer>, limiter, kill), outcome };
  }

  async close(): Promise<void> {}
}
