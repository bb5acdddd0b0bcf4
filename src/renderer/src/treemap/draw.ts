// Paints laid-out tiles on a 2D canvas: containers with a header band, leaves filled by age, folded
// "more" entries hatched grey, labels only where they fit, cut in the middle (middleTruncate.ts) so the
// end that tells siblings apart stays. Colours come from the theme's palette (palette.ts); each label's
// colour is chosen on its tile's fill for 4.5:1. Coordinates are CSS pixels; the caller sets the
// devicePixelRatio transform so edges and text stay crisp. Widths come from a table of advances
// (textMeter.ts), not a measureText per candidate label.
import { formatBytes, formatCount, formatShortTime } from '../format';
import { middleTruncateToWidth } from '../middleTruncate';
import { ageColor } from './ageColor';
import { growthColor } from './growthColor';
import { changeColor } from './changeColor';
import { HEADER_HEIGHT, type Tile } from './layout';
import { composite } from './contrast';
import { HELD_PLATE_ALPHA, HOVER_ALPHA, tileText, type TreemapPalette } from './palette';
import { drawPlannedLeaf, isPlannedTile, PLANNED_VEIL, PLANNED_VEIL_ALPHA } from './reapHighlight';
import { textMeter, type TextMeter } from './textMeter';

const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, sans-serif";
const bold = (px: number) => `600 ${px}px ${FONT_FAMILY}`;
const plain = (px: number) => `${px}px ${FONT_FAMILY}`;
/** Every face a label is set in (warmLabelText measures them ahead of the first paint). */
export const LABEL_FONTS: readonly string[] = [...[12, 14, 15, 18].map(bold), ...[10.5, 11, 11.5, 12, 12.5, 13, 15].map(plain)];

export interface DrawState {
  palette: TreemapPalette;
  hoverKey: string | null;
  selectedKey: string | null;
  /** The selection is not drawn (too small, too deep): this drawn tile holds it and is outlined dashed. */
  selectedWithinKey?: string | null;
  nowSec: number;
  /** Ages for colour are counted back from here (see scanStore.ageRefSec). */
  ageRefSec: number;
  /** Paths a reap plan on screen removes: their leaves are veiled and striped under their labels. */
  planned?: ReadonlySet<string> | null;
  /** Growth colour mode: bytes a tile's path grew in the watch window (null: age colours). */
  growth?: { of: (path: string) => number | null; max: number } | null;
  /** Changes colour mode: a tile's signed change since an earlier scan, null when not known (issue 19). */
  changes?: { of: (path: string) => number | null; max: number } | null;
}

/** Fewer characters of a name than this, around an ellipsis, say nothing ("t…t"): then no label. */
const MIN_KEPT = 4;

/** `text` cut in the middle to fit `max` pixels; '' when too little of it would be left to read. */
function fit(m: TextMeter, text: string, max: number): string {
  if (max <= 0) return '';
  const out = middleTruncateToWidth(text, max, m.width);
  return out !== text && Array.from(out).length - 1 < MIN_KEPT ? '' : out;
}

/**
 * A file name shortened to `max` pixels, keeping what tells siblings apart (usually the end, a number):
 * zero padding collapses ("00000000000000000007.log" to "0…7.log"), then the extension goes ("0…7"), then
 * the middle of the whole name gives way with the number's end kept ("segm…0011.log"), at the last a
 * segment keeps only its number ("…7").
 */
function fitName(m: TextMeter, full: string, max: number): string {
  if (max <= 0) return '';
  const fits = (s: string) => m.width(s) <= max;
  if (fits(full)) return full;
  const collapsed = full.replace(/0{3,}(?=\d)/g, '0…');
  if (fits(collapsed)) return collapsed;
  const stem = collapsed.replace(/(\.[A-Za-z][A-Za-z0-9]{0,4})+$/, '');
  const number = /(\d+)$/.exec(stem)?.[1];
  if (stem !== collapsed && stem.length >= 2 && fits(stem)) return stem;
  // What must survive a cut: the number without its padding, and what follows it.
  const tail = number ? `${number.replace(/^0+(?=\d)/, '')}${collapsed.slice(stem.length)}` : '';
  const cut = fit(m, full, max);
  if (cut && cut.endsWith(tail)) return cut;
  const stemCut = fit(m, stem, max);
  if (stemCut && (!number || stemCut.endsWith(number.replace(/^0+(?=\d)/, '')))) return stemCut;
  if (number && number.length < stem.length && fits(`…${number}`)) return `…${number}`;
  return number ? '' : fit(m, collapsed, max);
}

