// What the in-browser page modules of test/pages/ report back to their e2e tests (plain data, no DOM types,
// so the tests' side can name them).

/** test/pages/treemapPassesPage.ts: one seeded treemap drawn in one pass and in two, compared. */
export interface PassesCase {
  seed: number;
  tiles: number;
  labelled: number;
  /** Pixels that differ between the two pictures, and where the first one is. */
  differing: number;
  first: { x: number; y: number } | null;
}

/** test/pages/textMeterPage.ts: the label meter's widths against the canvas's own measure. */
export interface MeterReport {
  strings: number;
  /** Strings the meter called narrower than the canvas draws them: a label that would overflow its tile. */
  narrower: string[];
  /** Strings without an f (no ligature to narrow them) whose widths differ at all. */
  inexact: string[];
  /** The most the meter overstated a width (ligatures' saving), in pixels per f in the string. */
  largestOverstatePerF: number;
}
