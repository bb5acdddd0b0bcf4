// Plain-text output for humans: aligned columns and times (bytes: shared/formatBytes, as the window).
import { escapeInvisible } from '../../shared/invisibleText';

export function formatTime(epochSeconds: number | null): string {
  if (epochSeconds === null) return '-';
  return new Date(epochSeconds * 1000).toISOString().replace('T', ' ').slice(0, 16);
}

/** Right-aligns columns listed in `numeric`. Every cell is escaped: a name in a cell cannot reorder or break the table. */
export function table(headers: string[], rawRows: string[][], numeric: Set<number> = new Set()): string {
  const rows = rawRows.map((r) => r.map(escapeInvisible));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
