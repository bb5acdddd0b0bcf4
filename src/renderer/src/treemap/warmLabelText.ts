// The label faces loaded and their advances tabled in idle time, before a tree arrives: a face's first
// measureText loads it (1 to 3 ms each, about 9 ms for the treemap's eleven), so done while the app waits for
// a scan, the first paint of a big tree measures almost nothing (bench/treemap-bench.ts).
import { LABEL_FONTS } from './draw';
import { primeAdvances } from './textMeter';

type Later = (work: () => void) => () => void;

/** requestIdleCallback where there is one (Chromium, Electron), else the next task. */
const idle: Later = (work) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, 0);
  return () => clearTimeout(id);
};

/** Primes one face per idle slice, so no slice holds the page for long; `done` once all are. Returns a cancel. */
export function warmLabelText(later: Later = idle, done: () => void = () => {}): () => void {
  const ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!ctx) return () => {};
  let next = 0;
  let cancel = () => {};
  const step = () => {
    primeAdvances(ctx, LABEL_FONTS[next++]);
    if (next < LABEL_FONTS.length) cancel = later(step);
    else done();
  };
  cancel = later(step);
  return () => cancel();
}
