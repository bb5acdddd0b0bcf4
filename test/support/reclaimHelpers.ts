// What the reclaim tests need beyond holders.ts: a holder whose fd can be re-pointed (dup2) on a
// signal, and a held report read straight from /proc for a few pids, so the reclaim tests check the
// executor and the reclaimer against the kernel rather than against the held scanner they would share a bug with.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import type { HeldFile, HeldHolder, HeldReport } from '../../src/shared/heldModels';
import { stopAllHolders, superviseChild } from './processes';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

// Holds dir/held (unlinked) on a fd; on SIGUSR1 dup2()s dir/other (4096 bytes, kept) onto that same fd number.
const PY_REPOINT = `
import os, signal, sys, time
d, n = sys.argv[1], int(sys.argv[2])
fd = os.open(os.path.join(d, "held"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
os.write(fd, b"r" * n)
os.unlink(os.path.join(d, "held"))
other = os.open(os.path.join(d, "other"), os.O_WRONLY | os.O_CREAT, 0o644)
os.write(other, b"o" * 4096)
def repoint(_s, _f):
    os.dup2(other, fd)
    print("repointed", flush=True)
signal.signal(signal.SIGUSR1, repoint)
print("ready", fd, flush=True)
while True:
    time.sleep(1)
`;

export interface Repointer {
  pid: number;
  fd: number;
  /** Sends SIGUSR1 and waits until the fd points at dir/other. */
  repoint(): Promise<void>;
  stop(): Promise<void>;
}

function lines(child: ChildProcess): (match: string) => Promise<string> {
  let buf = '';
  const waiters: { match: string; resolve: (l: string) => void }[] = [];
  child.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const i = waiters.findIndex((w) => line.startsWith(w.match));
      if (i !== -1) waiters.splice(i, 1)[0].resolve(line);
    }
  });
  return (match) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`helper ${child.pid}: no "${match}" line`)), 20_000);
      waiters.push({ match, resolve: (l) => (clearTimeout(t), resolve(l)) });
    });
}

export async function startRepointer(dir: string, bytes: number): Promise<Repointer> {
  const child = spawn(PYTHON, ['-c', PY_REPOINT, dir, String(bytes)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const next = lines(child);
  const stop = superviseChild(child);
  try {
    const ready = await next('ready');
    return {
      pid: child.pid!,
      fd: Number(ready.split(' ')[1]),
      async repoint() {
        const done = next('repointed');
        process.kill(child.pid!, 'SIGUSR1');
        await done;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Same pool as the holders: stopAllHolders reaches them too. */
export const stopAllRepointers = stopAllHolders;

/** Field 22 of /proc/PID/stat: the text after the last ")" holds it as its 20th word. */
export function startTimeOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/)[19]);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function mountOf(pid: number, dev: number): string | null {
  // st_dev to major:minor as glibc encodes it.
  const major = ((dev >>> 8) & 0xfff) | (Math.floor(dev / 2 ** 32) & ~0xfff);
  const minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  for (const line of readFileSync(`/proc/${pid}/mountinfo`, 'latin1').split('\n')) {
    const f = line.split(' ');
    if (f[2] === `${major}:${minor}`) return f[4].replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  }
  return null;
}

/** A HeldReport for the given pids, read from /proc with Node (root sees every fd). */
export function procHeldReport(pids: readonly number[]): HeldReport {
  const holders: HeldHolder[] = [];
  const seen = new Set<string>();
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    } catch {
      continue; // exited
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const maps = readFileSync(`/proc/${pid}/maps`, 'latin1').split('\n');
    const files: HeldFile[] = [];
    for (const name of readdirSync(`/proc/${pid}/fd`)) {
      const fd = Number(name);
      let st;
      let target: string;
      try {
        st = statSync(`/proc/${pid}/fd/${fd}`);
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (!st.isFile() || st.nlink !== 0) continue;
      const flagsLine = /^flags:\s+([0-7]+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'latin1'));
      const posLine = /^pos:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'latin1'));
      const flags = parseInt(flagsLine?.[1] ?? '0', 8);
      const key = `${st.dev}:${st.ino}`;
      const mapped = maps.some((l) => l.split(/\s+/)[4] === String(st.ino) && l.endsWith(' (deleted)'));
      files.push({
        pid,
        fd,
        path: target,
        sizeBytes: st.size,
        allocatedBytes: st.blocks * 512,
        dev: st.dev,
        ino: st.ino,
        flags,
        pos: Number(posLine?.[1] ?? 0),
        writable: (flags & 3) !== 0,
        append: (flags & 0o2000) !== 0,
        mapped,
        // Only this process's own maps are read here: a mapping by another is for the executor to find.
        mapper: mapped ? { pid, comm, unit: null } : null,
        mount: mountOf(pid, st.dev),
        readOnly: false,
        duplicate: seen.has(key),
      });
      seen.add(key);
    }
    if (files.length === 0) continue;
    const heldBytes = files.filter((f) => !f.duplicate).reduce((s, f) => s + f.allocatedBytes, 0);
    holders.push({
      pid,
      comm,
      cmdline: readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim(),
      startTime: startTimeOf(pid),
      uid: statSync(`/proc/${pid}`).uid,
      unit: null,
      heldBytes,
      fileCount: files.length,
      files,
      moreFiles: 0,
    });
  }
  return {
    holders,
    filesystems: [],
    totalHeldBytes: holders.reduce((s, h) => s + h.heldBytes, 0),
    memory: [],
    memoryBytes: 0,
    moreMemory: 0,
    partial: false,
    errors: [],
    scannedAt: Date.now(),
  };
}
