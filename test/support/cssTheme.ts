// Reads the theme sets out of the renderer's stylesheet and measures WCAG 2 contrast between colours.

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** The custom properties of the block whose selector names `[data-theme='<theme>']`. */
export function themeVariables(css: string, theme: 'dark' | 'light'): Map<string, string> {
  const vars = new Map<string, string>();
  const block = /([^{}]+)\{([^}]*)\}/g;
  for (let m = block.exec(css); m; m = block.exec(css)) {
    if (!m[1].includes(`[data-theme='${theme}']`)) continue;
    for (const decl of m[2].matchAll(/--([a-z0-9-]+)\s*:\s*([^;]+);/gi)) vars.set(decl[1], decl[2].trim());
  }
  return vars;
}

/** `#rgb`, `#rrggbb`, `rgb(r, g, b)` and `rgba(r, g, b, a)`; anything else throws, so a test cannot skip it. */
export function parseColor(text: string): Rgba {
  const t = text.trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(t);
  if (short) return { r: parseInt(short[1] + short[1], 16), g: parseInt(short[2] + short[2], 16), b: parseInt(short[3] + short[3], 16), a: 1 };
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(t);
  if (long) return { r: parseInt(long[1], 16), g: parseInt(long[2], 16), b: parseInt(long[3], 16), a: 1 };
  const fn = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(t);
  if (fn) return { r: Number(fn[1]), g: Number(fn[2]), b: Number(fn[3]), a: fn[4] === undefined ? 1 : Number(fn[4]) };
  throw new Error(`not a colour this test reads: ${JSON.stringify(text)}`);
}

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(c: Rgba): number {
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

export function contrastRatio(a: Rgba, b: Rgba): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
