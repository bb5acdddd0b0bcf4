// A real OpenSSH sshd on 127.0.0.1 for tests: its own config, host key, client key and log, on a free port.
// Reused by the SSH transport suites, the fleet e2e (many at once) and the reaping suite.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { makeTempDir } from './tempDir';

export const SSHD_PATH = '/usr/sbin/sshd';

export interface ClientKey {
  /** Private key file (unencrypted unless made with a passphrase). */
  identityFile: string;
  /** The `ssh-ed25519 AAAA... comment` line for authorized_keys. */
  publicKeyLine: string;
}

export interface SshdOptions {
  /** Login user, root by default. Must exist on this machine. */
  user?: string;
  /** Reuse one client key across many sshds (a fleet of 50 need not make 50 keys). */
  clientKey?: ClientKey;
  /** More public key lines to accept. */
  extraAuthorizedKeys?: string[];
  /** Extra sshd_config lines, e.g. `MaxSessions 4`. */
  extraConfig?: string[];
  /**
   * Let the login shell read the machine's own rc files (~/.bashrc), as a real node's sessions do. Off for
   * tests: bash, run by sshd, sources ~/.bashrc unless SHLVL says it is not a top-level shell, and a CI
   * image's root rc (pyenv init, ~0.4 s of CPU a session, with a lock its sessions queue on) made the fleet's
   * 50 nodes drive the load past 100. The benches turn it on: an operator's node pays its rc.
   */
  hostLoginRc?: boolean;
  /** Port to listen on; a free one by default. */
  port?: number;
  /**
   * Runs sshd through another program, e.g. `unshare --mount` with a shell that mounts a tmpfs first: every
   * session then sees that node's own filesystems (the fleet e2e gives each of its 50 nodes a different fill).
   * Gets sshd's path and arguments, returns the command to spawn; it must end by exec'ing sshd.
   */
  wrap?: (sshd: string, args: string[]) => { command: string; args: string[] };
}

export interface Sshd {
  host: '127.0.0.1';
  port: number;
  user: string;
  /** The client's private key, authorized on this server. */
  identityFile: string;
  clientKey: ClientKey;
  /** `[127.0.0.1]:PORT ssh-ed25519 AAAA...`: a known_hosts line for the current host key. */
  knownHostsLine: string;
  /** `SHA256:...` as `ssh-keygen -lf` prints it for the current host key. */
  hostKeyFingerprint: string;
  /** Temp dir holding config, keys and pid file. */
  dir: string;
  /** The listening sshd's pid (each connection is served by a child of it). */
  readonly pid: number;
  /** sshd's log so far (LogLevel VERBOSE, stderr via -e): shows authentication attempts. */
  log(): string;
  /** Makes a new host key and restarts on the same port: what a reinstalled node looks like. */
  regenerateHostKey(): Promise<void>;
  stop(): Promise<void>;
}

const LOG_TAIL_BYTES = 512 * 1024;
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** A free TCP port on 127.0.0.1 (released just before sshd binds it; startSshd retries on a race). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function keygen(file: string, comment: string, passphrase = ''): void {
  rmSync(file, { force: true });
  rmSync(`${file}.pub`, { force: true });
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', comment, '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

/** A client key pair in `dir`; with a passphrase the private key is encrypted. */
export function makeClientKey(dir: string, name = 'client_ed25519', passphrase = ''): ClientKey {
  const identityFile = join(dir, name);
  keygen(identityFile, `spoolscope-test-${name}`, passphrase);
  chmodSync(identityFile, 0o600);
  return { identityFile, publicKeyLine: readFileSync(`${identityFile}.pub`, 'utf8').trim() };
}

/** `SHA256:...` of a public key file, from ssh-keygen itself (the reference our fingerprints must match). */
export function keygenFingerprint(pubFile: string): string {
  const r = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile], { encoding: 'utf8' });
  const m = /(SHA256:[A-Za-z0-9+/]+)/.exec(r.stdout);
  if (!m) throw new Error(`ssh-keygen -l gave no fingerprint: ${r.stdout}${r.stderr}`);
  return m[1];
}

