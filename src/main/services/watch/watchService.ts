// Owns the live watches: one WatchSession per (node, root), its timer, its change feed (chokidar, for
// this machine), the coalesced snapshot events (latest wins, at most 4 a second per watch), alert
// events, the history rows, and a slower held-bytes refresh for the held alert.
import type { AlertConfig, AlertEvent, WatchAlert, WatchSnapshot } from '../../../shared/watchModels';
import { RpcError } from '../../../shared/rpcResult';
import { AlertMachine } from '../../core/watch/alertMachine';
import type { AlertConfigRepository } from '../../store/repositories/alertConfig';
import type { WatchSampleRepository, WatchSampleRow } from '../../store/repositories/watchSamples';
import type { Transport } from '../../transport/transport';
import { newJobId } from '../common/jobIds';
import { LatestWins } from '../common/latestWins';
import { LocalChangeFeed } from './localChangeFeed';
import { RemoteChangeFeed } from './remoteChangeFeed';
import { DEFAULT_TUNING, rawOf, WatchSession, type WatchTuning } from './watchSession';
import { LOCAL_NODE } from '../../../shared/nodeNames';

/** Watches at once; past it the one joined least recently is stopped. */
export const MAX_WATCHES = 32;
/** 4 snapshots a second per watch at most, whatever the change rate. */
export const MIN_EMIT_INTERVAL_MS = 250;
export const DEFAULT_HELD_INTERVAL_MS = 60_000;

export interface WatchServiceOptions {
  transportFor: (node: string) => Transport;
  emitSnapshot: (s: WatchSnapshot) => void;
  emitAlert: (e: AlertEvent) => void;
  alertSettings: AlertConfigRepository;
  history?: WatchSampleRepository | null;
  /** Held bytes per mount point of a node (a held scan); refreshed every heldIntervalMs while watched. */
  heldBytes?: (node: string) => Promise<Map<string, number>>;
  heldIntervalMs?: number;
  tuning?: Partial<WatchTuning>;
  /** Local roots get an inotify change feed (default); off, every Nth sample looks for changed files itself. */
  localChangeFeed?: boolean;
  /** SSH nodes with inotifywait get a change feed through their transport (default); off, periodic. */
  remoteChangeFeed?: boolean;
  forcePolling?: boolean;
  minEmitIntervalMs?: number;
  now?: () => number;
  onError?: (message: string) => void;
}

interface Running {
  session: WatchSession;
  node: string;
  root: string;
  feed: { close(): Promise<void> } | null;
  timer: NodeJS.Timeout | null;
  abort: AbortController;
  ticking: Promise<void> | null;
  stopped: boolean;
  /** Callers that started (joined) it and have not stopped it yet. */
  users: number;
  joinedAt: number;
}

export class WatchService {
  private readonly watches = new Map<string, Running>();
  private readonly alerts = new AlertMachine(10_000);
  private readonly openAlerts = new Map<string, WatchAlert>();
  private readonly coalescer: LatestWins<WatchSnapshot>;
  private readonly held = new Map<string, { at: number; bytes: Map<string, number> | null; running: boolean }>();
  private readonly now: () => number;

  constructor(private readonly opts: WatchServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.coalescer = new LatestWins(opts.minEmitIntervalMs ?? MIN_EMIT_INTERVAL_MS, opts.emitSnapshot);
  }

  /**
   * Starts a watch, or joins the running one of that node and root (at its interval): a window and a
   * browser on the same root share one watch, and it stops when the last of them stops it.
   */
  start(node: string, root: string, intervalMs?: number): string {
    for (const [id, w] of this.watches) {
      if (w.node === node && w.root === root) {
        w.users++;
        w.joinedAt = this.now();
        return id;
      }
    }
    if (this.watches.size >= MAX_WATCHES) {
      // Full: the watch joined least recently goes (a browser that closed never says so), not the new one.
      const oldest = [...this.watches].sort((a, b) => a[1].joinedAt - b[1].joinedAt)[0];
      void this.stop(oldest[0], true);
    }
    const transport = this.opts.transportFor(node);
    const tuning: WatchTuning = { ...DEFAULT_TUNING, ...this.opts.tuning, ...(intervalMs ? { intervalMs } : {}) };
    const watchId = newJobId('watch');
    const useFeed = node === LOCAL_NODE && this.opts.localChangeFeed !== false;
    const session = new WatchSession({
      watchId,
      node,
      root,
      transport,
      tuning,
      changeFeed: useFeed ? 'inotify' : null,
      alerts: this.alerts,
      openAlerts: this.openAlerts,
      alertConfig: () => this.opts.alertSettings.get(node),
      heldBytes: () => this.heldFor(node),
    });
    const w: Running = { session, node, root, feed: null, timer: null, abort: new AbortController(), ticking: null, stopped: false, users: 1, joinedAt: this.now() };
    this.watches.set(watchId, w);
    if (useFeed) {
      try {
        const feed = new LocalChangeFeed({
          root,
          fstype: null,
          onChange: (p) => session.mark(p),
          forcePolling: this.opts.forcePolling,
          onModeChange: (mode, why) => {
            session.changeFeed = mode;
            this.opts.onError?.(`watch of ${root}: ${why}; polling instead`);
          },
        });
        w.feed = feed;
        session.changeFeed = feed.mode;
      } catch (err) {
        // No change feed: the probe finds changed files itself, as on a remote node.
        session.changeFeed = null;
        this.opts.onError?.(`watch of ${root}: no change feed (${(err as Error).message}); looking for changed files every ${tuning.discoverEvery} samples instead`);
      }
    }
    if (node !== LOCAL_NODE && this.opts.remoteChangeFeed !== false) {
      w.feed = new RemoteChangeFeed({
        transport,
        root: rawOf(root),
        onChange: (p) => session.mark(p),
        onMode: (mode, why) => {
          session.changeFeed = mode;
          if (why && !w.stopped) this.opts.onError?.(`watch of ${root} on ${node}: ${why}; looking for changed files every ${tuning.discoverEvery} samples instead`);
        },
      });
    }
    this.schedule(w, 0);
    return watchId;
  }

