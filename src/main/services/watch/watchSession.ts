// One live watch of one root on one node: each tick runs the sample probe through the node's transport
// (the same probe here and over SSH), folds the numbers into growth series (core/watch/growthRate.ts), the
// time to full and the alert machine, and builds the snapshot the front doors receive. The filesystem's
// rate and time to full are computed here once and carried on the snapshot: the card, the banner and
// `watch --json` read the same figures. Memory is bounded by construction: a bounded dirty set, a bounded
// hot set, fixed-size series.
import type { AlertConfig, AlertEvent, WatchAlert, WatchFilesystem, WatchPartition, WatchSnapshot, WatchWriter } from '../../../shared/watchModels';
import type { AlertMachine } from '../../core/watch/alertMachine';
import { displayName } from '../../core/common/displayName';
import { DEFAULT_GROWTH, GrowthTable, SERIES_GROWTH, type GrowthOptions } from '../../core/watch/growthRate';
import { DirtySet, HotEntries, hotTargetOf, relativeTo, type HotTarget } from '../../core/watch/hotSet';
import { SeriesRing } from '../../core/watch/seriesRing';
import { DEFAULT_TIME_TO_FULL, timeToFull, type TimeToFullOptions } from '../../core/watch/timeToFull';
import { evaluateAlerts, timeToFullLevel } from '../../core/watch/watchAlerts';
import { unmatchedRssGrowth, type WriterPoint } from '../../core/watch/writerMemory';
import type { Transport } from '../../transport/transport';
import { runSample, MAX_SAMPLE_PIDS, type SampleResult } from './watchSampler';

export interface WatchTuning {
  intervalMs: number;
  /** The filesystem's growth: how long a window its rate may be fitted over, how it follows changes. */
  growth: GrowthOptions;
  /** The same for partitions and writers (more of them, shorter). */
  seriesGrowth: GrowthOptions;
  timeToFull: TimeToFullOptions;
  /** "What grew in the last N minutes" for partitions. */
  growthWindowMs: number;
  /** Window over which a writer's RSS growth is compared with its writes. */
  writerWindowMs: number;
  dirtyCapacity: number;
  hotCapacity: number;
  hotTtlMs: number;
  /** Every Nth sample also looks for writer processes (and, without a change feed, for changed files). */
  discoverEvery: number;
  maxPartitionsOnWire: number;
  maxWritersOnWire: number;
  sparkPoints: number;
  /** Points of a sparkline at least this far apart, so 60 of them show a few minutes. */
  sparkSpacingMs: number;
}

export const DEFAULT_TUNING: WatchTuning = {
  intervalMs: 3000,
  growth: DEFAULT_GROWTH,
  seriesGrowth: SERIES_GROWTH,
  timeToFull: DEFAULT_TIME_TO_FULL,
  growthWindowMs: 10 * 60_000,
  writerWindowMs: 10 * 60_000,
  dirtyCapacity: 4096,
  hotCapacity: 256,
  hotTtlMs: 15 * 60_000,
  discoverEvery: 10,
  maxPartitionsOnWire: 50,
  maxWritersOnWire: 20,
  sparkPoints: 60,
  sparkSpacingMs: 3000,
};

/** JS strings from chokidar and requests are UTF-8 text; the probe and the parser speak raw bytes (latin1). */
export function rawOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

interface PartitionState {
  kind: WatchPartition['kind'];
  ring: SeriesRing;
  bytes: number;
}

interface WriterState {
  comm: string;
  ring: SeriesRing; // rss
  points: WriterPoint[];
  write: WriterPoint | null;
}

export interface TickOutcome {
  snapshot: WatchSnapshot;
  alertEvents: AlertEvent[];
  /** Rows for the history store. */
  history: { kind: 'fs' | 'part'; scope: string; path: string; bytes: number }[];
}

