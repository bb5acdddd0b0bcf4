// A private mount namespace for a test (root only): a setup script mounts what the test needs over system
// directories (tmpfs over /run, /var/log/journal, /var/cache/apt) where only processes entered into it see
// them, then execs its anchor process (journald, or a sleep); commands run inside through nsenter. Nothing
// mounted here is visible outside it, and it goes when its last process ends.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { superviseChild } from './processes';
import { until } from './until';

export interface MountNamespace {
  /** The anchor's pid: the namespace is /proc/PID/ns/mnt. */
  readonly pid: number;
  /** Runs a command inside, to its end. */
  run(cmd: string, args: string[], opts?: { env?: Record<string, string>; input?: string | Buffer; timeoutMs?: number }): SpawnSyncReturns<string>;
  /** Runs `sh -c SCRIPT sh ARGS...` inside and throws on a non-zero exit; returns its stdout. */
  sh(script: string, ...args: string[]): string;
  /** Starts a long-lived helper inside (stopped by stop() or stopAllHolders). */
  spawn(cmd: string, args: string[]): ChildProcess;
  /** `nsenter` arguments that enter it: for a program another helper starts (sshd's wrap). */
  enter(cmd: string, args: string[]): { command: string; args: string[] };
  stop(): Promise<void>;
}

/**
 * Starts `unshare -m --propagation private sh -c SETUP` (SETUP must end by exec'ing the anchor), and waits
 * until `ready` (a shell test run inside) passes.
 */
export async function startMountNamespace(setup: string, ready: string, logFile = '/dev/null'): Promise<MountNamespace> {
  const child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', `exec >>'${logFile}' 2>&1 </dev/null\n${setup}`], { stdio: 'ignore' });
  const stopAnchor = superviseChild(child);
  const helpers: (() => Promise<void>)[] = [];
  const pid = child.pid!;
  const enter = (cmd: string, args: string[]) => ({ command: 'nsenter', args: ['-t', String(pid), '-m', '--', cmd, ...args] });
  const ns: MountNamespace = {
    pid,
    run(cmd, args, opts = {}) {
      const e = enter(cmd, args);
      return spawnSync(e.command, e.args, { encoding: 'utf8', env: { ...process.env, ...opts.env }, input: opts.input, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 << 20 });
    },
    sh(script, ...args) {
      const r = ns.run('sh', ['-c', script, 'sh', ...args]);
      if (r.status !== 0) throw new Error(`in the namespace, sh -c ${JSON.stringify(script.slice(0, 80))} exited ${r.status ?? r.signal}: ${r.stderr}`);
      return r.stdout;
    },
    spawn(cmd, args) {
      const e = enter(cmd, args);
      const c = spawn(e.command, e.args, { stdio: ['pipe', 'pipe', 'inherit'] });
      helpers.push(superviseChild(c));
      return c;
    },
    enter,
    async stop() {
      await Promise.all(helpers.map((h) => h()));
      await stopAnchor();
    },
  };
  try {
    await until('the mount namespace to be ready', () => child.exitCode === null && ns.run('sh', ['-c', ready]).status === 0, 15_000, 100);
  } catch (err) {
    await ns.stop();
    throw err;
  }
  return ns;
}