function kindLabel(t: Tile): string {
  const n = t.node;
  // One tile for many partitions of one age: how many it stands for.
  if (n.kind === 'bucket') return `${formatCount(n.count ?? 0)} ${n.partition ?? 'partition'}s`;
  if (n.partition) return n.kind === 'group' ? `${n.partition} · ${formatCount(n.files)} files` : n.partition;
  if (n.kind === 'dir') return `dir · ${formatCount(n.files)} files`;
  if (n.kind === 'group') return `${formatCount(n.files)} files`;
  return 'file';
}

function drawHatch(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, color: string, lineWidth = 2, step = 7): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = lineWidth;
  ctx.beginPath();
  for (let d = -h; d < w; d += step) {
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
  }
  ctx.stroke();
  ctx.restore();
}

/** The band inside a tile's edge that the selection and a reap plan's edge stroke (up to 3 px in): no plate reaches it. */
const EDGE_BAND = 3;

/**
 * Each word drawn on a plate of `plate` first (a striped tile's words must not sit on the stripes). The plate
 * stays out of the tile's edge band, so the outlines stroked there read the same drawn before the words or
 * after them (a whole repaint draws the words a frame later: useTreemapPaint).
 */
function plated(ctx: CanvasRenderingContext2D, m: TextMeter, t: Tile, plate: string | null): (text: string, x: number, y: number, px: number) => void {
  return (text, x, y, px) => {
    if (plate) {
      const style = ctx.fillStyle;
      ctx.fillStyle = plate;
      const x0 = Math.max(x - 2, t.x0 + EDGE_BAND);
      const y0 = Math.max(y - 2, t.y0 + EDGE_BAND);
      const x1 = Math.min(x + m.width(text) + 2, t.x1 - EDGE_BAND);
      const y1 = Math.min(y + px + 2, t.y1 - EDGE_BAND);
      if (x1 > x0 && y1 > y0) ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
      ctx.fillStyle = style;
    }
    ctx.fillText(text, x, y);
  };
}

function hasRoomForLabels(t: Tile): boolean {
  return t.x1 - t.x0 >= 30 && t.y1 - t.y0 >= 17;
}

function drawLeafLabels(ctx: CanvasRenderingContext2D, m: TextMeter, t: Tile, color: string, muted: string, nowSec: number, plate: string | null = null): void {
  const put = plated(ctx, m, t, plate);
  const w = t.x1 - t.x0;
  const h = t.y1 - t.y0;
  const pad = 6;
  if (!hasRoomForLabels(t)) return;
  const n = t.node;
  const name = n.kind === 'more' ? `${formatCount(n.moreCount ?? 0)} more` : t.label;
  const size = formatBytes(n.allocatedBytes);
  const maxW = w - pad * 2;
  ctx.textBaseline = 'top';
  ctx.fillStyle = color;
  if (h < 34) {
    // One line: "name  size" if both fit, else the name alone.
    m.font(bold(12));
    const both = `${name}  ${size}`;
    const text = m.width(both) <= maxW ? both : n.kind === 'more' ? fit(m, name, maxW) : fitName(m, name, maxW);
    if (text) put(text, t.x0 + pad, t.y0 + (h - 13) / 2, 13);
    return;
  }
  // Three sizes: the big tiles are the story, so they read from across the room.
  const scale = w >= 260 && h >= 140 ? 2 : w >= 130 && h >= 64 ? 1 : 0;
  const titlePx = [12, 14, 18][scale];
  const bodyPx = [12, 13, 15][scale];
  const notePx = [11, 11.5, 12.5][scale];
  const inset = scale === 2 ? 10 : w < 90 ? 4 : pad;
  const maxText = w - inset * 2;
  m.font(bold(titlePx));
  const title = n.kind === 'more' ? fit(m, name, maxText) : fitName(m, name, maxText);
  if (!title) return;
  let y = t.y0 + inset;
  put(title, t.x0 + inset, y, titlePx);
  y += titlePx + 4;
  m.font(plain(bodyPx));
  // A size is shown whole or not at all: "1.…" would mislead.
  const sizeText = n.kind === 'more' && m.width(`${size} together`) <= maxText ? `${size} together` : size;
  let shown = sizeText;
  if (m.width(shown) > maxText) {
    // Tight: a smaller face, then one decimal less ("1.13 MiB" to "1.1 MiB"), never a cut number.
    m.font(plain(10.5));
    if (m.width(shown) > maxText) shown = size.replace(/^(\d+\.\d)\d /, '$1 ');
    if (m.width(shown) > maxText) return;
  }
  put(shown, t.x0 + inset, y, bodyPx);
  y += bodyPx + 4;
  if (n.kind !== 'more' && y + notePx <= t.y1 - 4) {
    ctx.fillStyle = muted;
    m.font(plain(notePx));
    const full = `${kindLabel(t)} · ${formatShortTime(n.newestMtime, nowSec)}`;
    const short = kindLabel(t);
    const note = m.width(full) <= maxText ? full : m.width(short) <= maxText ? short : '';
    if (note) put(note, t.x0 + inset, y, notePx);
  }
}