export interface WatchSessionOptions {
  watchId: string;
  node: string;
  root: string;
  transport: Transport;
  tuning: WatchTuning;
  /** Whether a change feed (chokidar) calls mark(); without one, changed files are found by the probe. */
  changeFeed: 'inotify' | 'polling' | null;
  alerts: AlertMachine;
  /** Open alerts of every watch (shared, like the machine). */
  openAlerts: Map<string, WatchAlert>;
  alertConfig: () => AlertConfig;
  /** Held bytes per mount point from the last held scan, when there is one. */
  heldBytes: () => Map<string, number> | null;
}

export class WatchSession {
  readonly dirty: DirtySet;
  private readonly hot: HotEntries;
  private readonly rootRaw: string;
  private readonly fsRing: SeriesRing;
  private readonly fsGrowth: GrowthTable;
  private readonly partGrowth: GrowthTable;
  private readonly writeGrowth: GrowthTable;
  private readonly rssGrowth: GrowthTable;
  private readonly partitions = new Map<string, PartitionState>();
  /** Per mount, whether the last sample's "no time to full" may clear its alert (timeToFull's `settled`). */
  private readonly ttfSettled = new Map<string, boolean>();
  private readonly writers = new Map<number, WriterState>();
  private writerPids: number[] = [];
  private gone = new Set<string>();
  private seq = 0;
  private clockOffsetMs: number | null = null;
  private last: WatchSnapshot;
  changeFeed: WatchSessionOptions['changeFeed'];

  constructor(private readonly opts: WatchSessionOptions) {
    const t = opts.tuning;
    this.changeFeed = opts.changeFeed;
    this.dirty = new DirtySet(t.dirtyCapacity);
    this.hot = new HotEntries(t.hotCapacity, t.hotTtlMs);
    this.rootRaw = rawOf(opts.root);
    this.fsRing = new SeriesRing(t.sparkPoints, t.sparkSpacingMs);
    this.fsGrowth = new GrowthTable(t.growth, 4);
    this.partGrowth = new GrowthTable(t.seriesGrowth, t.hotCapacity);
    this.writeGrowth = new GrowthTable(t.seriesGrowth, MAX_SAMPLE_PIDS);
    this.rssGrowth = new GrowthTable(t.seriesGrowth, MAX_SAMPLE_PIDS);
    this.last = this.snapshot('running', Date.now(), [], null, []);
  }

  get latest(): WatchSnapshot {
    return this.last;
  }

  /** A change notice from the change feed (absolute path, raw bytes in a latin1 string). Cheap: one Set operation. */
  mark(absRaw: string): void {
    this.dirty.mark(absRaw);
  }

  private touch(absRaw: string, now: number): void {
    const rel = relativeTo(this.rootRaw, absRaw);
    if (rel === null) return;
    const target = hotTargetOf(rel);
    if (target) this.hot.touch(target, now);
  }

  private absOf(target: HotTarget): string {
    return this.rootRaw.endsWith('/') ? this.rootRaw + target.measure : `${this.rootRaw}/${target.measure}`;
  }

