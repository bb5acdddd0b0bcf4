// Each source's bytes/s now as a bar, its baseline (median of the previous days) as a tick on the same
// scale, and the ratio: the runaway is the long bar far past its tick. Rows are buttons: one opens the
// source's messages.
import type { ReactElement } from 'react';
import type { Source } from '../../../../shared/sourceModels';
import { formatBytes, formatPercent } from '../../format';
import { colorFor, formatPerSecond, formatRatio } from './sourceColors';

const SHOWN = 12;

export function SourceBars({ sources, names, selected, onSelect }: { sources: Source[]; names: string[]; selected: string | null; onSelect(name: string): void }): ReactElement {
  const shown = sources.slice(0, SHOWN);
  const max = Math.max(1e-9, ...shown.map((s) => Math.max(s.bytesPerSecond, s.baselineBytesPerSecond ?? 0)));
  return (
    <div className="src-bars" role="list" aria-label="Sources against their baseline" data-testid="sources-bars">
      <div className="src-bars-head" aria-hidden="true">
        <span>Source</span>
        <span>bytes/s now · <span className="src-tick-key" /> baseline</span>
        <span className="num">vs baseline</span>
        <span className="num">share</span>
      </div>
      {shown.map((s) => {
        const spiking = s.baselineRatio !== null ? s.baselineRatio >= 3 : s.newSource;
        return (
          <button
            type="button"
            role="listitem"
            key={s.name}
            className={`src-bar-row${s.name === selected ? ' selected' : ''}${spiking ? ' spiking' : ''}`}
            aria-pressed={s.name === selected}
            data-source={s.name}
            title={`${s.name}: ${formatBytes(s.bytes)} (${formatPercent(s.share)}), ${formatPerSecond(s.linesPerSecond)} lines${s.baselineBytesPerSecond !== null ? `; baseline ${formatBytes(s.baselineBytesPerSecond)}/s` : ''}`}
            onClick={() => onSelect(s.name)}
          >
            <span className="src-name">
              <span className="src-swatch" style={{ background: colorFor(names, s.name) }} aria-hidden="true" />
              <bdi>{s.name}</bdi>
            </span>
            <span className="src-track" aria-hidden="true">
              <span className="src-fill" style={{ width: `${(s.bytesPerSecond / max) * 100}%`, background: colorFor(names, s.name) }} />
              {s.baselineBytesPerSecond !== null && <span className="src-tick" style={{ left: `${(s.baselineBytesPerSecond / max) * 100}%` }} />}
              <span className="src-rate">{formatBytes(s.bytesPerSecond)}/s</span>
            </span>
            <span className={`num src-ratio${spiking ? ' hot' : ''}`}>{formatRatio(s.baselineRatio, s.newSource)}</span>
            <span className="num">{formatPercent(s.share)}</span>
          </button>
        );
      })}
      {sources.length > SHOWN && <div className="muted src-more">{sources.length - SHOWN} more sources</div>}
    </div>
  );
}
