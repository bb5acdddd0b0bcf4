// The fleet home screen's data: one row per node (worst filesystem, held bytes, largest scanned root, last
// refresh, state), refreshed a few nodes at a time. Each node has its own deadline, so a dead or hung node
// costs one worker slot for at most that long and never holds up the rest.
// Bounded: the queue holds each node at most once (a node already queued or refreshing is not queued
// again); rows go out as whole-table snapshots at most every emitIntervalMs (latest wins).
import type { FleetRow, NodeInfo, NodeState } from '../../../shared/nodeModels';
import { RpcError } from '../../../shared/rpcResult';
import { fleetRisk, sortFleetRows } from '../../core/fleet/fleetRisk';
import type { NodeDirectory } from '../../nodes/nodeDirectory';
import type { StateStore } from '../../store/stateStore';
import { refreshOneNode, type NodeRefreshUpdate } from './fleetNodeRefresh';
import type { HeldScannerOptions } from '../held/heldScanner';

export const FLEET_CONCURRENCY = 8;
export const FLEET_NODE_TIMEOUT_MS = 30_000;
export const FLEET_EMIT_INTERVAL_MS = 250;

export interface FleetRefresherOptions {
  directory: NodeDirectory;
  /** The largest root in the node's latest scan snapshots, or null when none was scanned. */
  largestRoot(node: string): FleetRow['largestRoot'];
  /** Receives the whole table, sorted worst first; called at most every emitIntervalMs. */
  onRows(rows: FleetRow[]): void;
  /** This machine's in-process held reader (as the node view uses), so its row is measured the same way. */
  inProcessProbe?: HeldScannerOptions['inProcessProbe'];
  concurrency?: number;
  nodeTimeoutMs?: number;
  emitIntervalMs?: number;
  now?: () => number;
}

/** What the fleet learned about a node, kept between refreshes: a failed refresh leaves the last figures. */
interface NodeFigures {
  worstMount: string | null;
  worstFillRatio: number | null;
  heldBytes: number | null;
  largestRoot: FleetRow['largestRoot'] | undefined;
  lastRefreshAt: number | null;
  /** Why the last refresh is incomplete, in words; null when it was complete. */
  problem: string | null;
  /** Set when our deadline ran out while the node still said "connecting": it is unreachable to us. */
  timedOut: { state: NodeState; message: string } | null;
}

function emptyFigures(): NodeFigures {
  return { worstMount: null, worstFillRatio: null, heldBytes: null, largestRoot: undefined, lastRefreshAt: null, problem: null, timedOut: null };
}

export class FleetRefresher {
  private readonly figures = new Map<string, NodeFigures>();
  private readonly queue: string[] = [];
  private readonly pending = new Set<string>();
  private readonly running = new Set<string>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly unsubscribe: () => void;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private emitTimer: ReturnType<typeof setTimeout> | null = null;
  private lastEmit = 0;
  private closed = false;

  constructor(private readonly opts: FleetRefresherOptions) {
    this.concurrency = Math.max(1, opts.concurrency ?? FLEET_CONCURRENCY);
    this.timeoutMs = opts.nodeTimeoutMs ?? FLEET_NODE_TIMEOUT_MS;
    this.intervalMs = opts.emitIntervalMs ?? FLEET_EMIT_INTERVAL_MS;
    this.now = opts.now ?? Date.now;
    this.unsubscribe = opts.directory.onState((info) => {
      const f = this.figures.get(info.name);
      // A newer word from the node itself replaces our "no answer in time".
      if (f?.timedOut && info.state !== 'connecting') f.timedOut = null;
      this.changed();
    });
  }

  /** The table as it stands, worst first. */
  rows(): FleetRow[] {
    const infos = this.opts.directory.list();
    // A removed node's figures go with it (bounded by the nodes that exist, not by every node ever seen).
    if (this.figures.size > infos.length) {
      const names = new Set(infos.map((i) => i.name));
      for (const name of this.figures.keys()) if (!names.has(name) && !this.running.has(name)) this.figures.delete(name);
    }
    return sortFleetRows(infos.map((info) => this.rowFor(info)));
  }

