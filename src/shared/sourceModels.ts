// Wire models for runaway sources: who writes a partition's volume, at what rate against its baseline,
// and the repeating message behind it.
import { z } from 'zod';

const Identifier = z.string().min(1).max(200);

/** Names the log table's columns for a root whose schema detection gets wrong. */
export const SqliteLogOverrideSchema = z.object({
  table: Identifier.optional(),
  source: Identifier,
  time: Identifier.optional(),
  message: Identifier.optional(),
});
export type SqliteLogOverride = z.infer<typeof SqliteLogOverrideSchema>;

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
  share: z.number(),
  bytesPerSecond: z.number(),
  linesPerSecond: z.number(),
  baselineBytesPerSecond: z.number().nullable(),
  baselineLinesPerSecond: z.number().nullable(),
  /** Now over the baseline (bytes/s); null without a baseline or when the baseline is 0 (`newSource`). */
  baselineRatio: z.number().nullable(),
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
    .object({ table: z.string(), source: z.string(), time: z.string().nullable(), message: z.string().nullable(), from: z.enum(['detected', 'override']), reader: z.enum(['library', 'node-sqlite3']) })
    .nullable(),
  partitionBytes: z.number(),
  /** The partition's bytes/s over the median of the previous ones; null without them. */
  partitionBaselineRatio: z.number().nullable(),
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
