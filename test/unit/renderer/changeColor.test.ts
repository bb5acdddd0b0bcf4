// The treemap's Changes colours (issue 19): growth warm, shrinking blue, nothing or not known the neutral,
// and every colour keeps its tile labels at 4.5:1 in both themes, hovered or not.
import { describe, expect, it } from 'vitest';
import { changeColor, shrinkRamp } from '../../../src/renderer/src/treemap/changeColor';
import { growthColor } from '../../../src/renderer/src/treemap/growthColor';
import { contrastRatio, MIN_TEXT_CONTRAST } from '../../../src/renderer/src/treemap/contrast';
import { tileText, treemapPalette } from '../../../src/renderer/src/treemap/palette';

const MiB = 1024 * 1024;
const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

describe('change colours', () => {
  it('colours growth as the growth ramp, shrinking blue, and small or unknown changes neutral', () => {
    expect(changeColor(5 * MiB, 10 * MiB, 'none')).toBe(growthColor(5 * MiB, 10 * MiB));
    const [r, , b] = rgb(changeColor(-5 * MiB, 10 * MiB, 'none'));
    expect(b).toBeGreaterThan(r);
    for (const d of [null, 0, 100, -100]) expect(changeColor(d, 10 * MiB, 'none')).toBe('none');
    // A larger shrink is brighter.
    const lum = (hex: string) => rgb(hex).reduce((a, c) => a + c, 0);
    expect(lum(changeColor(-10 * MiB, 10 * MiB, 'none'))).toBeGreaterThan(lum(changeColor(-64 * 1024, 10 * MiB, 'none')));
  });

  it.each(['dark', 'light'] as const)("keeps labels at 4.5:1 on every shrink colour of the %s theme", (theme) => {
    const p = treemapPalette(theme);
    for (const fill of shrinkRamp(1000)) {
      for (const hovered of [false, true]) {
        const c = tileText(p, fill, hovered);
        expect(contrastRatio(c.text, c.fill), `${c.text} on ${c.fill}`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
        expect(contrastRatio(c.muted, c.fill), `sub-label ${c.muted} on ${c.fill}`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      }
    }
  });
});
