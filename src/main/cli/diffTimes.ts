// The times `spoolscope diff` takes: --since as a duration back from now, --from as ISO 8601 or epoch ms.
import { CliError } from './cliSupport';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `24h`, `7d`, `90m`, `2w`, `30s`: a duration back from now. */
export function parseSince(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
  if (!m) throw new CliError(`--since takes a duration such as 24h, 7d, 90m or 2w, got ${JSON.stringify(text)}`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** ISO 8601 (a date, or a date and time; a time without a zone is UTC) or epoch milliseconds. */
export function parseScannedAt(text: string): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  // Date.parse reads a date-time without an offset as local time; a node's scans are compared in UTC.
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  if (!iso) throw new CliError(`--from takes ISO 8601 (2026-12-06T21:00Z) or epoch milliseconds, got ${JSON.stringify(text)}`);
  const ms = Date.parse(iso[1] && !iso[4] ? `${t}Z` : t);
  if (!Number.isFinite(ms)) throw new CliError(`--from: ${JSON.stringify(text)} is no date`);
  return ms;
}
