// Every colour the treemap's canvas paints, per theme (the `data-theme` of <html>, see useDocumentTheme):
// the chrome (background, directory bands, folded and held tiles, selection) here, the fills that carry
// meaning (age, growth) in ageColor.ts and growthColor.ts. Label colours are not picked by hand: they are
// chosen per fill by WCAG luminance (contrast.ts), and test/unit/renderer/treemapContrast.test.ts holds every
// fill of both themes to 4.5:1.
import { composite, contrastRatio, DARK_TEXT, LIGHT_TEXT, mutedTextOn, readableTextOn } from './contrast';

export type Theme = 'dark' | 'light';

export interface TreemapPalette {
  background: string;
  containerFill: string;
  containerEdge: string;
  containerEdgeHover: string;
  headerFill: string;
  headerFillHover: string;
  headerText: string;
  headerMuted: string;
  /** Folded "N more" entries: grey, hatched. */
  moreFill: string;
  moreHatch: string;
  /** Fill of a tile with no known age, and of one that did not grow in the growth colour mode. */
  unknownFill: string;
  noGrowthFill: string;
  /** Held by deleted-but-open files: off the age ramp, hatched, its words on a plate. */
  heldFill: string;
  heldHatch: string;
  heldEdge: string;
  heldPlate: string;
  heldText: string;
  heldMuted: string;
  /** The pointer's wash over a tile: a colour at HOVER_ALPHA. */
  hoverWash: string;
  /** The selection: an outer ring, and an inner one that separates it from any fill. */
  selectionOuter: string;
  selectionInner: string;
  /** A selected node that is not drawn (too small, or deeper): its drawn ancestor is outlined dashed. */
  selectionAncestor: string;
}

export const HOVER_ALPHA = 0.16;
/** The held plate's opacity over the hatch. */
export const HELD_PLATE_ALPHA = 0.86;

const HELD = { heldFill: '#4a2160', heldHatch: '#8a4bab', heldEdge: '#d59cf5', heldPlate: '#1c0a26' };

const DARK: TreemapPalette = {
  background: '#0d1117',
  containerFill: '#161d26',
  containerEdge: '#2a3441',
  containerEdgeHover: '#5a6b80',
  headerFill: '#1f2833',
  headerFillHover: '#2a3646',
  headerText: '#e6ebf1',
  headerMuted: '#a3aebb',
  moreFill: '#3a4048',
  moreHatch: '#474e58',
  unknownFill: '#5b6270',
  noGrowthFill: '#2a3039',
  ...HELD,
  heldText: '#fbf4ff',
  heldMuted: '#e3c9f2',
  hoverWash: '#ffffff',
  selectionOuter: '#ffffff',
  selectionInner: '#000000',
  selectionAncestor: '#ffffff',
};

const LIGHT: TreemapPalette = {
  background: '#f4f6f8',
  containerFill: '#e9edf1',
  containerEdge: '#c3cbd4',
  containerEdgeHover: '#7d8996',
  headerFill: '#dde3e9',
  headerFillHover: '#cfd7df',
  headerText: '#161b21',
  headerMuted: '#46505c',
  moreFill: '#c9cfd6',
  moreHatch: '#b8bfc8',
  unknownFill: '#a5acb7',
  noGrowthFill: '#dfe3e8',
  ...HELD,
  heldText: '#fbf4ff',
  heldMuted: '#e3c9f2',
  hoverWash: '#ffffff',
  selectionOuter: '#000000',
  selectionInner: '#ffffff',
  selectionAncestor: '#000000',
};

export function treemapPalette(theme: Theme): TreemapPalette {
  return theme === 'light' ? LIGHT : DARK;
}

/** The held plate as painted: opaque enough that the hatch under it barely shows; its worst case is over the hatch. */
export function heldPlateOver(p: TreemapPalette, under: string): string {
  return composite(p.heldPlate, HELD_PLATE_ALPHA, under);
}

/** A tile's label and sub-label colours on `fill`, with the pointer over it or not. */
/** Worked-out label colours per palette: a tree has few distinct fills (the age ramp's steps), and each
 * answer costs a few contrast ratios. Bounded: emptied when it reaches this many. */
const TILE_TEXT_CACHE_MAX = 4096;
const tileTextCache = new WeakMap<TreemapPalette, Map<string, { fill: string; text: string; muted: string }>>();

export function tileText(p: TreemapPalette, fill: string, hovered: boolean, hatch?: string): { fill: string; text: string; muted: string } {
  let cache = tileTextCache.get(p);
  if (!cache) tileTextCache.set(p, (cache = new Map()));
  const key = `${fill}|${hovered ? 1 : 0}|${hatch ?? ''}`;
  const known = cache.get(key);
  if (known) return known;
  if (cache.size >= TILE_TEXT_CACHE_MAX) cache.clear();
  const answer = workOutTileText(p, fill, hovered, hatch);
  cache.set(key, answer);
  return answer;
}

function workOutTileText(p: TreemapPalette, fill: string, hovered: boolean, hatch?: string): { fill: string; text: string; muted: string } {
  const shown = hovered ? composite(p.hoverWash, HOVER_ALPHA, fill) : fill;
  const under = hatch ? [shown, hovered ? composite(p.hoverWash, HOVER_ALPHA, hatch) : hatch] : [shown];
  // With a hatch, the text must read on both stripes: the one of the two choices that is worse on either.
  const text = hatch ? bestOnAll(under) : readableTextOn(shown);
  return { fill: shown, text, muted: mutedTextOn(shown, under, text) };
}

function bestOnAll(fills: readonly string[]): string {
  const worst = (c: string) => Math.min(...fills.map((f) => contrastRatio(c, f)));
  return worst(DARK_TEXT) >= worst(LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT;
}
