// Each source's bytes/s as a bar (over its finished day, or the open day so far), its baseline (the median
// day before, over the same hours) as a tick on the same scale, and the ratio: the runaway is the long bar far
// past its tick. On the open day a source's rate now (its last 5 minutes) is beside it. Rows are buttons:
// one opens the source's messages.
import type { ReactElement } from 'react';
import type { Source, SourcesReport } from '../../../../shared/sourceModels';
import { formatLineCount } from '../../../../shared/sourcesText';
import { formatBytes, formatPercent } from '../../format';
import { colorFor, formatPerSecond, formatRatio } from './sourceColors';

const SHOWN = 12;

/** What the bars' rates are over: "on 03-30" for a finished day, "today so far" for the open one. */
export function rateSpan(day: SourcesReport['day']): string {
  if (day === null) return '';
  return day.open ? ' today so far' : ` on ${day.date}`;
}

export function SourceBars({ sources, names, selected, day, onSelect }: { sources: Source[]; names: string[]; selected: string | null; day: SourcesReport['day']; onSelect(name: string): void }): ReactElement {
  const shown = sources.slice(0, SHOWN);
  const max = Math.max(1e-9, ...shown.map((s) => Math.max(s.bytesPerSecond, s.baselineBytesPerSecond ?? 0)));
  return (
    <div className="src-bars" role="list" aria-label="Sources against their baseline" data-testid="sources-bars">
      <div className="src-bars-head" aria-hidden="true">
        <span>Source</span>
        <span data-testid="sources-rate-span">
          bytes/s{rateSpan(day)} · <span className="src-tick-key" /> baseline
        </span>
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
            title={`${s.name}: ${formatBytes(s.bytes)} (${formatPercent(s.share)}), ${formatLineCount(s.lines, s.linesEstimated)} lines, ${formatPerSecond(s.linesPerSecond)} lines${s.baselineBytesPerSecond !== null ? `; baseline ${formatBytes(s.baselineBytesPerSecond)}/s` : ''}${s.nowBytesPerSecond !== null ? `; ${formatBytes(s.nowBytesPerSecond)}/s over the last 5 minutes` : ''}`}
            onClick={() => onSelect(s.name)}
          >
            <span className="src-name">
              <span className="src-swatch" style={{ background: colorFor(names, s.name) }} aria-hidden="true" />
              <bdi>{s.name}</bdi>
            </span>
            <span className="src-track" aria-hidden="true">
              <span className="src-fill" style={{ width: `${(s.bytesPerSecond / max) * 100}%`, background: colorFor(names, s.name) }} />
              {s.baselineBytesPerSecond !== null && <span className="src-tick" style={{ left: `${(s.baselineBytesPerSecond / max) * 100}%` }} />}
              <span className="src-rate">
                {formatBytes(s.bytesPerSecond)}/s
                {s.nowBytesPerSecond !== null && <span className="src-now"> · {formatBytes(s.nowBytesPerSecond)}/s now</span>}
              </span>
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
