// A real server a data-store test starts (postgres, mariadbd, prometheus): its own process group, its output
// kept in a bounded tail for failure messages, stopped by its own shutdown signal and then, after a bounded
// wait, SIGKILL to it and every descendant (postgres backends call setsid, so a group kill misses them).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TAIL_BYTES = 64 * 1024;
const live = new Set<ServerProcess>();
process.once('exit', () => {
  for (const s of live) s.killNow();
});

export interface ServerProcess {
  pid: number;
  /** The last 64 KiB of its stdout and stderr. */
  output(): string;
  exited(): boolean;
  /** Sends `signal`, waits up to `graceMs` for the exit, then SIGKILLs it and its descendants. Idempotent. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  killNow(): void;
}

/** Every process whose parent chain reaches `pid` (read from /proc), children first found first. */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // The comm field may hold spaces and parentheses: ppid is the second field after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(e), ppid);
    } catch {
      // gone since the listing
    }
  }
  const found: number[] = [];
  const wanted = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [p, pp] of parent) {
      if (wanted.has(pp) && !wanted.has(p)) {
        wanted.add(p);
        found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

export function startServer(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ServerProcess {
  const child: ChildProcess = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (b: Buffer) => {
    tail = (tail + b.toString('utf8')).slice(-TAIL_BYTES);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exitedFlag = false;
  const exitP = new Promise<void>((resolve) => child.once('exit', () => ((exitedFlag = true), resolve())));
  child.once('error', (e) => {
    tail += `\nspawn failed: ${e.message}`;
  });
  let stopping: Promise<void> | null = null;
  const server: ServerProcess = {
    pid: child.pid ?? -1,
    output: () => tail,
    exited: () => exitedFlag,
    killNow() {
      const all = [server.pid, ...descendants(server.pid)];
      for (const p of all) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // no such group any more
      }
    },
    stop(signal = 'SIGTERM', graceMs = 15_000) {
      stopping ??= (async () => {
        if (!exitedFlag && server.pid > 0) {
          const family = descendants(server.pid);
          try {
            process.kill(server.pid, signal);
          } catch {
            // already gone
          }
          const timedOut = await Promise.race([exitP.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs))]);
          if (timedOut) {
            server.killNow();
            // Children recorded before the signal that outlived the server (a postgres backend in its own session).
            for (const p of family) {
              try {
                process.kill(p, 'SIGKILL');
              } catch {
                // exited with the server
              }
            }
          }
          await Promise.race([exitP, new Promise((r) => setTimeout(r, 5_000))]);
        }
        live.delete(server);
      })();
      return stopping;
    },
  };
  live.add(server);
  return server;
}

/** Polls `ready` every 100 ms until it is true, the server exits, or `timeoutMs` passes (then throws with its output). */
export async function waitReady(server: ServerProcess, what: string, ready: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await ready()) return;
    if (server.exited()) throw new Error(`${what} exited before it was ready:\n${server.output()}`);
    if (Date.now() > until) throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
