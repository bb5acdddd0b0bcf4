// Wire models of the live watch: coalesced snapshots, alerts, history and alert settings.
import { z } from 'zod';
import { PartitionKindSchema } from './models';

export const SeveritySchema = z.enum(['ok', 'warn', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;

/**
 * Where a filesystem's used bytes are heading. measuring: too few samples since the watch started or a
 * deletion restarted the fit; filling: secondsToFull is set; slow: growing, too slowly or unsteadily to
 * predict; not-filling: flat, shrinking, or not grown over the last max(3 samples, 30 s).
 */
export const FillTrendSchema = z.enum(['measuring', 'filling', 'slow', 'not-filling']);
export type FillTrend = z.infer<typeof FillTrendSchema>;

export const WatchFilesystemSchema = z.object({
  mount: z.string(),
  fstype: z.string(),
  sizeBytes: z.number(),
  usedBytes: z.number(),
  availBytes: z.number(),
  fillRatio: z.number(),
  level: SeveritySchema,
  /**
   * Growth of used bytes: the slope of a line fitted over the samples since the rate last changed (at most
   * 30 min back), restarted after a drop larger than the noise (a deletion). Null until two samples. The card,
   * the alerts and `watch --json` all show this one figure.
   */
  bytesPerSecond: z.number().nullable(),
  /** availBytes / bytesPerSecond; null unless trend is 'filling'. */
  secondsToFull: z.number().nullable(),
  /** The span the rate was fitted over: "full in 2 h at the last 40 s's rate". */
  fitWindowMs: z.number(),
  trend: FillTrendSchema,
  /** secondsToFull against the node's time-to-full alert thresholds. */
  timeToFullLevel: SeveritySchema,
  /** Used bytes of the last samples, oldest first (for a sparkline). */
  spark: z.array(z.number()),
});
export type WatchFilesystem = z.infer<typeof WatchFilesystemSchema>;

export const WatchPartitionSchema = z.object({
  /** Relative to the root, as scan.summary names partitions (invalid UTF-8 escaped). */
  path: z.string(),
  kind: z.union([PartitionKindSchema, z.literal('file')]),
  allocatedBytes: z.number(),
  bytesPerSecond: z.number().nullable(),
  /** Growth over the snapshot's growth window (growthWindowMs): what grew lately, not what is big. */
  grewBytes: z.number(),
  spark: z.array(z.number()),
});
export type WatchPartition = z.infer<typeof WatchPartitionSchema>;

export const WatchWriterSchema = z.object({
  pid: z.number(),
  comm: z.string(),
  writeBytes: z.number().nullable(),
  rssBytes: z.number().nullable(),
  writeBytesPerSecond: z.number().nullable(),
  rssBytesPerSecond: z.number().nullable(),
  /** RSS growth over the writer-memory window not matched by writes (an unbounded queue); 0 when fine. */
  unmatchedRssGrowthBytes: z.number(),
});
export type WatchWriter = z.infer<typeof WatchWriterSchema>;

export const AlertKindSchema = z.enum(['fill', 'timeToFull', 'held', 'writerMemory']);
export type AlertKind = z.infer<typeof AlertKindSchema>;

export const WatchAlertSchema = z.object({
  /** Stable per subject: "fill:/var", "writerMemory:4242". */
  key: z.string(),
  kind: AlertKindSchema,
  node: z.string(),
  subject: z.string(),
  severity: z.enum(['warn', 'critical']),
  message: z.string(),
  since: z.number(),
});
export type WatchAlert = z.infer<typeof WatchAlertSchema>;

export const AlertEventSchema = WatchAlertSchema.extend({
  transition: z.enum(['fire', 'clear']),
  at: z.number(),
});
export type AlertEvent = z.infer<typeof AlertEventSchema>;

export const WatchSnapshotSchema = z.object({
  watchId: z.string(),
  node: z.string(),
  root: z.string(),
  state: z.enum(['running', 'stopped', 'failed']),
  at: z.number(),
  /** Samples taken so far. */
  seq: z.number(),
  intervalMs: z.number(),
  /** How changes are noticed: inotify (chokidar), polling (chokidar fallback), or a periodic find on the node. */
  mode: z.enum(['inotify', 'polling', 'periodic']),
  /** Sum of the hot entries' growth: what is growing under the root now. */
  rootBytesPerSecond: z.number().nullable(),
  filesystems: z.array(WatchFilesystemSchema),
  /** Largest growth first, capped (morePartitions counts the rest). */
  partitions: z.array(WatchPartitionSchema),
  morePartitions: z.number(),
  growthWindowMs: z.number(),
  writers: z.array(WatchWriterSchema),
  alerts: z.array(WatchAlertSchema),
  /** Change notices since the last sample, and those dropped because the dirty set was full. */
  changes: z.object({ seen: z.number(), dropped: z.number(), hotEntries: z.number() }),
  errors: z.array(z.string()),
});
export type WatchSnapshot = z.infer<typeof WatchSnapshotSchema>;

export const AlertConfigSchema = z.object({
  fillWarn: z.number().min(0).max(1).default(0.7),
  fillCritical: z.number().min(0).max(1).default(0.9),
  /** Fill must drop this far below a threshold to leave it (hysteresis). */
  fillHysteresis: z.number().min(0).max(0.5).default(0.03),
  timeToFullWarnSeconds: z.number().positive().default(8 * 3600),
  timeToFullCriticalSeconds: z.number().positive().default(2 * 3600),
  /**
   * Held bytes warn at the smaller of heldWarnShare of the filesystem's size and heldWarnMaxBytes (5%, at
   * most 1 GiB), and are critical at the smaller of heldCriticalShare and heldCriticalMaxBytes (15%, at most
   * 10 GiB): 1 GiB is a tenth of a small root filesystem and nothing on a 20 TB spool.
   */
  heldWarnShare: z.number().positive().max(1).default(0.05),
  heldWarnMaxBytes: z.number().positive().default(1024 ** 3),
  heldCriticalShare: z.number().positive().max(1).default(0.15),
  heldCriticalMaxBytes: z.number().positive().default(10 * 1024 ** 3),
  writerRssWarnBytes: z.number().positive().default(256 * 1024 ** 2),
  writerRssCriticalBytes: z.number().positive().default(1024 ** 3),
  /** Desktop notifications (Electron) for fired alerts; the in-app banner shows them regardless. */
  notify: z.boolean().default(true),
});
export type AlertConfig = z.infer<typeof AlertConfigSchema>;

/** A change to some settings: the same bounds, no defaults (a missing field keeps its stored value). */
export const AlertConfigPatchSchema = z.object({
  fillWarn: z.number().min(0).max(1).optional(),
  fillCritical: z.number().min(0).max(1).optional(),
  fillHysteresis: z.number().min(0).max(0.5).optional(),
  timeToFullWarnSeconds: z.number().positive().optional(),
  timeToFullCriticalSeconds: z.number().positive().optional(),
  heldWarnShare: z.number().positive().max(1).optional(),
  heldWarnMaxBytes: z.number().positive().optional(),
  heldCriticalShare: z.number().positive().max(1).optional(),
  heldCriticalMaxBytes: z.number().positive().optional(),
  writerRssWarnBytes: z.number().positive().optional(),
  writerRssCriticalBytes: z.number().positive().optional(),
  notify: z.boolean().optional(),
});
export type AlertConfigPatch = z.infer<typeof AlertConfigPatchSchema>;

export const HistoryRangeSchema = z.enum(['day', 'week']);

export const HistoryPointSchema = z.object({ at: z.number(), bytes: z.number() });
export const HistorySeriesSchema = z.object({
  /** "fs:/var" or "part:<root>\0<relative path>" as stored; label is for display. */
  key: z.string(),
  label: z.string(),
  points: z.array(HistoryPointSchema),
});
export type HistorySeries = z.infer<typeof HistorySeriesSchema>;
