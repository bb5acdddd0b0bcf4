// Plain-text output for humans: aligned columns and binary byte units.

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} ${units[u]}` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

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
