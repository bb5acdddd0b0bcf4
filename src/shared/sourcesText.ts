// How the sources drill-down's figures read, the same in the window and the CLI: counts that are estimates
// say so ("≈75,200"), and the day a partition names says whether it is over ("2026-03-30, 23 h") or still
// being written ("2026-12-07 so far, 6 h 40 min: now").
import { formatDuration } from './durationText';
import type { SourcesReport } from './sourceModels';

// Made on first use: building any Intl object maps ICU's data, some 8 MB of RSS, into every CLI run that
// never prints a count.
let numberFormat: Intl.NumberFormat | null = null;
const formatCount = (n: number): string => (numberFormat ??= new Intl.NumberFormat('en-US')).format(n);

/** "75,234" when counted; "≈75,200" when estimated (three significant digits: more would be made up). */
export function formatLineCount(lines: number, estimated: boolean): string {
  const n = Math.round(lines);
  if (!estimated) return formatCount(n);
  if (n === 0) return '≈0';
  const step = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 2);
  return `≈${formatCount(Math.round(n / step) * step)}`;
}

/** The partition's day: "2026-03-30 (23 h, Europe/Berlin)" once over, "2026-12-07 so far (6 h 40 min, UTC)" while open. */
export function dayText(day: NonNullable<SourcesReport['day']>, zone: SourcesReport['timeZone']): string {
  return day.open
    ? `${day.date} so far (${formatDuration(day.seconds)} since midnight ${zone.name})`
    : `${day.date} (${formatDuration(day.daySeconds)}, ${zone.name})`;
}
