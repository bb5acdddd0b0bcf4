// Spans of time as operators read them, the same in alerts, the CLI and the UI: "3 h 20 min", "2 d 4 h".

/** "3 h 20 min", "45 min", "30 s", "2 d 4 h". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

/** "full in 3 h 20 min at the last 30 min's rate": the projection and the window it was fitted over. */
export function fullAtRateText(secondsToFull: number, fitWindowMs: number): string {
  return `full in ${formatDuration(secondsToFull)} at the last ${formatDuration(fitWindowMs / 1000)}'s rate`;
}
