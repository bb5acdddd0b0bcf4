// Tile colour by age of the newest write: fresh is warm (being written now), old is cool.
// The position on the ramp is logarithmic in age, from one minute to three months. Labels on it take black
// or white by luminance (contrast.ts), so any colour here reads at 4.5:1 or better.

const MIN_AGE = 60;
const MAX_AGE = 90 * 86400;

interface Stop {
  at: number;
  rgb: [number, number, number];
}

const STOPS: Stop[] = [
  { at: 0.0, rgb: [0xf0, 0x5d, 0x3c] },
  { at: 0.35, rgb: [0xf0, 0xa3, 0x3a] },
  { at: 0.62, rgb: [0x6c, 0xb3, 0x9c] },
  { at: 0.8, rgb: [0x4f, 0x86, 0xc6] },
  { at: 1.0, rgb: [0x56, 0x60, 0x7a] },
];

export const UNKNOWN_AGE_COLOR = '#5b6270';

/** Ramp position 0..1 of an age in seconds. */
export function agePosition(ageSec: number): number {
  const a = Math.min(Math.max(ageSec, MIN_AGE), MAX_AGE);
  return (Math.log(a) - Math.log(MIN_AGE)) / (Math.log(MAX_AGE) - Math.log(MIN_AGE));
}

function rampRgb(t: number): [number, number, number] {
  for (let i = 1; i < STOPS.length; i++) {
    const a = STOPS[i - 1];
    const b = STOPS[i];
    if (t <= b.at) {
      const f = (t - a.at) / (b.at - a.at);
      return [0, 1, 2].map((k) => Math.round(a.rgb[k] + (b.rgb[k] - a.rgb[k]) * f)) as [number, number, number];
    }
  }
  return STOPS[STOPS.length - 1].rgb;
}

function hex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** The ramp's colours at `steps` + 1 even positions, for the contrast test. */
export function ageRamp(steps: number): string[] {
  return Array.from({ length: steps + 1 }, (_, i) => hex(rampRgb(i / steps)));
}

/** Colour of a tile last written at `newestMtime`, by its age at `refSec` (`unknown` without an age). */
export function ageColor(newestMtime: number | null, refSec: number, unknown = UNKNOWN_AGE_COLOR): string {
  if (newestMtime === null) return unknown;
  return hex(rampRgb(agePosition(refSec - newestMtime)));
}

/** CSS gradient and tick labels for the legend, sharing the ramp above. */
export function legendGradient(): string {
  return `linear-gradient(to right, ${STOPS.map((s) => `${hex(s.rgb)} ${Math.round(s.at * 100)}%`).join(', ')})`;
}

export const LEGEND_TICKS: { label: string; at: number }[] = [
  { label: '0', at: 0 },
  { label: '1 h', at: agePosition(3600) },
  { label: '1 d', at: agePosition(86400) },
  { label: '1 w', at: agePosition(7 * 86400) },
  { label: '3 mo', at: 1 },
];
