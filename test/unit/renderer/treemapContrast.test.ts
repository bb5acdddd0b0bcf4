// Every colour a treemap tile can take keeps its label and its sub-label at 4.5:1 or better (WCAG AA), in
// both themes: the age ramp sampled finely, the growth ramp, the neutrals, with the pointer over the tile
// or not, folded tiles over their hatch, held tiles' words on their plate, and the directory bands.
import { describe, expect, it } from 'vitest';
import { ageColor, ageRamp } from '../../../src/renderer/src/treemap/ageColor';
import { composite, contrastRatio, MIN_TEXT_CONTRAST, readableTextOn, relativeLuminance } from '../../../src/renderer/src/treemap/contrast';
import { growthColor, growthRamp } from '../../../src/renderer/src/treemap/growthColor';
import { heldPlateOver, HOVER_ALPHA, tileText, treemapPalette, type Theme } from '../../../src/renderer/src/treemap/palette';
import { PLANNED_VEIL, PLANNED_VEIL_ALPHA } from '../../../src/renderer/src/treemap/reapHighlight';

const THEMES: Theme[] = ['dark', 'light'];
const worst = (text: string, fills: string[]) => Math.min(...fills.map((f) => contrastRatio(text, f)));

describe('contrast arithmetic', () => {
  it('measures as WCAG does: black on white is 21:1, a colour on itself 1:1', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#f05d3c', '#f05d3c')).toBe(1);
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 5);
  });

  it('would have caught the old label: white on the hottest orange is about 3:1', () => {
    const hottest = ageColor(1000, 1000);
    expect(contrastRatio('#ffffff', hottest)).toBeLessThan(MIN_TEXT_CONTRAST);
    expect(readableTextOn(hottest)).toBe('#000000');
    expect(contrastRatio(readableTextOn(hottest), hottest)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });
});

describe.each(THEMES)('tile colours of the %s theme', (theme) => {
  const p = treemapPalette(theme);
  const fills = [...ageRamp(1000), ...growthRamp(1000), p.unknownFill, p.noGrowthFill, ageColor(null, 0, p.unknownFill), growthColor(null, 0, p.noGrowthFill)];

  it('keeps every age and growth colour\'s label and sub-label at 4.5:1, hovered or not', () => {
    let checked = 0;
    for (const fill of fills) {
      for (const hovered of [false, true]) {
        const c = tileText(p, fill, hovered);
        expect(c.fill).toBe(hovered ? composite(p.hoverWash, HOVER_ALPHA, fill) : fill);
        expect(contrastRatio(c.text, c.fill), `${c.text} on ${c.fill}`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
        expect(contrastRatio(c.muted, c.fill), `sub-label ${c.muted} on ${c.fill}`).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
        checked++;
      }
    }
    expect(checked).toBe(fills.length * 2);
  });

  it('keeps a tile a reap plan marks readable: its words on a plate of its veiled colour, at 4.5:1', () => {
    for (const fill of fills) {
      for (const base of [fill, composite(p.hoverWash, HOVER_ALPHA, fill)]) {
        const veiled = composite(PLANNED_VEIL, PLANNED_VEIL_ALPHA, base);
        const c = tileText(p, veiled, false);
        expect(contrastRatio(c.text, veiled)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
        expect(contrastRatio(c.muted, veiled)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      }
    }
  });

  it('gives sub-labels a quieter colour where the fill leaves room for one', () => {
    const quiet = fills.filter((f) => tileText(p, f, false).muted !== tileText(p, f, false).text);
    expect(quiet.length).toBeGreaterThan(fills.length / 2);
  });

  it('keeps folded tiles\' labels at 4.5:1 on both stripes of their hatch', () => {
    for (const hovered of [false, true]) {
      const c = tileText(p, p.moreFill, hovered, p.moreHatch);
      const under = hovered ? [composite(p.hoverWash, HOVER_ALPHA, p.moreFill), composite(p.hoverWash, HOVER_ALPHA, p.moreHatch)] : [p.moreFill, p.moreHatch];
      expect(worst(c.text, under)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      expect(worst(c.muted, under)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    }
  });

  it('keeps held tiles\' words at 4.5:1 on their plate, over either stripe', () => {
    const plates = [heldPlateOver(p, p.heldFill), heldPlateOver(p, p.heldHatch), heldPlateOver(p, composite(p.hoverWash, HOVER_ALPHA, p.heldHatch))];
    expect(worst(p.heldText, plates)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    expect(worst(p.heldMuted, plates)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('keeps directory bands\' names and sizes at 4.5:1, hovered or not', () => {
    for (const band of [p.headerFill, p.headerFillHover]) {
      expect(contrastRatio(p.headerText, band)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      expect(contrastRatio(p.headerMuted, band)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    }
  });
});
