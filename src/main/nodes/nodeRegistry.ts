// The nodes an operator works with: this machine and saved SSH nodes, each with one connection made on
// demand, its state (pushed as `nodes.state`), and a transport every service runs its probes through.
// One node's connect never waits for another's: each has its own connection and its own promise.
import { existsSync, readFileSync } from 'node:fs';
import { homedir, hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { RpcError } from '../../shared/rpcResult';
import { SshNodeConfigSchema, type NodeInfo, type SshConfigImport, type SshNodeConfig, type SshNodeConfigInput } from '../../shared/nodeModels';
import type { StateStore } from '../store/stateStore';
import type { Transport } from '../transport/transport';
import { SshConnection, SshConnectError, type ConnectionState } from '../transport/ssh/sshConnection';
import { SshTransport, type LoginReport } from '../transport/ssh/sshTransport';
import { collectOutput } from '../transport/execOutput';
import { KeyPassphrases, type SecretBox } from './keyPassphrases';
import type { NodeDirectory } from './nodeDirectory';
import { parseSshConfig } from './sshConfigImport';
import { checkNodeIdentity, judgeLogin, type NodeIdentity } from './nodeIdentity';
import { parseSshTarget } from './sshTarget';
import { LOCAL_NODE } from '../../shared/nodeNames';

export interface NodeRegistryOptions {
  store: StateStore;
  dataDir: string;
  local: Transport;
  /** Electron's safeStorage in the desktop app; absent in serve and the CLI (passphrases stay in memory). */
  secretBox?: SecretBox | null;
  /** known_hosts files to verify against; default ~/.ssh/known_hosts and the app's own (dataDir/known_hosts). */
  knownHostsFiles?: string[];
  /** Where newly trusted keys go; default the app's own file. */
  trustFile?: string;
  /** CLI --accept-new: trust a key for a host on no known_hosts line (never a changed one). */
  acceptNewHostKeys?: boolean;
  env?: NodeJS.ProcessEnv;
  /** How long a handshake may take before the node counts as unreachable (default 20 s). */
  readyTimeoutMs?: number;
  /** Upper bound on saved nodes kept by the registry. */
  maxNodes?: number;
}

interface SshNode {
  config: SshNodeConfig;
  /** Saved in the store (false for a CLI --ssh node or a ~/.ssh/config host used once). */
  saved: boolean;
  connection: SshConnection;
  transport: SshTransport;
  /** A one-shot jump connection we own (a `user@host:port` jump host that is not a saved node). */
  ownJump: SshConnection | null;
  /** Why results from this node are partial (not root, no sudo), or null when they are complete. */
  partialWhy: string | null;
  /** The fingerprint the operator confirmed, for the next connect only. */
  trustFingerprint: string | null;
  /** The identity check after connecting (uid, sudo), shared by concurrent callers. */
  checked: Promise<void> | null;
  /** Without sudo mode: waiting for the next probe's shell to say who it runs as (see loginFromProbe). */
  loginWait: { answer: Promise<LoginReport>; take: (r: LoginReport) => void } | null;
}

/** Asks nothing: run only so that its shell says who it runs as, when no probe is on its way to say it. */
const SAY_WHO_ONLY = 'exit 0';
const SAY_WHO_LIMITS = { maxBytes: 4096, maxRecords: 16, recordTerminator: 10, timeoutMs: 20_000, maxStderrBytes: 2048 };

const MAX_JUMP_DEPTH = 4;

export class NodeRegistry implements NodeDirectory {
  private readonly nodes = new Map<string, SshNode>();
  private readonly listeners = new Set<(n: NodeInfo) => void>();
  private readonly passphrases: KeyPassphrases;
  private readonly env: NodeJS.ProcessEnv;
  readonly knownHostsFiles: string[];
  readonly trustFile: string;
  private closed = false;

  constructor(private readonly opts: NodeRegistryOptions) {
    this.env = opts.env ?? process.env;
    this.passphrases = new KeyPassphrases(opts.store, opts.secretBox ?? null);
    const appFile = join(opts.dataDir, 'known_hosts');
    this.trustFile = opts.trustFile ?? appFile;
    this.knownHostsFiles = opts.knownHostsFiles ?? [join(this.home(), '.ssh', 'known_hosts'), appFile];
    const saved: SshNodeConfig[] = [];
    for (const row of opts.store.sshNodes.list()) {
      let raw: unknown;
      try {
        raw = JSON.parse(row.config);
      } catch {
        continue;
      }
      const parsed = SshNodeConfigSchema.safeParse(raw);
      // A row written by another version that no longer validates is left alone, not lost.
      if (parsed.success) saved.push(parsed.data);
    }
    // Jump hosts first: a node's connection is built on its jump host's.
    const names = new Set(saved.map((c) => c.name));
    let pending = saved;
    for (let round = 0; pending.length > 0 && round <= MAX_JUMP_DEPTH + 1; round++) {
      const later: SshNodeConfig[] = [];
      for (const c of pending) {
        const waits = c.jumpHost && names.has(c.jumpHost) && c.jumpHost !== c.name && !this.nodes.has(c.jumpHost);
        if (waits && round <= MAX_JUMP_DEPTH) later.push(c);
        else {
          try {
            this.install(c, true);
          } catch {
            // a jump loop: left out, the others still load
          }
        }
      }
      pending = later;
    }
  }

  // ---- NodeDirectory ---------------------------------------------------------------------------

  list(): NodeInfo[] {
    return [this.localInfo(), ...[...this.nodes.keys()].filter((n) => this.nodes.get(n)!.saved).map((n) => this.info(n))];
  }

  async connect(name: string): Promise<NodeInfo> {
    if (name === LOCAL_NODE) return this.localInfo();
    const node = this.get(name);
    try {
      await node.connection.ready(true);
      // The state shown after a connect must say whether results will be partial.
      await this.identityNow(name, node);
    } catch {
      // the state says what went wrong
    }
    return this.info(name);
  }

  /**
   * Connects without waiting for the identity check (the first probe's shell says who it runs as, unless
   * sudo mode needs a check first): for the CLI, where one more round trip before the work is pure latency.
   * `info` says "partial" once the node has answered.
   */
  async reach(name: string): Promise<NodeInfo> {
    if (name === LOCAL_NODE) return this.localInfo();
    const node = this.get(name);
    try {
      await node.connection.ready(true);
      if (node.config.sudo) await this.checkIdentity(name, node);
    } catch {
      // the state says what went wrong
    }
    return this.info(name);
  }

  /**
   * Settles once the node has answered who the probes run as (the first probe after reach() says it), so a
   * command's last word on "partial" does not race it.
   */
  async identityChecked(name: string): Promise<NodeInfo> {
    if (name === LOCAL_NODE) return this.localInfo();
    const node = this.get(name);
    await this.identityNow(name, node).catch(() => {});
    return this.info(name);
  }

  transportFor(name: string): Transport {
    if (name === LOCAL_NODE) return this.opts.local;
    return this.get(name).transport;
  }

  onState(listener: (n: NodeInfo) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- nodes.* ---------------------------------------------------------------------------------

  info(name: string): NodeInfo {
    if (name === LOCAL_NODE) return this.localInfo();
    const n = this.get(name);
    const partial = n.partialWhy !== null;
    const conn = n.connection.state;
    const state = conn.state === 'connected' && partial ? 'partial' : conn.state;
    return {
      name,
      kind: 'ssh',
      address: `${n.config.host}:${n.config.port}`,
      config: n.config,
      state,
      message: state === 'partial' ? n.partialWhy : conn.message,
      hostKeyFingerprint: conn.fingerprint,
      partial,
    };
  }

  has(name: string): boolean {
    return name === LOCAL_NODE || this.nodes.has(name);
  }

  async add(input: SshNodeConfigInput): Promise<NodeInfo[]> {
    const config = SshNodeConfigSchema.parse(input);
    if (config.name === LOCAL_NODE) throw new RpcError('bad_request', `"${LOCAL_NODE}" is this machine: choose another name`);
    if (!this.nodes.has(config.name) && this.savedCount() >= (this.opts.maxNodes ?? 5_000)) {
      throw new RpcError('bad_request', `at most ${this.opts.maxNodes ?? 5_000} nodes can be saved: remove some first`);
    }
    const old = this.nodes.get(config.name);
    const sameKey = old?.config.identityFile === config.identityFile;
    this.opts.store.sshNodes.save(config.name, JSON.stringify(config), sameKey);
    if (old) await this.drop(config.name);
    if (!sameKey) this.passphrases.forget(config.name);
    this.install(config, true);
    await this.reinstallJumpingThrough(config.name);
    this.emit(config.name);
    return this.list();
  }

  async remove(name: string): Promise<NodeInfo[]> {
    if (name === LOCAL_NODE) throw new RpcError('bad_request', 'this machine cannot be removed');
    if (!this.nodes.get(name)?.saved) throw new RpcError('not_found', `no saved node "${name}"`);
    this.opts.store.sshNodes.remove(name);
    this.passphrases.forget(name);
    await this.drop(name);
    // Nodes that jumped through it now read its name as user@host[:port] or fail clearly on connect.
    await this.reinstallJumpingThrough(name);
    return this.list();
  }

  async importSshConfig(path?: string): Promise<SshConfigImport & { nodes: NodeInfo[] }> {
    const file = path ?? join(this.home(), '.ssh', 'config');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new RpcError('not_found', `cannot read the SSH config ${file}: ${(err as Error).message}`);
    }
    const parsed = parseSshConfig(text, { home: this.home(), localUser: this.localUser() });
    const imported: string[] = [];
    const skipped = [...parsed.skipped];
    for (const config of parsed.nodes) {
      if (config.name === LOCAL_NODE) {
        skipped.push({ host: config.name, reason: `"${LOCAL_NODE}" is this machine` });
        continue;
      }
      await this.add(config);
      imported.push(config.name);
    }
    return { imported, skipped, nodes: this.list() };
  }

  async trustHostKey(name: string, fingerprint: string): Promise<NodeInfo> {
    const node = this.get(name);
    const conn = node.connection.state;
    if (conn.state === 'hostkey_changed') {
      throw new RpcError('forbidden', `the host key of ${name} has changed and cannot be trusted from here: ${conn.message ?? ''}`);
    }
    node.trustFingerprint = fingerprint;
    try {
      return await this.connect(name);
    } finally {
      node.trustFingerprint = null;
    }
  }

  async unlockKey(name: string, passphrase: string, remember: boolean): Promise<NodeInfo> {
    const node = this.get(name);
    const r = this.passphrases.set(name, passphrase, remember && node.saved);
    const info = await this.connect(name);
    if (remember && !r.persisted) {
      const why = node.saved ? r.message : 'kept in memory for this session only: the node is not saved';
      return { ...info, message: [info.message, `Passphrase ${why}.`].filter(Boolean).join(' ') };
    }
    return info;
  }

  /**
   * A node the CLI names without saving it: `--ssh user@host:port`, or a ~/.ssh/config host. Returns its
   * name; a saved node of that name wins.
   */
  useUnsaved(config: SshNodeConfigInput): string {
    const parsed = SshNodeConfigSchema.parse(config);
    if (!this.nodes.has(parsed.name)) this.install(parsed, false);
    return parsed.name;
  }

  /** The ~/.ssh/config entry for `alias`, if that file names it. */
  sshConfigHost(alias: string, path = join(this.home(), '.ssh', 'config')): SshNodeConfig | null {
    if (!existsSync(path)) return null;
    const parsed = parseSshConfig(readFileSync(path, 'utf8'), { home: this.home(), localUser: this.localUser() });
    return parsed.nodes.find((n) => n.name === alias) ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.nodes.keys()].map((n) => this.drop(n)));
  }

  // ---- internals -------------------------------------------------------------------------------

  private get(name: string): SshNode {
    const n = this.nodes.get(name);
    if (!n) throw new RpcError('not_found', `unknown node "${name}": add it first (nodes list shows the saved ones)`);
    return n;
  }

  private savedCount(): number {
    let n = 0;
    for (const v of this.nodes.values()) if (v.saved) n++;
    return n;
  }

  private home(): string {
    return this.env.HOME || homedir();
  }

  private localUser(): string {
    return this.env.USER || userInfo().username;
  }

  private localInfo(): NodeInfo {
    return { name: LOCAL_NODE, kind: 'local', address: hostname(), config: null, state: 'local', message: null, hostKeyFingerprint: null, partial: false };
  }

  private emit(name: string): void {
    if (this.closed) return;
    const info = this.info(name);
    for (const l of this.listeners) {
      try {
        l(info);
      } catch {
        // one listener's bug must not stop the others
      }
    }
  }

  private agentSocket(): string | undefined {
    const sock = this.env.SSH_AUTH_SOCK;
    return sock && existsSync(sock) ? sock : undefined;
  }

  private makeConnection(config: SshNodeConfig, onState: ((s: ConnectionState) => void) | undefined, depth: number): { connection: SshConnection; ownJump: SshConnection | null } {
    let jump: SshConnection | undefined;
    let ownJump: SshConnection | null = null;
    if (config.jumpHost) {
      if (depth >= MAX_JUMP_DEPTH) throw new RpcError('bad_request', `jump hosts of ${config.name} nest deeper than ${MAX_JUMP_DEPTH}: is there a loop?`);
      const saved = this.nodes.get(config.jumpHost);
      if (saved && config.jumpHost !== config.name) jump = saved.connection;
      else {
        const t = parseSshTarget(config.jumpHost, false);
        if ('error' in t) throw new RpcError('bad_request', `jump host "${config.jumpHost}" is neither a saved node nor user@host:port (${t.error})`);
        const jumpConfig = SshNodeConfigSchema.parse({
          name: `${config.name}-jump`,
          host: t.host,
          port: t.port,
          user: t.user ?? config.user,
          identityFile: config.identityFile,
        });
        ownJump = this.makeConnection({ ...jumpConfig, name: config.jumpHost }, undefined, depth + 1).connection;
        jump = ownJump;
      }
    }
    const connection = new SshConnection({
      name: config.name,
      host: config.host,
      port: config.port,
      user: config.user,
      identityFile: config.identityFile,
      agentSocket: this.agentSocket(),
      passphrase: () => this.passphrases.get(config.name),
      knownHostsFiles: this.knownHostsFiles,
      trustFile: this.trustFile,
      hostKeyPolicy: () => ({ acceptNew: this.opts.acceptNewHostKeys === true, trustFingerprint: this.nodes.get(config.name)?.trustFingerprint ?? null }),
      jump,
      onState,
      readyTimeoutMs: this.opts.readyTimeoutMs,
    });
    return { connection, ownJump };
  }

  private install(config: SshNodeConfig, saved: boolean): void {
    const name = config.name;
    const { connection, ownJump } = this.makeConnection(
      config,
      (s) => {
        const n = this.nodes.get(name);
        if (!n || n.connection !== connection) return;
        // A new connection may land as another user (or sudo may have changed): check again.
        if (s.state !== 'connected') n.checked = null;
        this.emit(name);
      },
      0,
    );
    const transport = new SshTransport(name, connection);
    const node: SshNode = {
      config,
      saved,
      connection,
      transport,
      ownJump,
      partialWhy: null,
      trustFingerprint: null,
      checked: null,
      loginWait: null,
    };
    // In sudo mode every probe waits for the identity check, so sudo is in force before the first one runs.
    // Without it the answer only decides "partial": the first probe's own shell says it (loginFromProbe).
    transport.onLogin = (r) => this.takeLogin(node, r);
    transport.prepare = () => {
      const check = this.checkIdentity(name, node);
      if (config.sudo) return check;
      check.catch(() => {});
      return Promise.resolve();
    };
    this.nodes.set(name, node);
  }

  private checkIdentity(name: string, node: SshNode): Promise<void> {
    node.checked ??= (node.config.sudo ? checkNodeIdentity(node.transport, node.config) : this.loginFromProbe(node)).then(
      (r) => {
        node.transport.useSudo = r.useSudo;
        node.partialWhy = r.partialWhy;
        // A failed check (not an answer) is not kept: the next probe asks again, so a channel lost under
        // load does not leave the node marked partial for the rest of the session.
        if (r.inconclusive) node.checked = null;
        this.emit(name);
      },
      (err: unknown) => {
        node.checked = null;
        if (err instanceof SshConnectError) return; // the connection state already says it
        throw err;
      },
    );
    return node.checked;
  }

  /**
   * The check, answered now: when no probe is on its way to say who it runs as (a connect before any work, a
   * CLI command that ran none), an empty one is run for its preamble, a session as the check's own was.
   */
  private async identityNow(name: string, node: SshNode): Promise<void> {
    const checked = this.checkIdentity(name, node);
    if (node.loginWait) {
      await collectOutput(node.transport.execUnprepared(SAY_WHO_ONLY, Buffer.alloc(0), SAY_WHO_LIMITS, false)).catch(() => {});
    }
    await checked;
  }

  /**
   * Without sudo mode: who the next probe's shell says it runs as (the transport asks cold probes only while
   * this waits; warm loaders always say it). A shell that said nothing usable (no `id` on the node) or a
   * probe that never reached its shell (a lost channel) is asked again on a session of its own, which also
   * retries once at once: the node's state is shown from this answer.
   */
  private async loginFromProbe(node: SshNode): Promise<NodeIdentity> {
    if (!node.loginWait) {
      let take: (r: LoginReport) => void = () => {};
      const answer = new Promise<LoginReport>((resolve) => (take = resolve));
      node.loginWait = { answer, take };
    }
    node.transport.wantLogin = true;
    const r = await node.loginWait.answer;
    const login = r.preamble?.login;
    if (login) return judgeLogin(login);
    return checkNodeIdentity(node.transport, node.config);
  }

  private takeLogin(node: SshNode, r: LoginReport): void {
    // A sudo channel's shell is root by sudo's grace, not the login: sudo mode has its own check.
    if (node.config.sudo || r.sudo || !node.loginWait) return;
    const wait = node.loginWait;
    node.loginWait = null;
    node.transport.wantLogin = false;
    wait.take(r);
  }

  /** Nodes whose jump host is `name` hold its old connection: give them fresh ones. */
  private async reinstallJumpingThrough(name: string): Promise<void> {
    for (const [other, n] of [...this.nodes]) {
      if (other === name || n.config.jumpHost !== name) continue;
      await this.drop(other);
      try {
        this.install(n.config, n.saved);
        this.emit(other);
      } catch {
        // a jump host that is now neither a node nor user@host: the node stays out until fixed
      }
    }
  }

  private async drop(name: string): Promise<void> {
    const n = this.nodes.get(name);
    if (!n) return;
    this.nodes.delete(name);
    await n.transport.close();
    await n.ownJump?.close();
  }
}
