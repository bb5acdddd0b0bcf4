// The treemap's colour switch (last write / growth) and the legend of the growth colours.
import type { ReactElement } from 'react';
import { formatBytes } from '../format';
import { useWatchStore, type ColorMode } from '../state/watchStore';
import { formatDuration } from '../../../shared/durationText';
import { GROWTH_FLOOR } from '../treemap/growthColor';
import '../watch.css';

const MODES: { id: ColorMode; label: string; title: string }[] = [
  { id: 'age', label: 'Last write', title: 'Colour by the age of the newest write in each tile' },
  { id: 'growth', label: 'Growth', title: 'Colour by how much each tile grew lately (live watch)' },
  { id: 'changes', label: 'Changes', title: 'Colour by how much each tile grew or shrank since an earlier scan' },
];

export function ColorModeSwitch(): ReactElement {
  const mode = useWatchStore((s) => s.colorMode);
  return (
    <span className="color-mode" role="group" aria-label="Colour by">
      {MODES.map((m) => (
        <button
          key={m.id}
          type="button"
          className={`chip${mode === m.id ? ' active' : ''}`}
          aria-pressed={mode === m.id}
          title={m.title}
          data-testid={`color-${m.id}`}
          onClick={() => useWatchStore.getState().setColorMode(m.id)}
        >
          {m.label}
        </button>
      ))}
    </span>
  );
}

export function GrowthLegend(): ReactElement {
  const snapshot = useWatchStore((s) => s.snapshot);
  const window = snapshot ? formatDuration(snapshot.growthWindowMs / 1000) : '10 min';
  const top = snapshot?.partitions.reduce((m, p) => Math.max(m, p.grewBytes), 0) ?? 0;
  return (
    <div className="legend legend-growth" aria-label="Colour legend" data-testid="legend">
      <ColorModeSwitch />
      <span className="legend-title" title="Growth of each tile since the start of the window, from the live watch's samples">
        Grew in the last {window}
      </span>
      <div className="legend-ramp">
        <div className="legend-bar" />
        <span className="legend-tick first" style={{ left: '0%' }}>
          none
        </span>
        <span className="legend-tick last" style={{ left: '100%' }}>
          {top > 0 ? formatBytes(top) : 'most'}
        </span>
      </div>
      <span className="legend-more-item muted">
        {snapshot
          ? `${snapshot.partitions.filter((p) => p.grewBytes >= GROWTH_FLOOR).length} of ${snapshot.partitions.length} recently changed entries grew`
          : 'starting the watch…'}
      </span>
    </div>
  );
}