function drawContainerShape(ctx: CanvasRenderingContext2D, t: Tile, hovered: boolean, p: TreemapPalette): void {
  const w = t.x1 - t.x0;
  const h = t.y1 - t.y0;
  ctx.fillStyle = p.containerFill;
  ctx.fillRect(t.x0, t.y0, w, h);
  ctx.fillStyle = hovered ? p.headerFillHover : p.headerFill;
  ctx.fillRect(t.x0, t.y0, w, HEADER_HEIGHT);
  ctx.strokeStyle = hovered ? p.containerEdgeHover : p.containerEdge;
  ctx.lineWidth = 1;
  ctx.strokeRect(t.x0 + 0.5, t.y0 + 0.5, w - 1, h - 1);
}

/** The header band's words: the name, and the size beside it when both fit. */
function drawContainerLabel(ctx: CanvasRenderingContext2D, m: TextMeter, t: Tile, p: TreemapPalette): void {
  const w = t.x1 - t.x0;
  const pad = 6;
  const cy = t.y0 + HEADER_HEIGHT / 2 + 0.5;
  ctx.textBaseline = 'middle';
  const size = formatBytes(t.node.allocatedBytes);
  m.font(plain(11.5));
  const sizeW = m.width(size);
  m.font(bold(12));
  const withSize = fit(m, `${t.label}/`, w - pad * 2 - sizeW - 8);
  if (withSize) {
    ctx.fillStyle = p.headerText;
    ctx.fillText(withSize, t.x0 + pad, cy);
    const nameW = m.width(withSize);
    m.font(plain(11.5));
    ctx.fillStyle = p.headerMuted;
    ctx.fillText(size, t.x0 + pad + nameW + 8, cy);
    return;
  }
  const nameOnly = fit(m, `${t.label}/`, w - pad * 2);
  if (nameOnly) {
    ctx.fillStyle = p.headerText;
    ctx.fillText(nameOnly, t.x0 + pad, cy);
  }
}

