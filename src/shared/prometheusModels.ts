// The fleet's Prometheus source (issue 18): where node_exporter's numbers are read, and the rows ranked from
// them. Secrets are never stored: only the paths of the files that hold them.
import { z } from 'zod';
import { NodeStateSchema } from './nodeModels';

const FilePath = z.string().min(1).max(4096);

/** A header line's name and value, as `--header 'K: V'` gives them (no CR/LF: they would start a new header). */
export const PromHeaderSchema = z.object({
  name: z.string().min(1).max(200).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name is a token'),
  value: z.string().max(8192).regex(/^[^\r\n\0]*$/, 'a header value holds no line break'),
});
export type PromHeader = z.infer<typeof PromHeaderSchema>;

/** How an instance names its SSH node: the instance without its port, one of its labels, or a pattern. */
export const InstanceMappingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('same') }),
  z.object({ kind: z.literal('label'), label: z.string().min(1).max(200).regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a Prometheus label name') }),
  /** `root@{host}`: {host} is the instance without its port. */
  z.object({ kind: z.literal('pattern'), pattern: z.string().min(1).max(300).includes('{host}', { message: 'the pattern names {host}' }) }),
]);
export type InstanceMapping = z.infer<typeof InstanceMappingSchema>;

export const PrometheusSourceSchema = z.object({
  url: z
    .string()
    .min(1)
    .max(2048)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'an http:// or https:// URL'),
  bearerTokenFile: FilePath.nullable().default(null),
  /** A file holding `user:password` on its first line. */
  basicAuthFile: FilePath.nullable().default(null),
  caFile: FilePath.nullable().default(null),
  headers: z.array(PromHeaderSchema).max(32).default([]),
  mapping: InstanceMappingSchema.default({ kind: 'same' }),
});
export type PrometheusSource = z.infer<typeof PrometheusSourceSchema>;

export const PromInstanceStateSchema = z.enum(['up', 'down', 'stale']);
export type PromInstanceState = z.infer<typeof PromInstanceStateSchema>;

export const RiskClassSchema = z.enum(['critical', 'warning', 'ok']);
export type RiskClass = z.infer<typeof RiskClassSchema>;

/** One row of `fleet --json` with a Prometheus source: a Prometheus instance or a saved SSH node. */
export const RankedFleetRowSchema = z.object({
  /** The instance without its port, or as mapped; the SSH node's name for SSH rows. */
  name: z.string(),
  source: z.enum(['prometheus', 'ssh']),
  /** up/down/stale for Prometheus rows; the node's state for SSH rows. */
  state: z.union([PromInstanceStateSchema, NodeStateSchema]),
  /** The state of the saved SSH node this row maps to, null when none is saved. */
  sshState: NodeStateSchema.nullable(),
  /** The Prometheus instance label (host:port), null for SSH rows. */
  instance: z.string().nullable(),
  worstMount: z.string().nullable(),
  worstFillRatio: z.number().nullable(),
  /** At the fitted rate; null when not filling, or no forecast (SSH rows, too little data). */
  secondsToFull: z.number().nullable(),
  /** The span the forecast was fitted over ("6 h trend"), null with no forecast. */
  trendWindowSeconds: z.number().nullable(),
  riskClass: RiskClassSchema,
  /** Higher is worse: class, then time to full, then fill. */
  risk: z.number(),
  message: z.string().nullable(),
});
export type RankedFleetRow = z.infer<typeof RankedFleetRowSchema>;

/** "6 h trend", "45 min trend": the forecast says which fit it comes from (the live watch fits 30 min). */
export function trendLabel(windowSeconds: number): string {
  if (windowSeconds >= 3600) return `${Math.round((windowSeconds / 3600) * 10) / 10} h trend`;
  return `${Math.max(1, Math.round(windowSeconds / 60))} min trend`;
}

/** How many rows one fleet.prometheus.rows answer carries at most: the window pages, the CLI asks for all. */
export const MAX_PROM_ROWS_PAGE = 100_000;
