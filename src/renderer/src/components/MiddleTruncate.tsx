// A name or path that fits its box by giving up its middle (middleTruncate.ts), never its end: for tables,
// the breadcrumb and the treemap's twin. The whole text is in the title (and for screen readers, in the
// aria-label when it was cut). The box is measured as it resizes; the text is measured in the element's
// own font on a shared canvas.
import { useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import { middleTruncateToWidth } from '../middleTruncate';

let measureContext: CanvasRenderingContext2D | null | undefined;

/** A text measure in `font`; without a canvas (tests), about 0.6 em a character. */
export function textMeasure(font: string): (text: string) => number {
  if (measureContext === undefined) {
    try {
      measureContext = document.createElement('canvas').getContext('2d');
    } catch {
      measureContext = null;
    }
  }
  const ctx = measureContext;
  if (ctx && typeof ctx.measureText === 'function') {
    return (text) => {
      ctx.font = font;
      return ctx.measureText(text).width;
    };
  }
  const px = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 13);
  return (text) => Array.from(text).length * px * 0.6;
}

interface Props {
  text: string;
  className?: string;
  /** Shown when the text is cut; the whole text by default. */
  title?: string;
}

export function MiddleTruncate({ text, className, title }: Props): ReactElement {
  const ref = useRef<HTMLSpanElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  const [font, setFont] = useState('');
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      setWidth(el.clientWidth);
      const cs = getComputedStyle(el);
      setFont(cs.font || `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // Unmeasured (no layout yet): the whole text, clipped by CSS until the first measure.
  const shown = width === null || width <= 0 ? text : middleTruncateToWidth(text, width, textMeasure(font)) || text.slice(0, 1);
  const cut = shown !== text;
  return (
    <span ref={ref} className={`middle-truncate${className ? ` ${className}` : ''}`} title={cut ? (title ?? text) : title} aria-label={cut ? text : undefined}>
      {shown}
    </span>
  );
}
