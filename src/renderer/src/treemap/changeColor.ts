// Tile colour in the Changes mode (issue 19): the signed change since an earlier scan. Growth on the growth
// ramp (dim amber to hot red, log scale against the largest change on screen), shrinking on a blue ramp
// (dim to bright), nothing or not known (a plain file, inside a partition) the theme's neutral.
import { GROWTH_FLOOR, growthColor } from './growthColor';

const SHRINK_STOPS: [number, [number, number, number]][] = [
  [0, [0x2f, 0x4a, 0x63]],
  [0.5, [0x2e, 0x6f, 0xb0]],
  [1, [0x6c, 0xb8, 0xf0]],
];

function mix(t: number): string {
  for (let i = 1; i < SHRINK_STOPS.length; i++) {
    const [at, b] = SHRINK_STOPS[i];
    const [prevAt, a] = SHRINK_STOPS[i - 1];
    if (t <= at) {
      const f = (t - prevAt) / (at - prevAt);
      return `#${[0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f).toString(16).padStart(2, '0')).join('')}`;
    }
  }
  return '#6cb8f0';
}

/** The shrink ramp's colours at `steps` + 1 even positions, for the legend and the contrast test. */
export function shrinkRamp(steps: number): string[] {
  return Array.from({ length: steps + 1 }, (_, i) => mix(i / steps));
}

/** `delta` bytes (signed; null: not known) against the largest change on screen (`max`, a magnitude). */
export function changeColor(delta: number | null, max: number, none: string): string {
  if (delta === null || Math.abs(delta) < GROWTH_FLOOR || max < GROWTH_FLOOR) return none;
  if (delta > 0) return growthColor(delta, max, none);
  const t = Math.log(-delta / GROWTH_FLOOR) / Math.log(Math.max(max, GROWTH_FLOOR * 2) / GROWTH_FLOOR);
  return mix(Math.min(1, Math.max(0, t)));
}