  private schedule(w: Running, delayMs: number): void {
    if (w.stopped) return;
    w.timer = setTimeout(() => {
      w.timer = null;
      const started = this.now();
      w.ticking = this.tick(w).finally(() => {
        w.ticking = null;
        // The next sample starts an interval after this one started; a slow sample is never overlapped, and
        // the next is at least half an interval later (two samples milliseconds apart make a noisy rate).
        const interval = w.session.latest.intervalMs;
        this.schedule(w, Math.max(interval / 2, interval - (this.now() - started)));
      });
    }, delayMs);
  }

  private async tick(w: Running): Promise<void> {
    const out = await w.session.tick(this.now, w.abort.signal);
    if (w.stopped) return;
    this.coalescer.push(w.session.latest.watchId, out.snapshot);
    for (const e of out.alertEvents) this.opts.emitAlert(e);
    this.recordHistory(w.node, out.history, out.snapshot.at);
  }

  private recordHistory(node: string, rows: WatchSampleRow[], at: number): void {
    if (!this.opts.history || rows.length === 0) return;
    try {
      this.opts.history.record(node, rows, at);
    } catch (err) {
      this.opts.onError?.(`could not write watch history: ${(err as Error).message}`);
    }
  }

  private heldFor(node: string): Map<string, number> | null {
    if (!this.opts.heldBytes) return null;
    const interval = this.opts.heldIntervalMs ?? DEFAULT_HELD_INTERVAL_MS;
    let h = this.held.get(node);
    if (!h) {
      // The first held scan one interval after the watch starts: it is the heaviest probe, and a window
      // that just opened is already running one of its own.
      h = { at: this.now(), bytes: null, running: false };
      this.held.set(node, h);
    }
    const entry = h;
    if (!entry.running && this.now() - entry.at >= interval) {
      entry.running = true;
      this.opts
        .heldBytes(node)
        .then((bytes) => {
          entry.bytes = bytes;
        })
        .catch((err: Error) => this.opts.onError?.(`held scan for the watch failed: ${err.message}`))
        .finally(() => {
          entry.at = this.now();
          entry.running = false;
        });
    }
    return entry.bytes;
  }

  /** Leaves a watch; the last caller to leave stops it. True when this call stopped it. */
  async stop(watchId: string, everyone = false): Promise<boolean> {
    const w = this.watches.get(watchId);
    if (!w) return false;
    w.users--;
    if (w.users > 0 && !everyone) return false;
    w.stopped = true;
    this.watches.delete(watchId);
    if (w.timer) clearTimeout(w.timer);
    w.abort.abort();
    await w.feed?.close();
    await w.ticking?.catch(() => undefined);
    this.coalescer.forget(watchId);
    this.opts.emitSnapshot(w.session.end('stopped'));
    return true;
  }

  snapshot(watchId: string): WatchSnapshot {
    const w = this.watches.get(watchId);
    if (!w) throw new RpcError('not_found', `no watch ${watchId}: it was stopped, or the app restarted; start it again with watch.start`);
    return w.session.latest;
  }

  activeAlerts(): WatchAlert[] {
    return [...this.openAlerts.values()];
  }

  alertConfig(node: string): AlertConfig {
    return this.opts.alertSettings.get(node);
  }

  async close(): Promise<void> {
    await Promise.all([...this.watches.keys()].map((id) => this.stop(id, true)));
    this.coalescer.close();
  }
}
