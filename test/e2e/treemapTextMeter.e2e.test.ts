// The treemap fits its labels with widths summed from a table of character advances (textMeter.ts), not a
// measureText per candidate. On chromium's real canvas and fonts: the sum is never narrower than the canvas
// measures the string (so a label that "fits" never overflows its tile), and is exact wherever no ligature
// can form.
import { describe, expect, it } from 'vitest';
import { usePageModule } from '../support/pageModule';
import type { MeterReport } from '../support/pageReports';

const page = usePageModule('textMeterPage.ts', 'Meter');

describe('treemap label meter on a real canvas', () => {
  it('is never narrower than the canvas measures a name, and exact without ligatures, across 3,000 seeded names in every label face', async () => {
    const report = await page().evaluate(() => (globalThis as unknown as { Meter: { checkMeter(seed: number, count: number): MeterReport } }).Meter.checkMeter(17, 3000));
    expect(report.strings).toBe(3000);
    expect(report.narrower).toEqual([]);
    expect(report.inexact).toEqual([]);
    // A ligature narrows a string by about a pixel: more would make labels needlessly short.
    expect(report.largestOverstatePerF).toBeLessThan(1.5);
  });
});
