// One ssh2 Client per node, made on first use and reused by every command: host key verified before
// authentication (synchronously, through ssh2's callback), ssh-agent first then the key file, keepalive,
// no Nagle delay, optional jump host (hop by hop, each verified), and reconnection with backoff.
import { readFileSync } from 'node:fs';
import type { AnyAuthMethod, AuthenticationType, Client, ClientChannel, ConnectConfig } from 'ssh2';

/**
 * ssh2 takes 100+ ms to load: only a command that reaches an SSH node pays for it. It is CommonJS, so its
 * named exports come through the default export under Node's ESM.
 */
let ssh2Module: Promise<typeof import('ssh2')> | null = null;
const loadSsh2 = () => (ssh2Module ??= import('ssh2').then((m) => ((m as { default?: typeof import('ssh2') }).default ?? m) as typeof import('ssh2')));
import type { Duplex } from 'node:stream';
import type { NodeState } from '../../../shared/nodeModels';
import { algorithmsForKeyType, hostKeyFingerprint } from './hostKeyFingerprint';
import { knownHostsLine, knownKeyTypes, verifyHostKey } from './knownHosts';
import { appendKnownHost, loadKnownHosts } from './knownHostsFiles';
import { takeEarlySocket } from './earlySocket';

export interface ConnectionState {
  state: NodeState;
  message: string | null;
  /** Fingerprint of the key the server offered in the last handshake. */
  fingerprint: string | null;
}

export interface HostKeyPolicy {
  /** Trust a key for a host on no line (CLI --accept-new). Never applies to a changed key. */
  acceptNew: boolean;
  /** Trust an unknown key only when it has exactly this fingerprint (the UI's confirmation). */
  trustFingerprint?: string | null;
}

export interface SshConnectionOptions {
  /** Node name, for messages. */
  name: string;
  host: string;
  port: number;
  user: string;
  identityFile?: string;
  /** ssh-agent socket (SSH_AUTH_SOCK); tried before the key file. */
  agentSocket?: string;
  /** Passphrase for an encrypted identity file, when known. */
  passphrase?: () => string | undefined;
  /** Files read for verification, e.g. ~/.ssh/known_hosts and the app's own. */
  knownHostsFiles: readonly string[];
  /** Where a newly trusted key is written. */
  trustFile: string;
  hostKeyPolicy: () => HostKeyPolicy;
  /** Reach this node through another connection (ProxyJump). */
  jump?: SshConnection;
  keepaliveIntervalMs?: number;
  readyTimeoutMs?: number;
  onState?: (s: ConnectionState) => void;
}

/** A connection attempt that ended in a state the operator must see (and maybe act on). */
export class SshConnectError extends Error {
  constructor(
    readonly state: NodeState,
    message: string,
    readonly fingerprint: string | null = null,
  ) {
    super(message);
  }
}

type Ssh2Utils = (typeof import('ssh2'))['utils'];
type KnownHostEntries = ReturnType<typeof loadKnownHosts>;

/** The host key verdict of one handshake: filled in by ssh2's verifier callback, read when the handshake ends. */
interface HostKeyCheck {
  /** Fingerprint of the key the server offered, once it has. */
  offered: string | null;
  /** Why the key was refused; null while accepted (or not yet seen). */
  problem: SshConnectError | null;
  verifier: (key: Buffer, verify: (ok: boolean) => void) => void;
}

const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000];
/** States that need the operator (a key to trust, a passphrase, an account): retrying alone cannot fix them. */
const NEEDS_OPERATOR: ReadonlySet<NodeState> = new Set(['auth_failed', 'hostkey_unknown', 'hostkey_changed', 'passphrase_needed']);

export class SshConnection {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private failures = 0;
  private retryAt = 0;
  private lastError: SshConnectError | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private current: ConnectionState = { state: 'idle', message: null, fingerprint: null };
  /** How many times the auth handler was asked for a method: 0 proves no credential was offered. */
  authAttempts = 0;
  /** Called when a ready connection is lost, so channel users can fail fast. */
  onDrop: ((err: Error) => void) | null = null;

  constructor(readonly opts: SshConnectionOptions) {}

