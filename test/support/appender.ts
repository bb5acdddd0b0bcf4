// A real process that appends to a file at a known rate (paced against a monotonic clock, so the rate is
// exact over any window longer than one chunk), up to a byte limit, then keeps the file open.
import { spawn } from 'node:child_process';
import { superviseChild } from './processes';

const PY_APPEND = `
import os, sys, time
path, rate, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
chunk = max(1, rate // 50)
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
buf = b"x" * chunk
print("ready", flush=True)
start = time.monotonic()
written = 0
while written < total:
    n = os.write(fd, buf[: min(chunk, total - written)])
    written += n
    delay = start + written / rate - time.monotonic()
    if delay > 0:
        time.sleep(delay)
print("done", flush=True)
time.sleep(600)
`;

export interface Appender {
  pid: number;
  /** Resolves when the byte limit was reached. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function startAppender(path: string, bytesPerSecond: number, totalBytes: number): Promise<Appender> {
  const child = spawn('python3', ['-c', PY_APPEND, path, String(bytesPerSecond), String(totalBytes)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = superviseChild(child);
  let out = '';
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('ready')) resolve();
      if (out.includes('done')) resolveDone();
    });
    child.once('exit', (code) => reject(new Error(`appender exited ${code}: ${out}`)));
  });
  return { pid: child.pid!, done, stop };
}