  /**
   * One sample: run the probe, fold what it measured into the series (filesystem, partitions, writers),
   * judge the alerts and build the snapshot. A failed probe keeps the last snapshot with the error, so a
   * node that stops answering for a moment does not wipe what the window shows.
   */
  async tick(now: () => number, signal?: AbortSignal): Promise<TickOutcome> {
    const taken = this.dirty.take();
    const startedAt = now();
    for (const p of taken.paths) this.touch(p, startedAt);
    const targets = this.hot.current(startedAt, this.gone);
    const discover = this.seq % this.opts.tuning.discoverEvery === 0;
    let result: SampleResult;
    try {
      result = await this.runProbe(targets, discover, signal);
    } catch (err) {
      const message = `sample failed: ${(err as Error).message}`;
      this.last = { ...this.last, at: now(), errors: [message] };
      return { snapshot: this.last, alertEvents: [], history: [] };
    }
    const at = this.measuredAt(result, now());
    this.seq++;
    const filesystems = this.foldFilesystem(result, at);
    this.foldPartitions(result, targets, at);
    // Files the probe saw change (no change feed) become hot entries for the next sample.
    for (const f of result.changed) this.touch(f, at);
    const exited = this.foldWriters(result, discover, at);
    const writers = this.writersOnWire();
    const alertEvents = this.judgeAlerts(filesystems, writers, exited, at);
    const errors = [...result.errors];
    if (taken.dropped > 0) errors.push(`${taken.dropped} changed paths were not tracked one by one (the change list was full); the filesystem totals still count them`);
    if (result.deferred > 0) errors.push(`${result.deferred} hot entries wait for a later sample (input limit)`);
    this.last = this.snapshot('running', at, filesystems, { seen: taken.changes, dropped: taken.dropped }, writers, errors);
    return { snapshot: this.last, alertEvents, history: this.historyRows(filesystems) };
  }

  /** The sample probe over the hot entries; every discoverEvery-th sample also looks for writers (and changed files). */
  private runProbe(targets: readonly HotTarget[], discover: boolean, signal?: AbortSignal): Promise<SampleResult> {
    const t = this.opts.tuning;
    // Without a change feed, look back over the time since the last look (whole minutes, find -mmin).
    const lookBack = this.changeFeed === null || this.seq === 0 ? Math.max(1, Math.ceil((t.intervalMs * t.discoverEvery) / 60_000) + 1) : 0;
    return runSample(
      this.opts.transport,
      { root: this.rootRaw, measure: targets.map((x) => this.absOf(x)), pids: this.writerPids, recentMinutes: discover ? lookBack : 0, findWriters: discover },
      signal,
    );
  }

  /**
   * When the sample was taken, on our clock. Rates need the time each measurement was taken: the node's
   * clock at df (the probe's own latency, or an SSH round trip, varies more than a short interval), mapped
   * onto ours by an offset fixed at the first sample.
   */
  private measuredAt(result: SampleResult, received: number): number {
    if (result.nodeTimeMs === null) return received;
    this.clockOffsetMs ??= received - result.nodeTimeMs;
    return result.nodeTimeMs + this.clockOffsetMs;
  }

  /**
   * The root's filesystem (none when df gave nothing): its rate and time to full, one computation for every
   * front door, and the time-to-full level against the node's thresholds.
   */
  private foldFilesystem(result: SampleResult, at: number): WatchFilesystem[] {
    const t = this.opts.tuning;
    const fs = result.filesystem;
    if (!fs) return [];
    this.fsRing.push(at, fs.usedBytes);
    // One series per mount: a root that moves to another filesystem (remounted) starts afresh.
    const series = this.fsGrowth.series(fs.mount);
    series?.push({ at, value: fs.usedBytes });
    const rate = series?.estimate ?? null;
    const grew = series?.grewOver(t.timeToFull.lookbackMs, t.timeToFull.lookbackSamples) ?? null;
    const ttf = rate ? timeToFull(rate, grew, fs.availBytes, t.timeToFull) : { secondsToFull: null, trend: 'measuring' as const, settled: false };
    this.ttfSettled.set(fs.mount, ttf.settled);
    return [
      {
        mount: fs.mount,
        fstype: fs.fstype,
        sizeBytes: fs.sizeBytes,
        usedBytes: fs.usedBytes,
        availBytes: fs.availBytes,
        fillRatio: fs.fillRatio,
        level: fs.level,
        bytesPerSecond: rate?.bytesPerSecond ?? null,
        secondsToFull: ttf.secondsToFull,
        fitWindowMs: rate?.windowMs ?? 0,
        trend: ttf.trend,
        timeToFullLevel: timeToFullLevel(this.opts.alertConfig(), ttf.secondsToFull),
        spark: this.fsRing.values(t.sparkPoints),
      },
    ];
  }

