// Plain-text output for humans: aligned columns and times (bytes: shared/formatBytes, as the window).

export function formatTime(epochSeconds: number | null): string {
  if (epochSeconds === null) return '-';
  return new Date(epochSeconds * 1000).toISOString().replace('T', ' ').slice(0, 16);
}

/** Right-aligns columns listed in `numeric`. */
export function table(headers: string[], rows: string[][], numeric: Set<number> = new Set()): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
