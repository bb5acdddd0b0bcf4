// Where the treemap is zoomed: the root, then each directory down to the focus; each one zooms out to it.
// The crumbs share the toolbar's free width, cut in the middle (middleTruncate.ts): the current level
// first and whole, then the root, then the levels between, so the level shown never clips.
import { useLayoutEffect, useRef, useState, type ReactElement, type RefObject } from 'react';
import { formatBytes, formatCount } from '../format';
import { middleTruncateToWidth } from '../middleTruncate';
import { useScanStore } from '../state/scanStore';
import { useViewStore } from '../state/viewStore';
import { resolveChain } from '../treemap/tree';
import { textMeasure } from './MiddleTruncate';
import './treemap/treemap.css';

/** A crumb's padding, border and separator, in CSS pixels. */
const CRUMB_CHROME = 26;
/** Narrower than this, a level between the root and the focus shows as "…" (its title names it). */
const MIN_MIDDLE = 34;

/**
 * Each label cut to its share of `width`: the last (the current level) gets what it needs, then the first
 * (the root) up to half of what is left, then the levels between share the rest.
 */
export function crumbLabels(labels: readonly string[], width: number, measure: (s: string) => number): string[] {
  const n = labels.length;
  if (n === 0 || width <= 0) return [...labels];
  const need = labels.map((l) => measure(l));
  const total = need.reduce((a, b) => a + b, 0) + n * CRUMB_CHROME;
  if (total <= width) return [...labels];
  const out = [...labels];
  const cut = (i: number, room: number) => (out[i] = need[i] <= room ? labels[i] : middleTruncateToWidth(labels[i], Math.max(0, room), measure) || '…');
  let free = width - n * CRUMB_CHROME;
  const last = n - 1;
  // The current level: whole unless the toolbar is narrower than it, leaving the others a minimum.
  const minOthers = (n > 1 ? 60 : 0) + Math.max(0, n - 2) * 10;
  cut(last, Math.min(need[last], free - minOthers));
  free -= measure(out[last]);
  if (n === 1) return out;
  const middle = n - 2;
  cut(0, middle > 0 ? Math.max(60, Math.min(need[0], free / 2)) : free);
  free -= measure(out[0]);
  if (middle > 0) {
    const middleNeed = need.slice(1, last).reduce((a, b) => a + b, 0);
    for (let i = 1; i < last; i++) {
      const share = middleNeed <= free ? need[i] : (free * need[i]) / middleNeed;
      if (share < MIN_MIDDLE && need[i] > share) out[i] = '…';
      else cut(i, share);
    }
  }
  return out;
}

/** The nav's width and its crumbs' font, kept current. */
function useCrumbRoom(): { ref: RefObject<HTMLElement | null>; width: number; font: string } {
  const ref = useRef<HTMLElement>(null);
  const [room, setRoom] = useState({ width: 0, font: '' });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const crumb = el.querySelector('.crumb');
      const font = crumb ? getComputedStyle(crumb).font : '';
      setRoom((r) => (r.width === el.clientWidth && r.font === font ? r : { width: el.clientWidth, font }));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, ...room };
}

export function Breadcrumb(): ReactElement | null {
  const tree = useScanStore((s) => s.tree);
  const root = useScanStore((s) => s.root);
  const focusChain = useViewStore((s) => s.focusChain);
  const room = useCrumbRoom();
  if (!tree || !root) return <nav className="breadcrumb" ref={room.ref} />;
  const nodes = resolveChain(tree, focusChain.length > 0 ? focusChain : [tree.id]);
  const focus = nodes[nodes.length - 1];
  const labels = nodes.map((n, i) => (i === 0 ? root : n.name));
  const measure = textMeasure(room.font || '12.5px monospace');
  const shown = room.width > 0 ? crumbLabels(labels, room.width, measure) : labels;
  // Its basis is its whole width: the toolbar wraps the rest to another line before the crumbs are cut.
  const whole = Math.ceil(labels.reduce((a, l) => a + measure(l) + CRUMB_CHROME, 0));
  return (
    <>
      <nav className="breadcrumb" ref={room.ref} aria-label="Zoom path" data-testid="breadcrumb" data-focus-path={focus.path} style={{ flexBasis: whole }}>
        {nodes.map((n, i) => {
          const last = i === nodes.length - 1;
          const full = i === 0 ? root : `${root === '/' ? '' : root}/${n.path}`;
          return (
            <span key={n.id} className="crumb-item">
              {i > 0 && <span className="crumb-sep" aria-hidden="true">/</span>}
              <button
                type="button"
                className="crumb"
                data-path={n.path}
                aria-current={last ? 'page' : undefined}
                aria-label={shown[i] !== labels[i] ? full : undefined}
                title={full}
                onClick={() => void useViewStore.getState().zoomTo(nodes.slice(0, i + 1).map((x) => x.id))}
              >
                <bdi>{shown[i]}</bdi>
              </button>
            </span>
          );
        })}
      </nav>
      <span
        className="focus-stats"
        data-testid="focus-stats"
        title={`${formatBytes(focus.allocatedBytes)} allocated, ${formatBytes(focus.apparentBytes)} apparent, ${formatCount(focus.files)} files`}
      >
        <strong>{formatBytes(focus.allocatedBytes)}</strong> · {formatCount(focus.files)} files
      </span>
    </>
  );
}
