// A whole repaint takes two frames in the app (useTreemapPaint): the tiles and the reap plan's edges, then
// the words. That is only sound if the words never lie under a shape drawn after them in one pass: a
// neighbour's fill, a selection outline, a plan's edge. Seeded random treemaps (long, hostile and unicode
// names, "more" entries, held tiles, hover, selection, a plan, both themes, 1x and 2x) are drawn both ways
// on chromium's canvas and compared pixel for pixel.
import { describe, expect, it } from 'vitest';
import { usePageModule } from '../support/pageModule';
import type { PassesCase } from '../support/pageReports';

const SEEDS = Number(process.env.TREEMAP_PASSES_SEEDS ?? 60);

const page = usePageModule('treemapPassesPage.ts', 'Passes');

describe('treemap drawn in two passes', () => {
  it(`leaves every pixel a one-pass draw leaves, on ${SEEDS} seeded trees`, async () => {
    const cases = await page().evaluate((n) => {
      const run = (globalThis as unknown as { Passes: { comparePasses(seed: number): PassesCase } }).Passes.comparePasses;
      return Array.from({ length: n }, (_, i) => run(i + 1));
    }, SEEDS);
    // The cases must draw words at all, or equal pictures prove nothing.
    expect(cases.reduce((s, c) => s + c.labelled, 0), 'labelled tiles across the seeds').toBeGreaterThan(SEEDS * 5);
    expect(cases.filter((c) => c.differing > 0)).toEqual([]);
  });
});
