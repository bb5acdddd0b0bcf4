// Real partitioned stores to reap, and real processes that write to or lock their files.
import { spawn } from 'node:child_process';
import { closeSync, linkSync, mkdirSync, openSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { superviseChild } from './processes';

export const DAY_S = 86_400;
/** 2026-01-01 00:00 UTC: day-of-year 1. */
export const YEAR_START = Date.UTC(2026, 0, 1) / 1000;

/** Writes `bytes` real (allocated) bytes to path, creating directories, and sets its mtime (seconds). */
export function writeFile(path: string | Buffer, bytes: number, mtime: number): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(Math.min(bytes, 1024 * 1024), 0x61);
  for (let left = bytes; left > 0; left -= chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, left));
  closeSync(fd);
  utimesSync(path, mtime, mtime);
}

/**
 * Rotated logs (8 KiB each, mtimes a second apart from YEAR_START) whose names break anything that builds
 * shell text: a newline, `$(...)` and backticks that create /tmp/`pwnedName` if ever run, quotes with leading
 * dashes, invalid UTF-8; then `more` names after them. No "/" can be in a name: the command substitutions
 * reach /tmp through cd.
 */
export function writeHostileLogs(root: string, pwnedName: string, more: string[] = []): void {
  const touch = `cd;cd ..;cd tmp;touch ${pwnedName}`;
  const names: (string | Buffer)[] = [
    'new\nline.log.1',
    `$(${touch})\`${touch}\`.log.2`,
    "-rf --no-preserve-root 'q\".log.3",
    Buffer.concat([Buffer.from('bad'), Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from('.log.4')]),
    ...more,
  ];
  names.forEach((n, i) => writeFile(Buffer.isBuffer(n) ? Buffer.concat([Buffer.from(`${root}/`), n]) : join(root, n), 8192, YEAR_START + i));
}

export interface Day {
  /** Relative to the root, e.g. "2026/003". */
  rel: string;
  /** Files in it, relative to the day. */
  files: string[];
  mtime: number;
}

/**
 * A day-partitioned SQLite log store: root/2026/DDD/logs.sqlite (+ -wal), `perDay` bytes a day split 3:1,
 * day d written at day d's noon (day 1 oldest).
 */
export function buildDayStore(root: string, days: number, perDay: number): Day[] {
  const out: Day[] = [];
  for (let d = 1; d <= days; d++) {
    const rel = `2026/${String(d).padStart(3, '0')}`;
    const dir = join(root, rel);
    mkdirSync(dir, { recursive: true });
    const mtime = YEAR_START + (d - 1) * DAY_S + DAY_S / 2;
    writeFile(join(dir, 'logs.sqlite'), (perDay / 4) * 3, mtime);
    writeFile(join(dir, 'logs.sqlite-wal'), perDay / 4, mtime);
    out.push({ rel, files: ['logs.sqlite', 'logs.sqlite-wal'], mtime });
  }
  return out;
}

export function hardLink(existing: string, newPath: string): void {
  linkSync(existing, newPath);
}

export interface Helper {
  pid: number;
  stop(): Promise<void>;
}

async function started(args: string[]): Promise<Helper> {
  const child = spawn(args[0], args.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = superviseChild(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`helper ${child.pid} did not get ready`)), 20_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`helper exited with ${code} before it was ready`));
    });
  });
  return { pid: child.pid!, stop };
}

/** A process (comm "sleep") holding path open for writing (O_APPEND), as a log writer does. The path is an argument. */
export function startWriter(path: string): Promise<Helper> {
  return started(['/bin/sh', '-c', 'exec 3>>"$1"; echo ready; exec sleep 600', 'writer', path]);
}

// One process (no child to orphan when it is killed) that opens the file read-only and holds flock(LOCK_EX).
const PY_FLOCK = `
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("ready", flush=True)
time.sleep(600)
`;

/** A process (comm "python3") holding an exclusive flock on path, opened read-only. */
export function startFlocker(path: string): Promise<Helper> {
  return started(['python3', '-c', PY_FLOCK, path]);
}

const PY_SWAPPER = `
import os, random, sys, time
counter = sys.argv[1]
rest = float(sys.argv[2]) / 1000.0
random.seed(int(sys.argv[3]))
pairs = [(sys.argv[i], sys.argv[i + 1]) for i in range(4, len(sys.argv), 2)]
n = 0
def save():
    with open(counter + ".tmp", "w") as f:
        f.write(str(n))
    os.rename(counter + ".tmp", counter)
print("ready", flush=True)
while pairs:
    for p in list(pairs):
        d, t = p
        try:
            os.rename(d, d + ".real")
        except OSError:
            # The reap removed the emptied directory: nothing left to swap there.
            pairs.remove(p)
            continue
        os.symlink(t, d)
        os.unlink(d)
        os.symlink(t, d)
        os.unlink(d)
        os.rename(d + ".real", d)
        n += 1
        if rest > 0:
            # The real directory stays in place for a while too, or a reap would almost never find it there.
            time.sleep(random.uniform(0, rest))
        if n % 100 == 0:
            save()
save()
time.sleep(600)
`;

/**
 * Swaps each dir for a symlink to its target and back, round robin (rename(2) aside, symlink in its place,
 * undo), then leaves the real directory in place for a random 0..restMs (seeded), until stopped; writes the
 * number of swaps to counterFile every 100.
 */
export function startSymlinkSwapper(
  pairs: readonly { dir: string; target: string }[],
  counterFile: string,
  restMs: number,
  seed: number,
): Promise<Helper> {
  return started(['python3', '-c', PY_SWAPPER, counterFile, String(restMs), String(seed), ...pairs.flatMap((p) => [p.dir, p.target])]);
}
