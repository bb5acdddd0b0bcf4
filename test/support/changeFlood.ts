// A real process that changes files under a directory at a paced rate: appends one line to each of
// `files` files in turn (created first), `perSecond` changes a second, until stopped.
import { spawn } from 'node:child_process';
import { superviseChild } from './processes';

const PY_FLOOD = `
import os, sys, time
root, files, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
paths = []
for i in range(files):
    d = os.path.join(root, "d%03d" % (i % 100))
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, "f%05d.log" % i)
    open(p, "a").close()
    paths.append(p)
print("ready", flush=True)
start = time.monotonic()
n = 0
while True:
    fd = os.open(paths[n % files], os.O_WRONLY | os.O_APPEND)
    os.write(fd, b"line\\n")
    os.close(fd)
    n += 1
    if n % 100 == 0:
        delay = start + n / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
`;

export interface Flood {
  pid: number;
  stop(): Promise<void>;
}

/** Creates the files, then resolves once the changes have started. */
export async function startFlood(root: string, files: number, perSecond: number): Promise<Flood> {
  const child = spawn('python3', ['-c', PY_FLOOD, root, String(files), String(perSecond)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = superviseChild(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`flood exited ${code}: ${out}`)));
  });
  return { pid: child.pid!, stop };
}

/** Resident set of a process, from /proc (bytes). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const m = /^VmRSS:\s*(\d+)\s*kB/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}