  /** Queues the named nodes (all when omitted); returns how many were newly queued. */
  refresh(names?: readonly string[]): number {
    if (this.closed) throw new RpcError('io_error', 'the backend is shutting down');
    const known = this.opts.directory.list().map((n) => n.name);
    let wanted: readonly string[] = known;
    if (names) {
      const set = new Set(known);
      const unknown = names.filter((n) => !set.has(n));
      if (unknown.length > 0) {
        throw new RpcError('not_found', `unknown node${unknown.length === 1 ? '' : 's'} ${unknown.slice(0, 5).map((n) => `"${n}"`).join(', ')}${unknown.length > 5 ? ', ...' : ''}: add ${unknown.length === 1 ? 'it' : 'them'} first (nodes.add)`);
      }
      wanted = names;
    }
    let started = 0;
    for (const name of wanted) {
      if (this.pending.has(name) || this.running.has(name)) continue;
      this.pending.add(name);
      this.queue.push(name);
      started++;
    }
    this.pump();
    this.changed();
    return started;
  }

  /** Resolves when nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (this.queue.length === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops taking work and drops the queue; waits a moment for the nodes in flight. It does not wait out
   * their deadlines: closing the transports after this ends their probes.
   */
  async close(graceMs = 1000): Promise<void> {
    this.closed = true;
    for (const name of this.queue) this.pending.delete(name);
    this.queue.length = 0;
    this.unsubscribe();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.whenIdle(), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
  }

  private rowFor(info: NodeInfo): FleetRow {
    const f = this.figures.get(info.name) ?? emptyFigures();
    if (f.largestRoot === undefined) f.largestRoot = this.largestRoot(info.name);
    this.figures.set(info.name, f);
    const state = f.timedOut && (info.state === 'connecting' || info.state === 'idle') ? f.timedOut.state : info.state;
    const message = (state === info.state ? info.message : f.timedOut?.message) ?? f.problem;
    const row = {
      name: info.name,
      state,
      message,
      worstMount: f.worstMount,
      worstFillRatio: f.worstFillRatio,
      heldBytes: f.heldBytes,
      largestRoot: f.largestRoot,
      lastRefreshAt: f.lastRefreshAt,
      refreshing: this.pending.has(info.name) || this.running.has(info.name),
    };
    return { ...row, risk: fleetRisk(row) };
  }

  private largestRoot(name: string): FleetRow['largestRoot'] {
    try {
      return this.opts.largestRoot(name);
    } catch {
      // Scan history is a nicety here; a store problem is reported where the store is written.
      return null;
    }
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.concurrency && this.queue.length > 0) {
      const name = this.queue.shift()!;
      this.pending.delete(name);
      this.running.add(name);
      void this.runOne(name).finally(() => {
        this.running.delete(name);
        this.changed();
        this.pump();
        if (this.queue.length === 0 && this.running.size === 0) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
  }

  private async runOne(name: string): Promise<void> {
    const f = this.figures.get(name) ?? emptyFigures();
    this.figures.set(name, f);
    const problems: string[] = [];
    const apply = (u: NodeRefreshUpdate) => {
      switch (u.kind) {
        case 'state':
          f.timedOut = null;
          break;
        case 'filesystems':
          f.worstMount = u.worst?.mount ?? null;
          f.worstFillRatio = u.worst?.fillRatio ?? null;
          // The figures are as of now even if the held total fails after: the row says so in its message.
          f.lastRefreshAt = this.now();
          if (u.warning) problems.push(u.warning);
          break;
        case 'held':
          f.heldBytes = u.heldBytes;
          break;
        case 'failed':
          problems.push(u.message);
          if (u.step === 'connect' && u.timedOut) f.timedOut = { state: 'unreachable', message: u.message };
          break;
      }
      this.changed();
    };
    try {
      await refreshOneNode(this.opts.directory, name, this.now() + this.timeoutMs, `${Math.round(this.timeoutMs / 1000)} s`, apply, this.opts.inProcessProbe);
    } catch (err) {
      problems.push((err as Error).message);
    }
    f.problem = problems[0] ?? null;
    f.largestRoot = this.largestRoot(name);
  }

  /** Coalesces: one snapshot per interval, with whatever changed in between. */
  private changed(): void {
    if (this.emitTimer || this.closed) return;
    const wait = Math.max(0, this.lastEmit + this.intervalMs - Date.now());
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      this.lastEmit = Date.now();
      this.opts.onRows(this.rows());
    }, wait);
  }
}

/** The largest root of a node by its latest scan snapshot; null when none of its roots was scanned. */
export function largestScannedRoot(store: Pick<StateStore, 'roots' | 'scanSnapshots'>, node: string): FleetRow['largestRoot'] {
  let best: FleetRow['largestRoot'] = null;
  for (const root of store.roots.list(node)) {
    const latest = store.scanSnapshots.list(node, root.path, 1)[0];
    if (latest && (!best || latest.allocatedBytes > best.allocatedBytes)) best = { path: root.path, allocatedBytes: latest.allocatedBytes };
  }
  return best;
}