  get state(): ConnectionState {
    return this.current;
  }

  /** The connected client: the live one, the attempt in flight, or a new attempt (after the backoff, unless forced). */
  async ready(force = false): Promise<Client> {
    if (this.closed) throw this.closedError();
    if (this.client) return this.client;
    if (this.connecting) return this.connecting;
    if (!force && this.lastError) {
      if (NEEDS_OPERATOR.has(this.lastError.state)) throw this.lastError;
      const wait = this.retryAt - Date.now();
      if (wait > 0) throw new SshConnectError(this.lastError.state, `${this.lastError.message} (next try in ${Math.ceil(wait / 1000)} s)`, this.lastError.fingerprint);
    }
    this.connecting = this.attempt().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** A TCP stream to host:port opened from this node (how a jump host carries the next hop). */
  async forwardOut(host: string, port: number): Promise<ClientChannel> {
    const c = await this.ready();
    return new Promise((resolve, reject) =>
      c.forwardOut('127.0.0.1', 0, host, port, (err, stream) => (err ? reject(new SshConnectError('unreachable', `${this.opts.name} could not reach ${host}:${port}: ${err.message}`)) : resolve(stream))),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const c = this.client;
    this.client = null;
    if (c) {
      await new Promise<void>((resolve) => {
        c.once('close', () => resolve());
        c.end();
        setTimeout(resolve, 2000).unref();
      });
    }
  }

  private closedError(): SshConnectError {
    return new SshConnectError('unreachable', `the connection to ${this.opts.name} was closed`);
  }

  private setState(s: ConnectionState): void {
    this.current = s;
    this.opts.onState?.(s);
  }

  private fail(err: SshConnectError): SshConnectError {
    this.failures++;
    this.retryAt = Date.now() + BACKOFF_MS[Math.min(this.failures - 1, BACKOFF_MS.length - 1)];
    this.lastError = err;
    this.setState({ state: err.state, message: err.message, fingerprint: err.fingerprint ?? this.current.fingerprint });
    return err;
  }

  /**
   * One connection attempt, in the order that keeps credentials safe: usable credentials first (nothing to
   * send means no connection at all), the known_hosts files read before the socket opens (the verifier must
   * answer synchronously), the jump host's stream, then the handshake, which verifies the host key before any
   * credential is offered.
   */
  private async attempt(): Promise<Client> {
    const { opts } = this;
    this.setState({ state: 'connecting', message: null, fingerprint: this.current.fingerprint });
    const { Client: SshClient, utils } = await loadSsh2();
    // Closed while ssh2 loaded: no connection at all.
    if (this.closed) throw this.closedError();
    const { privateKey, passphrase } = this.readCredentials(utils);

    let entries: KnownHostEntries;
    try {
      entries = loadKnownHosts(opts.knownHostsFiles);
    } catch (err) {
      throw this.fail(new SshConnectError('unreachable', (err as Error).message));
    }
    const hostKey = this.hostKeyCheck(entries, opts.hostKeyPolicy());
    // Ask only for key types on record, as OpenSSH does, so a server with several keys offers the one we know.
    const algorithms = knownKeyTypes(entries, opts.host, opts.port).flatMap(algorithmsForKeyType);

    const queue: AnyAuthMethod[] = [];
    if (opts.agentSocket) queue.push({ type: 'agent', username: opts.user, agent: opts.agentSocket });
    if (privateKey) queue.push({ type: 'publickey', username: opts.user, key: privateKey, passphrase });

    // A CLI run's socket, opened while the app loaded, when it went to this very host and port.
    const sock = (await this.jumpStream()) ?? takeEarlySocket(opts.host, opts.port);
    const config: ConnectConfig = {
      host: opts.host,
      port: opts.port,
      username: opts.user,
      sock,
      hostVerifier: hostKey.verifier,
      authHandler: (_methodsLeft, _partial, next) => {
        this.authAttempts++;
        next(queue.shift() ?? (false as unknown as AuthenticationType));
      },
      keepaliveInterval: opts.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: 3,
      readyTimeout: opts.readyTimeoutMs ?? 20_000,
      ...(algorithms.length > 0 ? { algorithms: { serverHostKey: algorithms as never } } : {}),
    };
    return this.handshake(new SshClient(), config, hostKey);
  }

  /**
   * The key file, decrypted when its passphrase is known. Checked before connecting: an encrypted key without
   * its passphrase and no agent cannot authenticate at all, and says so instead of failing at the server.
   */
  private readCredentials(utils: Ssh2Utils): { privateKey: Buffer | undefined; passphrase: string | undefined } {
    const { opts } = this;
    let privateKey: Buffer | undefined;
    let passphrase: string | undefined;
    if (opts.identityFile) {
      try {
        privateKey = readFileSync(opts.identityFile);
      } catch (err) {
        throw this.fail(new SshConnectError('auth_failed', `cannot read the key file ${opts.identityFile}: ${(err as Error).message}`));
      }
      passphrase = opts.passphrase?.();
      const parsed = utils.parseKey(privateKey, passphrase);
      if (parsed instanceof Error) {
        if (/passphrase|encrypted/i.test(parsed.message)) {
          if (!opts.agentSocket) {
            throw this.fail(
              new SshConnectError('passphrase_needed', passphrase === undefined ? `the key file ${opts.identityFile} is encrypted: enter its passphrase` : `wrong passphrase for ${opts.identityFile}: enter it again`),
            );
          }
          privateKey = undefined; // the agent may still get us in
        } else {
          throw this.fail(new SshConnectError('auth_failed', `the key file ${opts.identityFile} cannot be used: ${parsed.message}`));
        }
      }
    }
    if (!privateKey && !opts.agentSocket) {
      throw this.fail(new SshConnectError('auth_failed', `no credentials for ${opts.name}: set a key file or start ssh-agent (SSH_AUTH_SOCK)`));
    }
    return { privateKey, passphrase };
  }

  /** ssh2's hostVerifier, which records what the server offered and, when refused, why (read after the handshake fails). */
  private hostKeyCheck(entries: KnownHostEntries, policy: HostKeyPolicy): HostKeyCheck {
    const check: HostKeyCheck = {
      offered: null,
      problem: null,
      verifier: (key, verify) => {
        // Answered synchronously from data already in memory: nothing can change between seeing and deciding.
        check.offered = hostKeyFingerprint(key);
        check.problem = this.judgeHostKey(entries, policy, key, check.offered);
        verify(check.problem === null);
      },
    };
    return check;
  }

  /** null when the key is trusted (known, or unknown and trusted by the policy, then recorded); otherwise why not. */
  private judgeHostKey(entries: KnownHostEntries, policy: HostKeyPolicy, key: Buffer, offered: string): SshConnectError | null {
    const { opts } = this;
    const v = verifyHostKey(entries, opts.host, opts.port, key);
    if (v.verdict === 'known') return null;
    if (v.verdict === 'unknown') {
      if (policy.acceptNew || (policy.trustFingerprint && policy.trustFingerprint === offered)) {
        try {
          appendKnownHost(opts.trustFile, knownHostsLine(opts.host, opts.port, key));
        } catch (err) {
          return new SshConnectError('hostkey_unknown', `could not record the host key of ${opts.name} in ${opts.trustFile}: ${(err as Error).message}`, offered);
        }
        return null;
      }
      const wrongConfirmation = policy.trustFingerprint ? ` (the key offered now is not the one confirmed, ${policy.trustFingerprint})` : '';
      return new SshConnectError(
        'hostkey_unknown',
        `the host key of ${opts.name} (${opts.host}:${opts.port}) is not known: ${offered}${wrongConfirmation}. Check it with the node's owner (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then trust it`,
        offered,
      );
    }
    const where = `${v.entry.file} line ${v.entry.line}`;
    return v.verdict === 'revoked'
      ? new SshConnectError('hostkey_changed', `the host key of ${opts.name} (${offered}) is marked @revoked in ${where}: refused`, offered)
      : new SshConnectError(
          'hostkey_changed',
          `the host key of ${opts.name} (${opts.host}:${opts.port}) has CHANGED: it now offers ${offered}, which does not match ${where}. This can mean someone is intercepting the connection. Refused; if the node was reinstalled, verify the new key with its owner and remove the old line from ${v.entry.file}`,
          offered,
        );
  }

  /** The stream to this node through its jump host, or undefined for a direct TCP connection. */
  private async jumpStream(): Promise<Duplex | undefined> {
    const { jump } = this.opts;
    if (!jump) return undefined;
    try {
      return await jump.forwardOut(this.opts.host, this.opts.port);
    } catch (err) {
      const e = err as SshConnectError;
      // The jump host's own problem (its key, its credentials) is fixed on the jump host: this node is
      // just unreachable meanwhile, so nothing here offers to trust or unlock the wrong node.
      throw this.fail(new SshConnectError('unreachable', `through jump host ${jump.opts.name} (${e.state ?? 'unreachable'}): ${e.message}`));
    }
  }

  /** Connects and settles once: ready, or the first error or close before it. A later close of the live connection reconnects. */
  private handshake(client: Client, config: ConnectConfig, hostKey: HostKeyCheck): Promise<Client> {
    const { opts } = this;
    return new Promise<Client>((resolve, reject) => {
      let settled = false;
      client.once('ready', () => {
        settled = true;
        // Closed while it shook hands (the node removed, the app quitting): it must not come alive.
        if (this.closed) {
          client.end();
          reject(this.closedError());
          return;
        }
        this.client = client;
        this.failures = 0;
        this.lastError = null;
        this.setState({ state: 'connected', message: null, fingerprint: hostKey.offered });
        resolve(client);
      });
      client.on('error', (err: Error & { level?: string; code?: string }) => {
        if (settled) return; // a live connection's error is followed by 'close', handled there
        settled = true;
        client.end();
        reject(this.fail(hostKey.problem ?? this.handshakeError(err, hostKey.offered)));
      });
      client.on('close', () => {
        if (!settled) {
          settled = true;
          reject(this.fail(hostKey.problem ?? new SshConnectError('unreachable', `${opts.name} closed the connection during the handshake`, hostKey.offered)));
          return;
        }
        if (this.client !== client) return;
        this.client = null;
        this.onDrop?.(new Error(`the connection to ${opts.name} was lost`));
        if (!this.closed) this.scheduleReconnect();
      });
      client.connect(config);
      // Probe output is many small writes: no Nagle delay on the direct socket.
      client.setNoDelay(true);
    });
  }

  /** What a failed handshake means to the operator: refused credentials, no answer, or no connection at all. */
  private handshakeError(err: Error & { level?: string }, offered: string | null): SshConnectError {
    const { opts } = this;
    if (err.level === 'client-authentication') {
      return new SshConnectError('auth_failed', `${opts.user}@${opts.name} was refused every credential offered (${this.describeCredentials()}): add the public key to the node's authorized_keys or choose another key`, offered);
    }
    if (err.level === 'client-timeout') return new SshConnectError('unreachable', `${opts.name} (${opts.host}:${opts.port}) did not answer within ${(opts.readyTimeoutMs ?? 20_000) / 1000} s`, offered);
    return new SshConnectError('unreachable', `cannot connect to ${opts.name} (${opts.host}:${opts.port}): ${err.message}`, offered);
  }

  private describeCredentials(): string {
    const parts: string[] = [];
    if (this.opts.agentSocket) parts.push('ssh-agent');
    if (this.opts.identityFile) parts.push(this.opts.identityFile);
    return parts.join(', ') || 'none';
  }

  /** A lost connection comes back on its own, with growing pauses, so the node's state recovers without a click. */
  private scheduleReconnect(): void {
    const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    this.setState({ state: 'connecting', message: `connection lost; reconnecting in ${Math.round(delay / 1000)} s`, fingerprint: this.current.fingerprint });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.closed || this.client || this.connecting) return;
      this.ready(true).catch(() => {
        if (this.lastError && !NEEDS_OPERATOR.has(this.lastError.state) && this.failures < BACKOFF_MS.length) this.scheduleReconnect();
      });
    }, delay);
    this.reconnectTimer.unref();
  }
}