  /** Partitions: the measured entries summed per partition (a SQLite file with its -wal is one). */
  private foldPartitions(result: SampleResult, targets: readonly HotTarget[], at: number): void {
    const t = this.opts.tuning;
    const measured = new Map<string, { kind: WatchPartition['kind']; bytes: number }>();
    // Entries the probe could not measure are gone (deleted, rotated): the hot set drops them next time.
    this.gone = new Set();
    for (const target of targets) {
      const size = result.sizes.get(this.absOf(target));
      if (size === undefined) {
        this.gone.add(target.measure);
        continue;
      }
      const m = measured.get(target.partition);
      if (m) m.bytes += size;
      else measured.set(target.partition, { kind: target.kind, bytes: size });
    }
    const spacing = t.growthWindowMs / 60;
    for (const [path, m] of measured) {
      let st = this.partitions.get(path);
      if (!st) {
        if (this.partitions.size >= t.hotCapacity) continue;
        st = { kind: m.kind, ring: new SeriesRing(64, spacing), bytes: m.bytes };
        this.partitions.set(path, st);
      }
      st.bytes = m.bytes;
      st.ring.push(at, m.bytes);
      this.partGrowth.push(path, { at, value: m.bytes });
    }
    // A partition leaves with its last hot entry (expired, or vanished: rotated away, reaped).
    for (const k of this.partitions.keys()) if (!measured.has(k)) this.partitions.delete(k);
    this.partGrowth.retain(new Set(this.partitions.keys()));
  }

  /** Writers: io and memory of the processes found under the root. Returns the pids that exited since the last sample. */
  private foldWriters(result: SampleResult, discover: boolean, at: number): number[] {
    const t = this.opts.tuning;
    if (discover) this.writerPids = result.writers.slice(0, MAX_SAMPLE_PIDS);
    for (const p of result.processes.values()) {
      let w = this.writers.get(p.pid);
      if (!w) {
        w = { comm: p.comm ?? '?', ring: new SeriesRing(64, t.writerWindowMs / 60), points: [], write: null };
        this.writers.set(p.pid, w);
      }
      if (p.comm) w.comm = p.comm;
      if (p.writeBytes !== null) this.writeGrowth.push(String(p.pid), { at, value: p.writeBytes });
      if (p.rssBytes !== null) this.rssGrowth.push(String(p.pid), { at, value: p.rssBytes });
      if (p.writeBytes !== null && p.rssBytes !== null) {
        w.points.push({ at, rssBytes: p.rssBytes, writeBytes: p.writeBytes });
        const from = at - t.writerWindowMs * 1.5;
        while (w.points.length > 0 && (w.points[0].at < from || w.points.length > 600)) w.points.shift();
      }
    }
    const alive = new Set([...result.processes.keys()]);
    const exited: number[] = [];
    for (const pid of this.writers.keys()) {
      if (alive.has(pid)) continue;
      this.writers.delete(pid);
      exited.push(pid);
    }
    const pidKeys = new Set([...alive].map(String));
    this.writeGrowth.retain(pidKeys);
    this.rssGrowth.retain(pidKeys);
    return exited;
  }

  private writersOnWire(): WatchWriter[] {
    const t = this.opts.tuning;
    return [...this.writers].map(([pid, w]) => {
      const lastPoint = w.points[w.points.length - 1];
      return {
        pid,
        comm: w.comm,
        writeBytes: lastPoint?.writeBytes ?? null,
        rssBytes: lastPoint?.rssBytes ?? null,
        writeBytesPerSecond: this.writeGrowth.get(String(pid))?.bytesPerSecond ?? null,
        rssBytesPerSecond: this.rssGrowth.get(String(pid))?.bytesPerSecond ?? null,
        unmatchedRssGrowthBytes: unmatchedRssGrowth(w.points, t.writerWindowMs),
      };
    });
  }