/** A held tile: hatched, edged, its words on a dark plate so they read over the stripes. */
function drawHeld(ctx: CanvasRenderingContext2D, m: TextMeter, t: Tile, s: DrawState): void {
  const held = t.held!;
  const p = s.palette;
  const w = t.x1 - t.x0;
  const h = t.y1 - t.y0;
  ctx.fillStyle = p.heldFill;
  ctx.fillRect(t.x0, t.y0, w, h);
  drawHatch(ctx, t.x0, t.y0, w, h, p.heldHatch, 3, 10);
  if (s.hoverKey === t.key) {
    ctx.globalAlpha = HOVER_ALPHA;
    ctx.fillStyle = p.hoverWash;
    ctx.fillRect(t.x0, t.y0, w, h);
    ctx.globalAlpha = 1;
  }
  if (w > 4 && h > 4) {
    ctx.save();
    ctx.setLineDash([6, 4]);
    ctx.strokeStyle = p.heldEdge;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(t.x0 + 1, t.y0 + 1, w - 2, h - 2);
    ctx.restore();
  }
  if (w < 40 || h < 18) return;
  const inset = w >= 200 && h >= 90 ? 10 : 6;
  const maxW = w - inset * 2 - 12;
  const size = formatBytes(held.bytes);
  const files = `${formatCount(held.files)} deleted ${held.files === 1 ? 'file' : 'files'}`;
  const big = w >= 200 && h >= 90;
  const titlePx = big ? 15 : 12;
  const bodyPx = big ? 13 : 11.5;
  const lines: { text: string; font: string; color: string; px: number }[] = [];
  const add = (text: string, font: string, color: string, px: number) => {
    m.font(font);
    const f = fit(m, text, maxW);
    if (f) lines.push({ text: f, font, color, px });
    return !!f;
  };
  const titleFont = bold(titlePx);
  const bodyFont = plain(bodyPx);
  if (h < 40) {
    add(`held by ${held.pid} ${held.comm} · ${size}`, bold(12), p.heldText, 12);
  } else {
    add(`held by ${held.pid} ${held.comm}`, titleFont, p.heldText, titlePx);
    const room = Math.floor((h - inset * 2 - titlePx) / (bodyPx + 4));
    if (held.unit && room >= 2) add(held.unit, bodyFont, p.heldMuted, bodyPx);
    if (room >= 1) {
      m.font(bodyFont);
      const both = `${size} in ${files}`;
      add(m.width(both) <= maxW ? both : size, bodyFont, p.heldText, bodyPx);
    }
    if (room >= 3 && h >= 110) add('unlinked, still open: not in any directory', plain(bodyPx - 1), p.heldMuted, bodyPx - 1);
  }
  if (lines.length === 0) return;
  let plateW = 0;
  for (const l of lines) {
    m.font(l.font);
    plateW = Math.max(plateW, m.width(l.text));
  }
  const gap = 4;
  const plateH = lines.reduce((a, l) => a + l.px + gap, 0) - gap + 10;
  ctx.globalAlpha = HELD_PLATE_ALPHA;
  ctx.fillStyle = p.heldPlate;
  ctx.fillRect(t.x0 + inset, t.y0 + inset, plateW + 12, Math.min(plateH, h - inset * 2));
  ctx.globalAlpha = 1;
  let y = t.y0 + inset + 5;
  ctx.textBaseline = 'top';
  for (const l of lines) {
    if (y + l.px > t.y1 - inset) break;
    m.font(l.font);
    ctx.fillStyle = l.color;
    ctx.fillText(l.text, t.x0 + inset + 6, y);
    y += l.px + gap;
  }
}

/** How a leaf is filled, which its words' colours are chosen on. */
interface LeafLook {
  fill: string;
  more: boolean;
  hovered: boolean;
  planned: boolean;
  /** A planned leaf's veiled colour, under its words' plate. */
  veiled: string | null;
}

function leafLook(t: Tile, s: DrawState): LeafLook {
  const p = s.palette;
  const more = t.node.kind === 'more';
  const fill = more
    ? p.moreFill
    : s.changes
      ? changeColor(s.changes.of(t.node.path), s.changes.max, p.noGrowthFill)
      : s.growth
      ? growthColor(s.growth.of(t.node.path), s.growth.max, p.noGrowthFill)
      : ageColor(t.node.newestMtime, s.ageRefSec, p.unknownFill);
  const hovered = s.hoverKey === t.key;
  const planned = !more && isPlannedTile(t, s.planned);
  // A planned leaf's words sit on a plate of its veiled colour, so they are chosen on that colour.
  const veiled = planned ? composite(PLANNED_VEIL, PLANNED_VEIL_ALPHA, hovered ? composite(p.hoverWash, HOVER_ALPHA, fill) : fill) : null;
  return { fill, more, hovered, planned, veiled };
}