/** Resolves when the port answers with an SSH banner; rejects after `ms`. */
export function waitForBanner(port: number, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = connect({ host: '127.0.0.1', port });
      let got = '';
      const retry = (why: string) => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd on port ${port} did not answer: ${why}`));
        else setTimeout(attempt, 25);
      };
      sock.on('data', (d) => {
        got += d.toString('latin1');
        if (got.startsWith('SSH-')) {
          sock.destroy();
          resolve();
        }
      });
      sock.on('error', (e) => retry(e.message));
      sock.on('close', () => {
        if (!got.startsWith('SSH-')) retry('closed before the banner');
      });
    };
    attempt();
  });
}

export async function startSshd(opts: SshdOptions = {}): Promise<Sshd> {
  const { dir, cleanup } = makeTempDir('sshd');
  // sshd reads authorized_keys as the login user: a non-root user must be able to reach it.
  chmodSync(dir, 0o755);
  // The privilege separation directory sshd insists on; /run is a tmpfs that starts without it.
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const user = opts.user ?? 'root';
  const clientKey = opts.clientKey ?? makeClientKey(dir);
  const hostKey = join(dir, 'host_ed25519');
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, [clientKey.publicKeyLine, ...(opts.extraAuthorizedKeys ?? [])].join('\n') + '\n', { mode: 0o644 });
  keygen(hostKey, 'spoolscope-test-host');

  let port = opts.port ?? (await freePort());
  let child: ChildProcess | null = null;
  let logText = '';

  const extra = opts.extraConfig ?? [];
  const setsEnv = (line: string) => /^SetEnv\s/i.test(line);
  const writeConfig = () => {
    const lines = [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'LogLevel VERBOSE',
      // sshd takes the first SetEnv line and ignores later ones: a test's own (BASH_ENV for a noisy or slow
      // rc) carries SHLVL too, or root's ~/.bashrc would run in every session after all.
      ...extra.map((l) => (!opts.hostLoginRc && setsEnv(l) ? `${l} SHLVL=5` : l)),
      ...(opts.hostLoginRc || extra.some(setsEnv) ? [] : ['SetEnv SHLVL=5']),
    ];
    writeFileSync(join(dir, 'sshd_config'), lines.join('\n') + '\n');
  };

  const launch = async () => {
    writeConfig();
    const sshdArgs = ['-D', '-e', '-f', join(dir, 'sshd_config')];
    const cmd = opts.wrap ? opts.wrap(SSHD_PATH, sshdArgs) : { command: SSHD_PATH, args: sshdArgs };
    const c = spawn(cmd.command, cmd.args, { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(c);
    c.stderr!.on('data', (d: Buffer) => {
      logText += d.toString('utf8');
      if (logText.length > LOG_TAIL_BYTES) logText = logText.slice(-LOG_TAIL_BYTES);
    });
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.once('exit', () => running.delete(c));
    const early = exited.then(() => {
      throw new Error(`sshd exited at start: ${logText.slice(-2000)}`);
    });
    try {
      await Promise.race([waitForBanner(port), early]);
    } catch (err) {
      c.kill('SIGKILL');
      throw err;
    }
    early.catch(() => {});
    child = c;
  };

  const halt = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGTERM');
    await exited;
  };

  // A port picked free can be taken before sshd binds it (other suites run in parallel): try a few.
  for (let attempt = 0; ; attempt++) {
    try {
      await launch();
      break;
    } catch (err) {
      if (opts.port !== undefined || attempt >= 4 || !/Address already in use|Cannot bind/i.test(logText)) {
        cleanup();
        throw err;
      }
      logText = '';
      port = await freePort();
    }
  }

  const state = {
    knownHostsLine: '',
    hostKeyFingerprint: '',
  };
  const readHostKey = () => {
    const pub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/);
    state.knownHostsLine = `[127.0.0.1]:${port} ${pub[0]} ${pub[1]}`;
    state.hostKeyFingerprint = keygenFingerprint(`${hostKey}.pub`);
  };
  readHostKey();

  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    user,
    identityFile: clientKey.identityFile,
    clientKey,
    get knownHostsLine() {
      return state.knownHostsLine;
    },
    get hostKeyFingerprint() {
      return state.hostKeyFingerprint;
    },
    dir,
    get pid() {
      return (child as ChildProcess | null)?.pid ?? 0;
    },
    log: () => logText,
    async regenerateHostKey() {
      await halt();
      keygen(hostKey, 'spoolscope-test-host-regenerated');
      await launch();
      readHostKey();
    },
    async stop() {
      await halt();
      cleanup();
    },
  };
}

/** A bastion and a target behind it (both on 127.0.0.1, both with the same client key): for ProxyJump tests. */
export async function startSshdWithBastion(opts: SshdOptions = {}): Promise<{ bastion: Sshd; target: Sshd; stop(): Promise<void> }> {
  const bastion = await startSshd(opts);
  const target = await startSshd({ ...opts, clientKey: opts.clientKey ?? bastion.clientKey });
  return {
    bastion,
    target,
    async stop() {
      await Promise.all([target.stop(), bastion.stop()]);
    },
  };
}

/** The known_hosts text trusting every given server. */
export function knownHostsFor(...servers: Sshd[]): string {
  return servers.map((s) => s.knownHostsLine).join('\n') + '\n';
}

/** A known_hosts line for the server's current key at another port of 127.0.0.1 (a relay in front of it). */
export function knownHostsLineAt(sshd: Sshd, port: number): string {
  return `[127.0.0.1]:${port} ${sshd.knownHostsLine.split(' ').slice(1).join(' ')}`;
}