  /** Fill, time to full, held bytes (from the last held scan) and writer memory through the shared alert machine. */
  private judgeAlerts(filesystems: WatchFilesystem[], writers: WatchWriter[], exitedWriterPids: number[], at: number): AlertEvent[] {
    const held = this.opts.heldBytes();
    return evaluateAlerts(
      this.opts.alerts,
      this.opts.alertConfig(),
      {
        node: this.opts.node,
        filesystems: filesystems.map((f) => ({
          mount: f.mount,
          sizeBytes: f.sizeBytes,
          fillRatio: f.fillRatio,
          secondsToFull: f.secondsToFull,
          settled: this.ttfSettled.get(f.mount) ?? false,
          fitWindowMs: f.fitWindowMs,
          heldBytes: held?.get(f.mount) ?? null,
        })),
        writers,
        exitedWriterPids,
      },
      this.opts.openAlerts,
      at,
    );
  }

  /** Rows for the history store: the filesystem's used bytes and the 20 fastest partitions of the snapshot just built. */
  private historyRows(filesystems: WatchFilesystem[]): TickOutcome['history'] {
    const rows: TickOutcome['history'] = filesystems.map((f) => ({ kind: 'fs' as const, scope: f.mount, path: '', bytes: f.usedBytes }));
    for (const p of this.last.partitions.slice(0, 20)) rows.push({ kind: 'part', scope: this.opts.root, path: p.path, bytes: p.allocatedBytes });
    return rows;
  }

  private snapshot(
    state: WatchSnapshot['state'],
    at: number,
    filesystems: WatchFilesystem[],
    changes: { seen: number; dropped: number } | null,
    writers: WatchWriter[],
    errors: string[] = [],
  ): WatchSnapshot {
    const t = this.opts.tuning;
    const parts: WatchPartition[] = [...this.partitions].map(([path, st]) => {
      const since = st.ring.firstSince(at - t.growthWindowMs);
      return {
        path: displayName(path),
        kind: st.kind,
        allocatedBytes: st.bytes,
        bytesPerSecond: this.partGrowth.get(path)?.bytesPerSecond ?? null,
        grewBytes: since ? st.bytes - since.value : 0,
        spark: st.ring.values(t.sparkPoints),
      };
    });
    parts.sort((a, b) => (b.bytesPerSecond ?? 0) - (a.bytesPerSecond ?? 0) || b.grewBytes - a.grewBytes || b.allocatedBytes - a.allocatedBytes);
    const rates = parts.map((p) => p.bytesPerSecond).filter((r): r is number => r !== null);
    writers.sort((a, b) => (b.writeBytesPerSecond ?? 0) - (a.writeBytesPerSecond ?? 0) || b.unmatchedRssGrowthBytes - a.unmatchedRssGrowthBytes);
    return {
      watchId: this.opts.watchId,
      node: this.opts.node,
      root: this.opts.root,
      state,
      at,
      seq: this.seq,
      intervalMs: t.intervalMs,
      mode: this.changeFeed ?? 'periodic',
      rootBytesPerSecond: rates.length > 0 ? rates.reduce((a, b) => a + b, 0) : null,
      filesystems,
      partitions: parts.slice(0, t.maxPartitionsOnWire),
      morePartitions: Math.max(0, parts.length - t.maxPartitionsOnWire),
      growthWindowMs: t.growthWindowMs,
      writers: writers.slice(0, t.maxWritersOnWire),
      alerts: [...this.opts.openAlerts.values()].filter((a) => a.node === this.opts.node),
      changes: { seen: changes?.seen ?? 0, dropped: changes?.dropped ?? 0, hotEntries: this.hot.size },
      errors,
    };
  }

  /** The last snapshot marked stopped (or failed). */
  end(state: 'stopped' | 'failed', message?: string): WatchSnapshot {
    this.last = { ...this.last, state, errors: message ? [message, ...this.last.errors] : this.last.errors };
    return this.last;
  }
}
