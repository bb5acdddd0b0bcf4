// Labels must read at WCAG AA (4.5:1) in both themes. The colours are read from the stylesheet itself, so a
// changed variable is judged as shipped; each pair is a text variable and a background it is drawn on.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, parseColor, themeVariables, type Rgba } from '../../support/cssTheme';

const css = readFileSync(new URL('../../../src/renderer/src/styles.css', import.meta.url), 'utf8');
const OTHER_SHEETS = ['../../../src/renderer/src/watch.css', '../../../src/renderer/src/components/sources/sources.css', '../../../src/renderer/src/components/dataStores/dataStores.css'];
const themes = ['dark', 'light'] as const;

const SURFACES = ['bg', 'panel', 'panel-2', 'row-hover', 'row-alt', 'selected-bg', 'hover-bg', 'inset-bg', 'tooltip-bg'];
/** Text colours drawn on any surface. */
const ON_SURFACES = ['text', 'muted', 'faint', 'strong-text', 'link', 'accent', 'warn', 'critical', 'ok-text', 'warn-text', 'critical-text', 'held-text'];
/** Text colours drawn on their own backgrounds (badges, notices, filled buttons). */
const OWN: Array<[string, string[]]> = [
  ['warn-text', ['warn-bg', 'warn-tint']],
  ['text', ['warn-tint', 'critical-tint', 'held-bg', 'critical-bg']],
  ['muted', ['warn-tint', 'critical-tint', 'held-bg']],
  ['warn', ['warn-tint', 'warn-bg']],
  ['critical', ['critical-tint', 'critical-bg']],
  ['critical-text', ['critical-bg', 'critical-bg-hover', 'critical-tint']],
  ['held-text', ['held-bg', 'held-bg-hover']],
  ['on-primary', ['primary-bg', 'primary-hover']],
  ['on-danger', ['danger-bg', 'danger-hover']],
  ['on-accent', ['accent']],
  ['on-held', ['held-stripe-1', 'held-stripe-2']],
];

function pairs(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const fg of ON_SURFACES) for (const bg of SURFACES) out.push([fg, bg]);
  for (const [fg, bgs] of OWN) for (const bg of bgs) out.push([fg, bg]);
  return out;
}

/** A translucent background is judged over the page background, where it is laid. */
function opaque(vars: Map<string, string>, name: string): Rgba {
  const c = parseColor(vars.get(name) ?? '');
  if (c.a >= 1) return c;
  const under = parseColor(vars.get('bg') ?? '');
  return { r: c.r * c.a + under.r * (1 - c.a), g: c.g * c.a + under.g * (1 - c.a), b: c.b * c.a + under.b * (1 - c.a), a: 1 };
}

describe('theme colours', () => {
  it('computes WCAG contrast as the spec does (black on white 21:1, #777 on white about 4.48:1)', () => {
    expect(contrastRatio(parseColor('#000'), parseColor('#fff'))).toBeCloseTo(21, 5);
    expect(contrastRatio(parseColor('#777777'), parseColor('#ffffff'))).toBeCloseTo(4.48, 2);
    expect(contrastRatio(parseColor('#ffffff'), parseColor('#777777'))).toBeCloseTo(4.48, 2);
  });

  it('defines the same variables in the dark and the light set', () => {
    const dark = [...themeVariables(css, 'dark').keys()].sort();
    const light = [...themeVariables(css, 'light').keys()].sort();
    expect(dark.length).toBeGreaterThan(40);
    expect(light).toEqual(dark);
  });

  it('has no colour literal outside the theme sets, except the brand mark and the growth legend (the treemap palette)', () => {
    const sheets = [css, ...OTHER_SHEETS.map((p) => readFileSync(new URL(p, import.meta.url), 'utf8'))];
    const literals = sheets
      .map((s) => s.replace(/:root[^{]*\{[^}]*\}/g, ''))
      .flatMap((s) => s.split('\n'))
      .filter((l) => /#[0-9a-f]{3,8}\b|rgba?\(/i.test(l));
    const allowed = [/linear-gradient\(135deg, #f05d3c 0 50%/, /linear-gradient\(to right, #2a3039/];
    expect(literals.filter((l) => !allowed.some((a) => a.test(l)))).toEqual([]);
  });

  for (const theme of themes) {
    it(`keeps every label at 4.5:1 or better in the ${theme} theme`, () => {
      const vars = themeVariables(css, theme);
      const failing: string[] = [];
      for (const [fg, bg] of pairs()) {
        expect(vars.has(fg), `--${fg} in ${theme}`).toBe(true);
        expect(vars.has(bg), `--${bg} in ${theme}`).toBe(true);
        const ratio = contrastRatio(opaque(vars, fg), opaque(vars, bg));
        if (ratio < 4.5) failing.push(`--${fg} on --${bg}: ${ratio.toFixed(2)}:1`);
      }
      expect(failing).toEqual([]);
    });
  }
});
