// Tile colour by growth in the watch's window ("what grew in the last 10 minutes", not what is big): a
// dark neutral for nothing, then a log ramp from dim amber to hot red relative to the fastest grower.

const NONE = '#2a3039';
const STOPS: [number, [number, number, number]][] = [
  [0, [0x6b, 0x5a, 0x2f]],
  [0.5, [0xe0, 0xa4, 0x3a]],
  [1, [0xf0, 0x5d, 0x3c]],
];
/** Growth below this (bytes) is "none": a file touched by a log line is not a grower. */
export const GROWTH_FLOOR = 4096;

function mix(t: number): string {
  for (let i = 1; i < STOPS.length; i++) {
    const [at, b] = STOPS[i];
    const [prevAt, a] = STOPS[i - 1];
    if (t <= at) {
      const f = (t - prevAt) / (at - prevAt);
      return `#${[0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f).toString(16).padStart(2, '0')).join('')}`;
    }
  }
  return '#f05d3c';
}

/** The ramp's colours at `steps` + 1 even positions, for the legend and the contrast test. */
export function growthRamp(steps: number): string[] {
  return Array.from({ length: steps + 1 }, (_, i) => mix(i / steps));
}

/**
 * `grew` bytes against the largest growth on screen (`max`). Null (not watched) and shrinking are "none",
 * drawn `none` (the theme's neutral).
 */
export function growthColor(grew: number | null, max: number, none = NONE): string {
  if (grew === null || grew < GROWTH_FLOOR || max < GROWTH_FLOOR) return none;
  const t = Math.log(grew / GROWTH_FLOOR) / Math.log(Math.max(max, GROWTH_FLOOR * 2) / GROWTH_FLOOR);
  return mix(Math.min(1, Math.max(0, t)));
}
