// @vitest-environment happy-dom
// The label meter: widths from a table of character advances per face, measured once each; a string with a
// character outside the table measured whole; kerning off on its context (the table's sum is then never
// narrower than the drawn text: test/e2e/treemapTextMeter.e2e.test.ts checks that on chromium's canvas).
// And the warm-up that loads the label faces in idle slices before the first tree.
import { describe, expect, it } from 'vitest';
import { primeAdvances, textMeter } from '../../../src/renderer/src/treemap/textMeter';
import { warmLabelText } from '../../../src/renderer/src/treemap/warmLabelText';
import { LABEL_FONTS } from '../../../src/renderer/src/treemap/draw';

/** A context whose glyphs are as wide as their code point's last digit plus one, in a face-dependent scale. */
function countingContext() {
  const calls: string[] = [];
  const ctx = {
    font: '10px test',
    fontKerning: 'auto',
    measureText(text: string) {
      calls.push(`${ctx.font}|${text}`);
      const scale = Number.parseFloat(ctx.font);
      let w = 0;
      for (const c of text) w += ((c.codePointAt(0)! % 10) + 1) * scale;
      return { width: w };
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D & { fontKerning: string }, calls };
}

describe('textMeter', () => {
  it('turns kerning off and measures each character of a face once, then adds', () => {
    const { ctx, calls } = countingContext();
    const m = textMeter(ctx);
    expect(ctx.fontKerning).toBe('none');
    m.font('2px meter-a');
    expect(m.width('segment-0012.log')).toBe(ctx.measureText('segment-0012.log').width);
    calls.length = 0;
    expect(m.width('0012-segment.log')).toBe(ctx.measureText('0012-segment.log').width);
    expect(calls, 'only the check above measured: every character was tabled').toHaveLength(1);
  });

  it('keeps one table per face: a width in one face is never taken for another', () => {
    const { ctx } = countingContext();
    const m = textMeter(ctx);
    m.font('1px meter-b');
    const narrow = m.width('abc');
    m.font('3px meter-b');
    expect(m.width('abc')).toBe(narrow * 3);
    m.font('1px meter-b');
    expect(m.width('abc')).toBe(narrow);
  });

  it('measures a string with a character outside the table whole (combining marks, other scripts, emoji, an unpaired surrogate)', () => {
    const { ctx, calls } = countingContext();
    const m = textMeter(ctx);
    m.font('1px meter-c');
    for (const s of ['cafe\u0301.log', 'журнал.log', 'ログ', 'spool-\u{1F4A5}', 'bad-\uD800.log']) {
      calls.length = 0;
      expect(m.width(s)).toBe(ctx.measureText(s).width);
      expect(calls.slice(-2), 'the meter\'s last measure was the whole string').toEqual([`1px meter-c|${s}`, `1px meter-c|${s}`]);
    }
  });

  it('tables Latin-1 and the ellipsis like ASCII', () => {
    const { ctx, calls } = countingContext();
    const m = textMeter(ctx);
    m.font('1px meter-d');
    m.width('é…ß');
    calls.length = 0;
    m.width('ß…é');
    expect(calls).toEqual([]);
  });

  it('primes a face: every printable ASCII character measured ahead, so a name in it costs no measure', () => {
    const { ctx, calls } = countingContext();
    primeAdvances(ctx, '1px meter-e');
    expect(calls).toHaveLength(0x7f - 0x20);
    calls.length = 0;
    const m = textMeter(ctx);
    m.font('1px meter-e');
    m.width('$(touch x) -rf "quoted" ~/segment-00000000000000000012.log');
    expect(calls).toEqual([]);
  });
});

describe('warmLabelText', () => {
  function slices() {
    const queue: (() => void)[] = [];
    const later = (work: () => void) => {
      queue.push(work);
      return () => queue.splice(queue.indexOf(work), 1);
    };
    return { queue, later };
  }

  it('does nothing where there is no canvas (a test DOM)', () => {
    const { queue, later } = slices();
    warmLabelText(later);
    expect(queue).toEqual([]);
  });

  it('primes one label face per slice until all are, then says so; a cancel stops it', () => {
    const { ctx, calls } = countingContext();
    const made = document.createElement;
    const { queue, later } = slices();
    document.createElement = ((tag: string) => (tag === 'canvas' ? { getContext: () => ctx } : made.call(document, tag))) as typeof document.createElement;
    try {
      let done = 0;
      warmLabelText(later, () => done++);
      const faces = new Set<string>();
      for (let i = 0; i < LABEL_FONTS.length; i++) {
        expect(queue, `slice ${i + 1} waits for idle time`).toHaveLength(1);
        calls.length = 0;
        queue.shift()!();
        faces.add(ctx.font);
        expect(done).toBe(i === LABEL_FONTS.length - 1 ? 1 : 0);
      }
      expect([...faces].sort()).toEqual([...LABEL_FONTS].sort());
      expect(queue).toEqual([]);

      const cancel = warmLabelText(later);
      cancel();
      expect(queue).toEqual([]);
    } finally {
      document.createElement = made;
    }
  });
});