function drawLeafShape(ctx: CanvasRenderingContext2D, t: Tile, s: DrawState, look: LeafLook): void {
  const p = s.palette;
  const w = t.x1 - t.x0;
  const h = t.y1 - t.y0;
  ctx.fillStyle = look.fill;
  ctx.fillRect(t.x0, t.y0, w, h);
  if (look.more) drawHatch(ctx, t.x0, t.y0, w, h, p.moreHatch);
  if (look.hovered) {
    ctx.globalAlpha = HOVER_ALPHA;
    ctx.fillStyle = p.hoverWash;
    ctx.fillRect(t.x0, t.y0, w, h);
    ctx.globalAlpha = 1;
  }
  if (look.planned) drawPlannedLeaf(ctx, t);
}

function drawLeafWords(ctx: CanvasRenderingContext2D, m: TextMeter, t: Tile, s: DrawState, look: LeafLook): void {
  // Most tiles of a big tree are too small for words: their label colours are never worked out.
  if (!hasRoomForLabels(t)) return;
  const p = s.palette;
  const colours = look.veiled ? tileText(p, look.veiled, false) : tileText(p, look.fill, look.hovered, look.more ? p.moreHatch : undefined);
  drawLeafLabels(ctx, m, t, colours.text, colours.muted, s.nowSec, look.veiled);
}

/**
 * What a whole repaint draws: 'tiles' is every shape (fills, hatches, edges, held tiles whole, the
 * selection), 'labels' the words on top of them, 'all' both. A big tree's first frame can show its tiles
 * and leave the words to the next one (useTreemapPaint): no label reaches the edge bands the selection and
 * a reap plan stroke, and none lies over another tile, so the two passes leave the pixels one pass would.
 */
export type DrawPass = 'all' | 'tiles' | 'labels';

function drawSelection(ctx: CanvasRenderingContext2D, t: Tile, p: TreemapPalette, within: boolean): void {
  const w = t.x1 - t.x0;
  const h = t.y1 - t.y0;
  if (w < 3 || h < 3) return;
  ctx.save();
  if (within) ctx.setLineDash([5, 4]);
  ctx.lineWidth = 2;
  ctx.strokeStyle = within ? p.selectionAncestor : p.selectionOuter;
  ctx.strokeRect(t.x0 + 1, t.y0 + 1, w - 2, h - 2);
  if (w > 8 && h > 8) {
    ctx.lineWidth = 1;
    ctx.strokeStyle = p.selectionInner;
    ctx.strokeRect(t.x0 + 2.5, t.y0 + 2.5, w - 5, h - 5);
  }
  ctx.restore();
}

export function drawTreemap(ctx: CanvasRenderingContext2D, tiles: readonly Tile[], width: number, height: number, s: DrawState, pass: DrawPass = 'all'): void {
  const shapes = pass !== 'labels';
  const words = pass !== 'tiles';
  const m = textMeter(ctx);
  if (shapes) {
    ctx.fillStyle = s.palette.background;
    ctx.fillRect(0, 0, width, height);
  }
  let selected: Tile | null = null;
  let within: Tile | null = null;
  for (const t of tiles) {
    if (t.held) {
      if (shapes) drawHeld(ctx, m, t, s);
    } else {
      const look = t.leaf ? leafLook(t, s) : null;
      if (shapes) {
        if (look) drawLeafShape(ctx, t, s, look);
        else drawContainerShape(ctx, t, s.hoverKey === t.key, s.palette);
      }
      if (words) {
        // An outlined tile's words stay out of its edge band (a glyph's overhang reaches into it), so the outline
        // reads the same drawn before them or after.
        const outlined = t.key === s.selectedKey || t.key === s.selectedWithinKey || (look ? look.planned : isPlannedTile(t, s.planned));
        if (outlined) {
          ctx.save();
          ctx.beginPath();
          ctx.rect(t.x0 + EDGE_BAND, t.y0 + EDGE_BAND, t.x1 - t.x0 - 2 * EDGE_BAND, t.y1 - t.y0 - 2 * EDGE_BAND);
          ctx.clip();
        }
        if (look) drawLeafWords(ctx, m, t, s, look);
        else drawContainerLabel(ctx, m, t, s.palette);
        if (outlined) ctx.restore();
      }
    }
    if (t.key === s.selectedKey) selected = t;
    if (t.key === s.selectedWithinKey) within = t;
  }
  if (!shapes) return;
  if (selected) drawSelection(ctx, selected, s.palette, false);
  else if (within) drawSelection(ctx, within, s.palette, true);
}
