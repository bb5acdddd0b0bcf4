// Wire models for runaway sources: who writes a partition's volume, at what rate against its baseline,
// and the repeating message behind it.
import { z } from 'zod';
import { isTimeZoneName } from './timeZones';

const Identifier = z.string().min(1).max(200);

/** Names the log table's columns for a root whose schema detection gets wrong. */
export const SqliteLogOverrideSchema = z.object({
  table: Identifier.optional(),
  source: Identifier,
  time: Identifier.optional(),
  message: Identifier.optional(),
});
export type SqliteLogOverride = z.infer<typeof SqliteLogOverrideSchema>;

/** A root's days' time zone when the node's own is not the store's: an IANA name ('Europe/Berlin') or an offset ('+02:00'). */
export const TimeZoneNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isTimeZoneName, { message: 'not a time zone: name one such as Europe/Berlin, or an offset such as +02:00' });

/** Why a source has no sampled lines (no templates, no newest lines). */
export const NotSampledReasonSchema = z.enum([
  /** Its files are all compressed: their text is not read. */
  'compressed',
  /** Its files are empty. */
  'empty',
  /** More files (text) or sources (a SQLite source index) than the sampling reads: the largest were read. */
  'crowded-out',
  /** Not among the newest rows read, and the SQLite source column has no index to seek its rows through. */
  'no-source-index',
  /** A SQLite file attributed as a whole (no source column): its rows are not read. */
  'no-source-column',
]);
export type NotSampledReason = z.infer<typeof NotSampledReasonSchema>;

export const MessageTemplateSchema = z.object({
  template: z.string(),
  count: z.number(),
  /** Of the source's sampled lines. */
  share: z.number(),
  example: z.string(),
});

export const WriterSchema = z.object({ pid: z.number(), comm: z.string(), path: z.string() });
export type Writer = z.infer<typeof WriterSchema>;

export const SourceSchema = z.object({
  name: z.string(),
  /** Bytes in the current partition: exact for files, estimated from its share of the sampled rows for a SQLite column. */
  bytes: z.number(),
  lines: z.number(),
  /** `lines` is an estimate (a sample's share of the rows, or bytes over a sampled line length), not a count. */
  linesEstimated: z.boolean(),
  share: z.number(),
  /** Over the partition's day (23, 24 or 25 h) once it is over; from the day's start until now while it is open. */
  bytesPerSecond: z.number(),
  linesPerSecond: z.number(),
  /** The median bytes (lines) of the baseline days, over the current day's length. */
  baselineBytesPerSecond: z.number().nullable(),
  baselineLinesPerSecond: z.number().nullable(),
  /**
   * bytesPerSecond over baselineBytesPerSecond: for a finished day, its bytes over the median bytes of the days
   * before; null without a baseline or when the baseline is 0 (`newSource`).
   */
  baselineRatio: z.number().nullable(),
  /**
   * The open partition (or one that is no day) only: bytes/s over the last 5 minutes by the lines' (rows') own
   * times; null for a finished day or when its lines have no times.
   */
  nowBytesPerSecond: z.number().nullable(),
  /** Why it has no sampled lines; null when it has them. */
  notSampledReason: NotSampledReasonSchema.nullable(),
  newSource: z.boolean(),
  /** When the current spike began (epoch ms), if one is going on; `spikeStartAtOrBefore` when it predates what was sampled. */
  spikeStartedAt: z.number().nullable(),
  spikeStartAtOrBefore: z.boolean(),
  templates: z.array(MessageTemplateSchema),
  /** Sampled lines of this source that were templated. */
  sampledLines: z.number(),
  /** A few of its most recent sampled lines. */
  recentLines: z.array(z.string()),
});
export type Source = z.infer<typeof SourceSchema>;

export const SourceDaySchema = z.object({
  key: z.string(),
  /** The day the key names (YYYY-MM-DD); null for a partition that is no day. */
  date: z.string().nullable(),
  /** The day is not over yet. */
  open: z.boolean(),
  path: z.string(),
  bytes: z.number(),
  /** Bytes per source that day (the top sources of the current partition; the rest summed as "other"). */
  bySource: z.array(z.object({ name: z.string(), bytes: z.number() })),
  current: z.boolean(),
});
export type SourceDay = z.infer<typeof SourceDaySchema>;

export const SourcesReportSchema = z.object({
  node: z.string(),
  /** What was asked for. */
  path: z.string(),
  /** The partition analysed (the newest one under a root). */
  partition: z.string(),
  /** How volume was attributed. */
  attribution: z.enum(['sqlite-column', 'file-name', 'file']),
  sqlite: z
    .object({
      table: z.string(),
      source: z.string(),
      time: z.string().nullable(),
      message: z.string().nullable(),
      from: z.enum(['detected', 'override']),
      reader: z.enum(['library', 'node-sqlite3']),
      /** The index each source was sought through; null when the source column has none (then more strata are read). */
      sourceIndex: z.string().nullable(),
    })
    .nullable(),
  partitionBytes: z.number(),
  /**
   * The partition's bytes/s over the median day of the previous ones: for a finished day its bytes over their
   * median bytes; null without them.
   */
  partitionBaselineRatio: z.number().nullable(),
  /** The day the partition names, in `timeZone`; null for a partition that is no day. */
  day: z
    .object({
      date: z.string(),
      startMs: z.number(),
      endMs: z.number(),
      /** Not over at the node's now: rates run from its start until now. */
      open: z.boolean(),
      /** What its rates are over: the day's length (86,400 s; 82,800 or 90,000 across DST) or, open, its start to now. */
      seconds: z.number(),
      daySeconds: z.number(),
    })
    .nullable(),
  /** Where days begin and end: the node's zone (read on it), its current offset when the zone could not be named, or the root's override. */
  timeZone: z.object({ name: z.string(), from: z.enum(['node', 'node-offset', 'override']) }),
  baselinePartitions: z.array(z.string()),
  sources: z.array(SourceSchema),
  writers: z.array(WriterSchema),
  days: z.array(SourceDaySchema),
  /** What the bounded sampling read (text-log tail bytes, SQLite rows) against its budgets, and how long it took. */
  sampling: z.object({
    bytesRead: z.number(),
    rowsRead: z.number(),
    bytesBudget: z.number(),
    rowsBudget: z.number(),
    elapsedMs: z.number(),
  }),
  /** A bound (time, bytes, rows) cut the work short, or something could not be read. */
  partial: z.boolean(),
  /** Why attribution fell back, what could not be read: sentences to show. */
  messages: z.array(z.string()),
  analyzedAt: z.number(),
});
export type SourcesReport = z.infer<typeof SourcesReportSchema>;
