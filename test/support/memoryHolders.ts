// Real processes for the "memory offered as disk" and "mapped by someone else" cases: a memfd holder, a
// /dev/shm holder, a third process that maps another's deleted file late (and touches it, so a truncate
// would kill it with SIGBUS), a holder that reads its file through a read-only bind mount, a holder in its
// own mount namespace, and a fake systemd unit (a cgroup named *.service) to put a process in.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { superviseChild } from './processes';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface HelperProcess {
  pid: number;
  /** The fd holding the file (memfd, /dev/shm, read-only) where there is one. */
  fd: number;
  /** The process's exit, once it has exited: its code and signal (a mapper killed by SIGBUS says so). */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  stop(): Promise<void>;
}

function started(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`helper ${child.pid} did not get ready: ${out}`)), 20_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`helper exited (${code ?? signal}) before it was ready: ${out}`));
    });
  });
}

async function run(args: string[], spawnArgs: { cmd?: string } = {}): Promise<HelperProcess> {
  const child = spawn(spawnArgs.cmd ?? PYTHON, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  const stop = superviseChild(child);
  try {
    const ready = await started(child);
    return { pid: child.pid!, fd: Number(ready.split(/\s+/)[1] ?? -1), exit: () => exited, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

const PY_MEMFD = `
import os, sys, time
fd = os.memfd_create("spoolscope-test")
os.write(fd, b"m" * int(sys.argv[1]))
print("ready", fd, flush=True)
time.sleep(600)
`;

/** A process holding a memfd of `bytes` (what Chromium and every Electron app do). */
export function startMemfdHolder(bytes: number): Promise<HelperProcess> {
  return run(['-c', PY_MEMFD, String(bytes)]);
}

const PY_SHM = `
import os, sys, time
p = os.path.join("/dev/shm", sys.argv[1])
fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
os.write(fd, b"s" * int(sys.argv[2]))
os.unlink(p)
print("ready", fd, flush=True)
time.sleep(600)
`;

/** A process holding an unlinked POSIX shared-memory file on /dev/shm (shm_open, then shm_unlink). */
export function startShmHolder(name: string, bytes: number): Promise<HelperProcess> {
  return run(['-c', PY_SHM, name, String(bytes)]);
}

// Python's mmap module keeps a dup of the fd (it would hold the file too): libc's mmap through ctypes does not.
const PY_MAPPER = `
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
fd = os.open(sys.argv[1], os.O_RDONLY)
n = os.fstat(fd).st_size
addr = libc.mmap(None, n, 1, 1, fd, 0)  # PROT_READ, MAP_SHARED
if addr in (None, ctypes.c_void_p(-1).value):
    sys.exit("mmap failed: %d" % ctypes.get_errno())
os.close(fd)
print("ready", -1, flush=True)
while True:
    s = 0
    for i in range(0, n, 4096):
        s += ctypes.c_ubyte.from_address(addr + i).value
    time.sleep(0.02)
`;

/**
 * A third process that maps another process's deleted file through /proc/PID/fd/N, closes its own fd (it
 * holds nothing, it only maps) and reads every page every 20 ms: truncating the file kills it with SIGBUS.
 */
export function startLateMapper(holderPid: number, fd: number): Promise<HelperProcess> {
  return run(['-c', PY_MAPPER, `/proc/${holderPid}/fd/${fd}`]);
}

const PY_RO_READER = `
import os, sys, time
rw, ro, name, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(os.path.join(rw, name), "wb") as f:
    f.write(b"r" * n)
fd = os.open(os.path.join(ro, name), os.O_RDONLY)
os.unlink(os.path.join(rw, name))
print("ready", fd, flush=True)
time.sleep(600)
`;

/**
 * A process holding dir/name (`bytes`), opened read-only through `roDir` (a bind mount of `rwDir`) and then
 * unlinked through `rwDir`: its fd stays on the bind mount, which may be remounted read-only.
 */
export function startReadOnlyHolder(rwDir: string, roDir: string, name: string, bytes: number): Promise<HelperProcess> {
  return run(['-c', PY_RO_READER, rwDir, roDir, name, String(bytes)]);
}

const PY_APPENDER = `
import os, sys, time
p = os.path.join(sys.argv[1], "held.log")
fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
os.write(fd, b"n" * int(sys.argv[2]))
os.unlink(p)
print("ready", fd, flush=True)
time.sleep(600)
`;

/**
 * A process in its own mount namespace holding a deleted file on a tmpfs mounted only there: the probe's
 * own mount table lacks that mount, the holder's has it (it is disk). Root only (unshare, mount).
 */
export async function startNamespacedHolder(bytes: number): Promise<HelperProcess & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'spoolscope-ns-'));
  const script = 'mount -t tmpfs -o size=16m tmpfs "$1" && exec "$2" -c "$3" "$1" "$4"';
  const p = await run(['-m', '--propagation', 'private', 'sh', '-c', script, 'ns-holder', dir, PYTHON, PY_APPENDER, String(bytes)], { cmd: 'unshare' });
  return {
    ...p,
    dir,
    async stop() {
      await p.stop();
      // Its namespace (and the tmpfs in it) went with it; the directory on the host was never mounted over.
      try {
        rmdirSync(dir);
      } catch {
        // already removed
      }
    },
  };
}

/** A bind mount of `source`, remountable read-only. Root only. */
export function bindMount(source: string): { dir: string; readOnly(): void; unmount(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'spoolscope-bind-'));
  execFileSync('mount', ['--bind', source, dir]);
  return {
    dir,
    readOnly: () => void execFileSync('mount', ['-o', 'remount,bind,ro', dir]),
    unmount() {
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      }
      rmdirSync(dir);
    },
  };
}

/**
 * A cgroup named `unit` (e.g. "spoolscope-mapper.service") to move processes into, so /proc/PID/cgroup names
 * a systemd unit as it does under systemd: in the named systemd hierarchy (cgroup v1), else in cgroup2.
 * Root only; remove() after its processes have exited.
 */
export function fakeUnit(unit: string): { add(pid: number): void; remove(): void } {
  const base = ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified', '/sys/fs/cgroup'].find((d) => existsSync(join(d, 'cgroup.procs')));
  if (!base) throw new Error('no writable cgroup hierarchy to fake a unit in');
  const dir = join(base, unit);
  mkdirSync(dir, { recursive: true });
  return {
    add: (pid) => writeFileSync(join(dir, 'cgroup.procs'), `${pid}\n`),
    remove() {
      try {
        rmdirSync(dir);
      } catch {
        // a process still in it: left for the next run's mkdir
      }
    },
  };
}
