// How many characters of a name fit the grid's name column, for middleTruncate: the column's width over
// the width of one character of its monospace font, re-measured when the panel is resized.
import { useLayoutEffect, useState, type RefObject } from 'react';

/** The age dot, its gap and the cell's padding. */
const CHROME_PX = 30;
const FALLBACK_CHARS = 40;

function charWidth(el: Element): number {
  const probe = document.createElement('span');
  probe.className = 'p-name pg-measure';
  probe.textContent = '0'.repeat(20);
  el.appendChild(probe);
  const w = probe.getBoundingClientRect().width / 20;
  probe.remove();
  return w > 0 ? w : 7.2;
}

/** `shown`: whether the grid is on the page (it is not before a scan), so the measure starts when it is. */
export function useNameWidth(grid: RefObject<HTMLElement | null>, shown: boolean): number {
  const [chars, setChars] = useState(FALLBACK_CHARS);
  useLayoutEffect(() => {
    const el = grid.current;
    const head = el?.querySelector('.pg-col-name');
    if (!el || !head || typeof ResizeObserver === 'undefined') return;
    const perChar = charWidth(el);
    const measure = () => setChars(Math.max(6, Math.floor((head.getBoundingClientRect().width - CHROME_PX) / perChar)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(head);
    return () => ro.disconnect();
  }, [grid, shown]);
  return chars;
}
