// The legend of the treemap's Changes colours (issue 19): tile area is the size now, colour the signed change
// since the scan compared with (the Changes tab's pick: by default the one before).
import type { ReactElement } from 'react';
import { formatBytes } from '../../format';
import { useChangesStore } from '../../state/changesStore';
import { GROWTH_FLOOR, growthRamp } from '../../treemap/growthColor';
import { shrinkRamp } from '../../treemap/changeColor';
import { ColorModeSwitch } from '../GrowthLegend';
import { scanTimeLabel } from './changesText';

export function ChangesLegend(): ReactElement {
  const diff = useChangesStore((s) => s.diff);
  const loaded = useChangesStore((s) => s.tiles !== null);
  const ramp = [...shrinkRamp(4).reverse(), ...growthRamp(4)];
  const since = diff?.from ? scanTimeLabel(diff.from.scannedAt, Date.now()) : null;
  return (
    <div className="legend legend-changes" aria-label="Colour legend" data-testid="legend">
      <ColorModeSwitch />
      <span className="legend-title" title="Tile area is the size now; colour is how much it grew (warm) or shrank (blue) since the scan compared with, in the Changes tab. Grey: unchanged, or not kept in the scan history (plain files, parts of a partition).">
        {since ? `Change since ${since}` : loaded ? 'Change since the scan before' : 'Changes: loading…'}
      </span>
      <div className="legend-ramp">
        <div className="legend-bar" style={{ background: `linear-gradient(to right, ${ramp.join(', ')})` }} />
        <span className="legend-tick first" style={{ left: '0%' }}>
          shrank
        </span>
        <span className="legend-tick" style={{ left: '50%' }}>
          {`< ${formatBytes(GROWTH_FLOOR)}`}
        </span>
        <span className="legend-tick last" style={{ left: '100%' }}>
          grew
        </span>
      </div>
    </div>
  );
}
