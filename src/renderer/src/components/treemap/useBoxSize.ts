// The treemap's box in CSS pixels and the device pixel ratio, kept current as the box or the zoom changes.
import { useEffect, useState, type RefObject } from 'react';

export interface BoxSize {
  w: number;
  h: number;
  dpr: number;
}

export function useBoxSize(boxRef: RefObject<HTMLElement | null>): BoxSize {
  const [size, setSize] = useState<BoxSize>({ w: 0, h: 0, dpr: 1 });
  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      setSize((s) => {
        const next = { w: Math.floor(r.width), h: Math.floor(r.height), dpr: window.devicePixelRatio || 1 };
        return s.w === next.w && s.h === next.h && s.dpr === next.dpr ? s : next;
      });
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    // Browser zoom changes the pixel ratio without resizing the box.
    window.addEventListener('resize', measure);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [boxRef]);
  return size;
}
