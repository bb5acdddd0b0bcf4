// One colour per source, stable within a report: the same source has the same colour in the day chart and
// the bar chart. "other" is grey.
const PALETTE = ['#f0574b', '#5aa9ff', '#3fb27f', '#e0a43a', '#b07cf0', '#4fd1c5', '#f08bb4', '#a3b86c'];

export function colorFor(names: readonly string[], name: string): string {
  if (name === 'other') return '#5f6b7a';
  const i = names.indexOf(name);
  return i >= 0 ? PALETTE[i % PALETTE.length] : '#8d99a8';
}

/** "25x", "1.2x", "new", "–". */
export function formatRatio(ratio: number | null, fresh = false): string {
  if (ratio === null) return fresh ? 'new' : '–';
  return `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}×`;
}

/** "4.5/s", "0.03/s", "1,200/s". */
export function formatPerSecond(v: number): string {
  if (v >= 100) return `${Math.round(v).toLocaleString('en-US')}/s`;
  if (v >= 1) return `${v.toFixed(1)}/s`;
  return `${v.toFixed(v >= 0.01 ? 2 : 3)}/s`;
}
