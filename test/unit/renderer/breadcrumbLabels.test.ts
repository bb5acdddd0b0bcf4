// The breadcrumb's crumbs share the toolbar's width: the current level stays whole, then the root, then
// the levels between are cut in the middle (or fold to "…" when too narrow), and all of it fits.
import { describe, expect, it } from 'vitest';
import { crumbLabels } from '../../../src/renderer/src/components/Breadcrumb';

const measure = (s: string) => Array.from(s).length * 7;
const CHROME = 26;
const width = (labels: string[]) => labels.reduce((a, l) => a + measure(l) + CHROME, 0);

describe('breadcrumb labels', () => {
  const labels = ['/srv/stemedb/production-cluster-07', 'data', 'wal-archive-2026', 'segment-000000000042'];

  it('leaves every crumb whole when they fit', () => {
    expect(crumbLabels(labels, width(labels), measure)).toEqual(labels);
  });

  it('keeps the current level whole and fits the rest, cutting in the middle', () => {
    for (const w of [480, 400, 340]) {
      const out = crumbLabels(labels, w, measure);
      expect(out[3]).toBe('segment-000000000042');
      expect(width(out)).toBeLessThanOrEqual(w);
      // The root keeps its end (what tells clusters apart).
      expect(out[0].endsWith('07')).toBe(true);
    }
  });

  it('cuts even the current level only when the toolbar is narrower than it, and keeps its number', () => {
    const out = crumbLabels(labels, 250, measure);
    expect(width(out)).toBeLessThanOrEqual(250);
    expect(out[3]).toMatch(/…\d*42$/);
  });
});
