// Real processes that hold deleted files open (appending, plain, mapped, or on two fds), for the held-scan
// and reclaim tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { superviseChild } from './processes';

export type HolderMode = 'append' | 'plain' | 'mmap' | 'dup';

export interface HolderOptions {
  dir: string;
  /** File name inside dir; may be hostile (newlines, `$(...)`, leading dash, invalid UTF-8 as a latin1 Buffer). */
  name: string | Buffer;
  mode: HolderMode;
  bytes: number;
  /** Run the holder as this uid/gid (e.g. 65534) instead of the test's user. */
  uid?: number;
}

export interface Holder {
  pid: number;
  /** The fds that hold the deleted file (two for 'dup', same inode). */
  fds: number[];
  /** The path the file had before it was unlinked. */
  path: string | Buffer;
  /** SIGKILL and wait for the exit. Safe to call twice. */
  stop(): Promise<void>;
}

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

// The path is always an argument ($1 / argv[1]), never part of the script text: hostile names stay data.
// argv is UTF-8 text, so the path travels as octal escapes ($1) that printf turns back into the exact bytes.
const SH_DECODE = 'p=$(printf "$1"; echo x); p=${p%x}; ';
const SH_SCRIPTS: Record<Exclude<HolderMode, 'mmap'>, string> = {
  append: SH_DECODE + 'exec 3>>"$p"; head -c "$2" /dev/zero >&3; rm -f -- "$p"; echo ready; exec sleep 600',
  plain: SH_DECODE + 'exec 3>"$p"; head -c "$2" /dev/zero >&3; rm -f -- "$p"; echo ready; exec sleep 600',
  dup: SH_DECODE + 'exec 3>"$p"; head -c "$2" /dev/zero >&3; exec 4<"$p"; rm -f -- "$p"; echo ready; exec sleep 600',
};
const HOLDER_FDS: Record<HolderMode, number[]> = { append: [3], plain: [3], dup: [3, 4], mmap: [] };

const PY_MMAP = `
import mmap, os, sys, time
p = bytes.fromhex(sys.argv[1])
fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
n = int(sys.argv[2])
os.ftruncate(fd, n)
m = mmap.mmap(fd, n, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
m[:] = b"\\1" * n
m.flush()
os.unlink(p)
print("ready", fd, flush=True)
time.sleep(600)
`;

function waitReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`holder ${child.pid} did not get ready: ${out}`)), 20_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`holder exited with ${code} before it was ready: ${out}`));
    });
  });
}

/** Starts a process that writes `bytes` to dir/name, unlinks it and keeps it open (and mapped, for 'mmap'). */
export async function startHolder(opts: HolderOptions): Promise<Holder> {
  const path = Buffer.isBuffer(opts.name) ? Buffer.concat([Buffer.from(`${opts.dir}/`), opts.name]) : join(opts.dir, opts.name);
  const bytes = Buffer.isBuffer(path) ? path : Buffer.from(path);
  const octal = [...bytes].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
  const ids = opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid };
  const child =
    opts.mode === 'mmap'
      ? spawn(PYTHON, ['-c', PY_MMAP, bytes.toString('hex'), String(opts.bytes)], { stdio: ['ignore', 'pipe', 'inherit'], ...ids })
      : spawn('/bin/sh', ['-c', SH_SCRIPTS[opts.mode], 'holder', octal, String(opts.bytes)], { stdio: ['ignore', 'pipe', 'inherit'], ...ids });
  const stop = superviseChild(child);
  try {
    const ready = await waitReady(child);
    const fds = opts.mode === 'mmap' ? [Number(ready.split(/\s+/)[1])] : HOLDER_FDS[opts.mode];
    return { pid: child.pid!, fds, path, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The target of /proc/PID/fd/N as the kernel shows it, e.g. "/mnt/x/f (deleted)". */
export function fdTarget(pid: number, fd: number): string {
  return readlinkSync(`/proc/${pid}/fd/${fd}`);
}
