// The CLI's --ssh node, connected before the app loads. Its TCP socket opens first thing
// (transport/ssh/earlySocket.ts), then the SSH connection starts on it: ssh2 loads, the key file and
// known_hosts are read, and the handshake, authentication and the server's own work run while the backend
// loads and the state store opens, instead of after. Made with the options the registry would make it with
// (sshConnectionOptions.ts), from the same flags and environment; the registry adopts it only when its own
// options come out the same, and closes it otherwise. Only when the run could use it: the target reads as
// USER@HOST[:PORT] and there is a credential to offer (a key file given that exists, or an ssh-agent), so a
// run that will refuse for want of credentials opens no connection at all.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SshNodeConfigSchema, type SshNodeConfig } from '../../shared/nodeModels';
import { chooseDataDir } from '../store/dataDir';
import { openEarlySocket } from '../transport/ssh/earlySocket';
import { SshConnection, type ConnectionState, type HostKeyPolicy, type SshConnectionOptions } from '../transport/ssh/sshConnection';
import { connectionIdentity, resolveSshSettings, sshConnectionOptions, type SshSettings } from './sshConnectionOptions';
import { parseSshTarget } from './sshTarget';

/** The value of a `--name VALUE` or `--name=VALUE` flag before any `--`; the last one given wins, as parseArgs has it. */
function flagValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === `--${name}` && i + 1 < argv.length) value = argv[++i];
    else if (a.startsWith(`--${name}=`)) value = a.slice(name.length + 3);
  }
  return value;
}

function flagSet(argv: readonly string[], name: string): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes(`--${name}`);
}

/** The host and port of argv's --ssh node when the run could use an early connection to it; otherwise null. */
export function earlySshTarget(argv: readonly string[], env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): { host: string; port: number } | null {
  const plan = earlyConnectionPlan(argv, env, exists);
  return plan ? { host: plan.config.host, port: plan.config.port } : null;
}

/**
 * The node and settings the run's backend will have for argv's --ssh node, as cli/nodeFlags.ts makes them
 * (useUnsaved's config; backendOptionsFor's known_hosts and policy), or null when there is nothing to start.
 */
export function earlyConnectionPlan(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  exists: (path: string) => boolean = existsSync,
): { config: SshNodeConfig; settings: SshSettings } | null {
  const ssh = flagValue(argv, 'ssh');
  // --node with --ssh is refused by the run itself: no connection for it either.
  if (ssh === undefined || flagValue(argv, 'node') !== undefined) return null;
  const t = parseSshTarget(ssh, true);
  if ('error' in t) return null;
  const identityFlag = flagValue(argv, 'identity');
  const identity = identityFlag ? resolve(identityFlag) : undefined;
  const agent = env.SSH_AUTH_SOCK;
  const hasKey = identity !== undefined && exists(identity);
  const hasAgent = agent !== undefined && agent !== '' && exists(agent);
  if (!hasKey && !hasAgent) return null;
  const parsed = SshNodeConfigSchema.safeParse({ name: `${t.user}@${t.host}:${t.port}`, host: t.host, port: t.port, user: t.user, identityFile: identity });
  if (!parsed.success) return null;
  const khFlag = flagValue(argv, 'known-hosts');
  const kh = khFlag ? resolve(khFlag) : undefined;
  // The directory the backend will use (resolveDataDir creates it; the backend does that).
  const settings = resolveSshSettings({ dataDir: chooseDataDir({ env }), env, ...(kh ? { knownHostsFiles: [kh], trustFile: kh } : {}), acceptNewHostKeys: flagSet(argv, 'accept-new') });
  return { config: parsed.data, settings };
}

/** Where the early connection's hooks lead: the run's defaults until the registry adopts it, then the registry's. */
interface Hooks {
  passphrase: () => string | undefined;
  hostKeyPolicy: () => HostKeyPolicy;
  onState: ((s: ConnectionState) => void) | undefined;
}

interface Early {
  identity: string;
  connection: SshConnection;
  attempt: Promise<unknown>;
  hooks: Hooks;
}

let early: Early | null = null;

/** Starts the early connection for argv's --ssh node when the run could use it; says whether it did. */
export function startEarlyConnection(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const plan = earlyConnectionPlan(argv, env);
  if (!plan) return false;
  openEarlySocket(plan.config.host, plan.config.port);
  // A new node of the registry's has no passphrase yet (none is kept outside the desktop app) and no
  // confirmed fingerprint: the same answers until it is adopted.
  const made = sshConnectionOptions(plan.config, plan.settings, { passphrase: () => undefined, trustFingerprint: () => null });
  const hooks: Hooks = { passphrase: made.passphrase!, hostKeyPolicy: made.hostKeyPolicy, onState: undefined };
  const options: SshConnectionOptions = {
    ...made,
    passphrase: () => hooks.passphrase(),
    hostKeyPolicy: () => hooks.hostKeyPolicy(),
    onState: (s) => hooks.onState?.(s),
  };
  const connection = new SshConnection(options);
  const attempt = connection.ready(true);
  // Its outcome is the adopter's to read (the connection's state says it); unadopted, nobody's.
  attempt.catch(() => {});
  early = { identity: connectionIdentity(made), connection, attempt, hooks };
  return true;
}

/**
 * The early connection, when it was made with exactly `options` (every value; the hooks are the adopter's
 * from now on), with its attempt; otherwise null, and an early connection made otherwise is closed. Once.
 */
export function adoptEarlyConnection(options: SshConnectionOptions): { connection: SshConnection; attempt: Promise<unknown> } | null {
  const e = early;
  early = null;
  if (!e) return null;
  if (e.identity !== connectionIdentity(options)) {
    // Closed now, and again once its attempt settles: an attempt in flight would otherwise still connect.
    const close = () => void e.connection.close();
    close();
    e.attempt.then(close, close);
    return null;
  }
  e.hooks.passphrase = options.passphrase ?? (() => undefined);
  e.hooks.hostKeyPolicy = options.hostKeyPolicy;
  e.hooks.onState = options.onState;
  return { connection: e.connection, attempt: e.attempt };
}

/** Closes the early connection if nothing adopted it. */
export function dropEarlyConnection(): void {
  const e = early;
  early = null;
  if (!e) return;
  const close = () => void e.connection.close();
  close();
  e.attempt.then(close, close);
}

/** Whether an early connection waits for adoption (for tests). */
export function holdsEarlyConnection(): boolean {
  return early !== null;
}
