// Legend of the treemap's colours: how long before the newest write under the root each tile was last
// written (on a live node the newest write is now), and the grey of folded "more" entries.
import type { ReactElement } from 'react';
import { formatShortTime, nowSeconds } from '../format';
import { useScanStore } from '../state/scanStore';
import { LEGEND_TICKS, legendGradient } from '../treemap/ageColor';
import { ColorModeSwitch, GrowthLegend } from './GrowthLegend';
import { useWatchStore } from '../state/watchStore';
import { ChangesLegend } from './changes/ChangesLegend';

/** Past this, the reference is shown, because "warm" then means "written last", not "written now". */
const STALE_REF_SEC = 3600;

export function AgeLegend(): ReactElement {
  const ageRefSec = useScanStore((s) => s.ageRefSec);
  const colorMode = useWatchStore((s) => s.colorMode);
  const now = nowSeconds();
  if (colorMode === 'growth') return <GrowthLegend />;
  if (colorMode === 'changes') return <ChangesLegend />;
  const stale = now - ageRefSec > STALE_REF_SEC;
  return (
    <div className="legend" aria-label="Colour legend" data-testid="legend">
      <ColorModeSwitch />
      <span
        className="legend-title"
        title={`Colour is the age of a tile's newest file, counted back from the newest write under this root (${formatShortTime(ageRefSec, now)}).`}
      >
        Last write
      </span>
      <div className="legend-ramp">
        <div className="legend-bar" style={{ background: legendGradient() }} />
        {LEGEND_TICKS.map((t, i) => (
          <span
            key={t.label}
            className={`legend-tick${i === 0 ? ' first' : i === LEGEND_TICKS.length - 1 ? ' last' : ''}`}
            style={{ left: `${t.at * 100}%` }}
          >
            {i === 0 ? (stale ? 'newest' : 'now') : t.label}
          </span>
        ))}
      </div>
      {stale && (
        <span className="legend-ref" title="The root was last written before now: ages count back from its newest write.">
          before the newest write ({formatShortTime(ageRefSec, now)})
        </span>
      )}
      <span className="legend-more-item">
        <span className="legend-more" aria-hidden="true" />
        folded smaller entries
      </span>
      <span className="legend-more-item">
        <span className="legend-held" aria-hidden="true" />
        held by deleted files
      </span>
    </div>
  );
}
