// WCAG 2 contrast of colours on the canvas, where CSS cannot help: relative luminance, contrast ratio,
// alpha compositing, and the text colour a tile's label takes so it reads at 4.5:1 or better.

export type Rgb = [number, number, number];

/** The WCAG AA ratio for normal-size text; every label and sub-label on a tile is held to it. */
export const MIN_TEXT_CONTRAST = 4.5;

/** Near-black and white: with these two, some choice reaches 4.58:1 on any opaque fill. */
export const DARK_TEXT = '#000000';
export const LIGHT_TEXT = '#ffffff';

export function parseHex(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.slice(0, 6);
  const v = parseInt(full, 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance of an sRGB colour. */
export function relativeLuminance(hex: string): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = parseHex(hex);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `top` at `alpha` over the opaque `base`. */
export function composite(top: string, alpha: number, base: string): string {
  const t = parseHex(top);
  const b = parseHex(base);
  return toHex([0, 1, 2].map((k) => t[k] * alpha + b[k] * (1 - alpha)) as Rgb);
}

/** The label colour on `fill`: black or white, whichever contrasts more (never under 4.58:1). */
export function readableTextOn(fill: string): string {
  return contrastRatio(DARK_TEXT, fill) >= contrastRatio(LIGHT_TEXT, fill) ? DARK_TEXT : LIGHT_TEXT;
}

/**
 * A quieter colour for sub-labels on `fill` (the label colour moved toward the fill) that still reads at
 * `min`:1 or better against every colour in `fills` (a hatch under the text, say); the label colour itself
 * where no quieter one does.
 */
export function mutedTextOn(fill: string, fills: readonly string[] = [fill], text = readableTextOn(fill), min = MIN_TEXT_CONTRAST + 0.1): string {
  const ok = (c: string) => fills.every((f) => contrastRatio(c, f) >= min);
  // At most 40% of the way to the fill: past that a sub-label reads as disabled.
  let best = text;
  for (let step = 1; step <= 8; step++) {
    const candidate = composite(fill, step * 0.05, text);
    if (!ok(candidate)) break;
    best = candidate;
  }
  return best;
}
