// A python3 helper process driven one command at a time, for adversaries that must act at an exact moment:
// open a file (for writing, to lock it, to map it), flock, dup2 one fd onto another, close, unlink, make a
// memfd, map a file. Mappings are made with libc's mmap through ctypes, so closing the fd leaves only the
// mapping (Python's mmap module would keep a dup of the fd), and a thread reads one byte of every page of
// every mapping every 2 ms: a mapped file truncated under it kills the process with SIGBUS, as it would kill a
// real reader. Paths travel as hex, so hostile names stay data.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { superviseChild } from './processes';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const PY_AGENT = String.raw`
import ctypes, fcntl, json, os, sys, threading, time
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
PROT_READ, MAP_SHARED = 1, 1
maps = []
lock = threading.Lock()
def toucher():
    while True:
        with lock:
            cur = list(maps)
        for addr, n in cur:
            for off in range(0, n, 4096):
                ctypes.string_at(addr + off, 1)
        time.sleep(0.002)
threading.Thread(target=toucher, daemon=True).start()
FLAGS = {"rdonly": os.O_RDONLY, "wronly": os.O_WRONLY, "rdwr": os.O_RDWR, "append": os.O_APPEND, "creat": os.O_CREAT, "trunc": os.O_TRUNC}
def run(c):
    op = c["op"]
    if op == "ping":
        return {}
    if op == "open":
        fl = 0
        for f in c["flags"]:
            fl |= FLAGS[f]
        return {"fd": os.open(bytes.fromhex(c["path"]), fl, 0o644)}
    if op == "write":
        data = bytes.fromhex(c["hex"]) if "hex" in c else bytes([c.get("byte", 97)]) * c["len"]
        os.write(c["fd"], data)
        return {}
    if op == "unlink":
        os.unlink(bytes.fromhex(c["path"]))
        return {}
    if op == "flock":
        fcntl.flock(c["fd"], fcntl.LOCK_EX | fcntl.LOCK_NB)
        return {}
    if op == "dup2":
        os.dup2(c["from"], c["to"])
        return {}
    if op == "close":
        os.close(c["fd"])
        return {}
    if op == "memfd":
        fd = os.memfd_create(c["name"], 0)
        os.write(fd, b"m" * c["len"])
        return {"fd": fd}
    if op == "mmap":
        fd = c["fd"]
        n = os.fstat(fd).st_size
        if n == 0:
            raise OSError("empty file")
        tmp = None
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
            # A read mapping needs a readable fd: the same file opened again, read-only, then closed.
            tmp = os.open("/proc/self/fd/%d" % fd, os.O_RDONLY)
        addr = libc.mmap(None, n, PROT_READ, MAP_SHARED, fd if tmp is None else tmp, 0)
        if tmp is not None:
            os.close(tmp)
        if addr in (None, ctypes.c_void_p(-1).value):
            raise OSError(ctypes.get_errno(), "mmap failed")
        with lock:
            maps.append((addr, n))
        return {"bytes": n}
    raise ValueError("unknown op " + op)
print(json.dumps({"ok": True, "ready": True}), flush=True)
for line in sys.stdin:
    try:
        r = run(json.loads(line))
        r["ok"] = True
    except Exception as e:
        r = {"ok": False, "error": type(e).__name__ + ": " + str(e)}
    print(json.dumps(r), flush=True)
`;

export type OpenFlag = 'rdonly' | 'wronly' | 'rdwr' | 'append' | 'creat' | 'trunc';

export interface AgentExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface PyAgent {
  pid: number;
  /** Set once the process has exited (a SIGBUS shows here). */
  readonly exited: AgentExit | null;
  open(path: string | Buffer, flags: OpenFlag[]): Promise<number>;
  write(fd: number, bytes: number | Buffer): Promise<void>;
  unlink(path: string | Buffer): Promise<void>;
  flock(fd: number): Promise<void>;
  dup2(from: number, to: number): Promise<void>;
  close(fd: number): Promise<void>;
  memfd(name: string, bytes: number): Promise<number>;
  /** Maps the whole file open on fd (MAP_SHARED, read) and keeps touching it. */
  mmap(fd: number): Promise<void>;
  stop(): Promise<void>;
}

type Reply = { ok: boolean; error?: string; fd?: number };

const hexOf = (p: string | Buffer) => (Buffer.isBuffer(p) ? p : Buffer.from(p)).toString('hex');

export async function startPyAgent(): Promise<PyAgent> {
  const child = spawn(PYTHON, ['-c', PY_AGENT], { stdio: ['pipe', 'pipe', 'inherit'] });
  const stop = superviseChild(child);
  let exited: AgentExit | null = null;
  const waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  child.once('exit', (code, signal) => {
    exited = { code, signal };
    for (const w of waiting.splice(0)) w.reject(new Error(`agent ${child.pid} exited (${signal ?? code})`));
  });
  child.stdin!.on('error', () => {
    // It died: the exit handler has answered every waiting call.
  });
  let buf = '';
  child.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      waiting.shift()?.resolve(JSON.parse(line) as Reply);
    }
  });
  const call = (cmd: Record<string, unknown>): Promise<Reply> =>
    new Promise<Reply>((resolve, reject) => {
      if (exited) return reject(new Error(`agent ${child.pid} has exited (${exited.signal ?? exited.code})`));
      waiting.push({ resolve, reject });
      if (cmd.op !== 'ready') child.stdin!.write(JSON.stringify(cmd) + '\n');
    }).then((r) => {
      if (!r.ok) throw new Error(`agent ${child.pid} ${String(cmd.op)}: ${r.error}`);
      return r;
    });
  const ready = new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`agent ${child.pid} did not start`)), 20_000);
    call({ op: 'ready' }).then(
      () => (clearTimeout(t), resolve()),
      (e: Error) => (clearTimeout(t), reject(e)),
    );
  });
  try {
    await ready;
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    pid: child.pid!,
    get exited() {
      return exited;
    },
    open: async (path, flags) => (await call({ op: 'open', path: hexOf(path), flags })).fd!,
    write: async (fd, bytes) => void (await call(typeof bytes === 'number' ? { op: 'write', fd, len: bytes } : { op: 'write', fd, hex: bytes.toString('hex') })),
    unlink: async (path) => void (await call({ op: 'unlink', path: hexOf(path) })),
    flock: async (fd) => void (await call({ op: 'flock', fd })),
    dup2: async (from, to) => void (await call({ op: 'dup2', from, to })),
    close: async (fd) => void (await call({ op: 'close', fd })),
    memfd: async (name, bytes) => (await call({ op: 'memfd', name, len: bytes })).fd!,
    mmap: async (fd) => void (await call({ op: 'mmap', fd })),
    stop,
  };
}
