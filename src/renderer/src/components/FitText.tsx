// A path or name that fits its box by losing its middle (middleTruncate), never by a clipped end: a button
// or cell whose text is wider than it hid what told items apart ("/tmp/spoolscop…"). The full text is the
// title. The box's width comes from its container (display: block, min-width 0), re-read when it resizes.
import { useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import { middleTruncateToWidth } from '../middleTruncate';

let canvas: HTMLCanvasElement | null = null;

function measurer(el: HTMLElement): (s: string) => number {
  const style = getComputedStyle(el);
  canvas ??= document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return (s) => s.length * 7;
  const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return (s) => {
    ctx.font = font;
    return ctx.measureText(s).width;
  };
}

export function FitText({ text, className = '' }: { text: string; className?: string }): ReactElement {
  const ref = useRef<HTMLSpanElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const read = () => setWidth(el.clientWidth);
    read();
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const el = ref.current;
  // A pixel of slack: canvas and layout round text widths differently.
  const shown = width === null || el === null ? text : middleTruncateToWidth(text, Math.max(0, width - 1), measurer(el));
  return (
    <span ref={ref} className={`fit-text ${className}`} title={text}>
      <bdi>{shown}</bdi>
    </span>
  );
}
