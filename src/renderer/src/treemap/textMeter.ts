// Label widths from a table of each character's advance in each font, so fitting a name into a tile costs
// additions instead of one measureText (a text shaping) per candidate. A cold treemap of a 100,000-entry
// tree made 2,125 measureText calls for the 268 labels it drew: about 30 ms of its first paint.
//
// The sum is exact without kerning, which the meter turns off on its context; then a string is never wider
// than its characters' sum (a ligature only narrows it), so whatever the table says fits does fit. A string
// with a character outside the table's ranges (combining marks, scripts that shape, emoji) is measured whole.

export interface TextMeter {
  /** Sets the context's font; widths are in it until the next call. */
  font(font: string): void;
  /** The drawn width of `text` in the current font, or a little more (never less). */
  width(text: string): number;
}

/** Printable ASCII, Latin-1 and Latin Extended-A, and the ellipsis the labels are cut with: one glyph each. */
function tabled(code: number): boolean {
  return (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code < 0x180) || code === 0x2026;
}

/** Advances by font, then by character code. Bounded: a few hundred codes each, and fonts past this are dropped. */
const MAX_FONTS = 32;
const advances = new Map<string, Map<number, number>>();

function tableFor(font: string): Map<number, number> {
  let table = advances.get(font);
  if (!table) {
    if (advances.size >= MAX_FONTS) advances.clear();
    table = new Map();
    advances.set(font, table);
  }
  return table;
}

/**
 * `font` loaded on `ctx` and the printable ASCII characters tabled in it: most names are made of them, and
 * the rest are tabled as they are met.
 */
export function primeAdvances(ctx: CanvasRenderingContext2D, font: string): void {
  const m = textMeter(ctx);
  m.font(font);
  for (let code = 0x20; code < 0x7f; code++) m.width(String.fromCharCode(code));
}

export function textMeter(ctx: CanvasRenderingContext2D): TextMeter {
  ctx.fontKerning = 'none';
  // No table until a font is set through the meter: reading ctx.font back is slow, and every hover repaint
  // makes a meter. A width asked before that is measured whole.
  let table: Map<number, number> | null = null;
  return {
    font(font) {
      ctx.font = font;
      table = tableFor(font);
    },
    width(text) {
      if (!table) return ctx.measureText(text).width;
      let sum = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (!tabled(code)) return ctx.measureText(text).width;
        let advance = table.get(code);
        if (advance === undefined) {
          advance = ctx.measureText(text[i]).width;
          table.set(code, advance);
        }
        sum += advance;
      }
      return sum;
    },
  };
}
