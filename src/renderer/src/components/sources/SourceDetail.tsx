// One source: since when it runs hot, its top message templates (count, share, an example line) and a few
// of its newest lines, or why none were sampled. Estimated line counts read "≈".
import type { ReactElement } from 'react';
import type { NotSampledReason, Source } from '../../../../shared/sourceModels';
import { formatLineCount } from '../../../../shared/sourcesText';
import { formatBytes, formatCount, formatPercent } from '../../format';
import { formatDateTime } from '../../timeFormat';
import { formatPerSecond, formatRatio } from './sourceColors';

const NOT_SAMPLED: Record<NotSampledReason, string> = {
  compressed: 'Its files are compressed: their lines are not read.',
  empty: 'Its files are empty.',
  'crowded-out': 'Not sampled: there are more files or sources than the sampling reads, and the largest were read first.',
  'no-source-index': 'Not among the newest rows read, and the source column has no index to find its rows by.',
  'no-source-column': 'This SQLite file is attributed as a whole (no source column): its rows are not read.',
};

function since(s: Source): string | null {
  if (s.spikeStartedAt === null) return null;
  const t = formatDateTime(s.spikeStartedAt, { timeZone: 'UTC' });
  return `${s.spikeStartAtOrBefore ? 'since at least ' : 'since '}${t} UTC`;
}

export function SourceDetail({ source }: { source: Source }): ReactElement {
  const started = since(source);
  return (
    <section className="src-detail" data-testid="sources-detail" aria-label={`Messages of ${source.name}`}>
      <h3>
        <bdi>{source.name}</bdi>
        <span className="muted">
          {' '}
          · {formatBytes(source.bytes)} · <span data-testid="sources-lines">{source.notSampledReason !== null && source.lines === 0 ? 'lines not read' : `${formatLineCount(source.lines, source.linesEstimated)} lines`}</span> · {formatPerSecond(source.linesPerSecond)}
          {(source.baselineRatio !== null || source.newSource) && ` · ${formatRatio(source.baselineRatio, source.newSource)} baseline`}
          {source.nowBytesPerSecond !== null && ` · ${formatBytes(source.nowBytesPerSecond)}/s now`}
        </span>
      </h3>
      {started && (
        <div className="src-since" data-testid="sources-since">
          Spiking {started}
        </div>
      )}
      {source.templates.length === 0 ? (
        <div className="muted" data-testid="sources-not-sampled">
          {source.notSampledReason ? NOT_SAMPLED[source.notSampledReason] : 'No lines of this source were sampled.'}
        </div>
      ) : (
        <table className="src-templates" data-testid="sources-templates">
          <caption className="muted">Top messages of {formatCount(source.sampledLines)} sampled lines</caption>
          <thead>
            <tr>
              <th className="num">Count</th>
              <th className="num">Share</th>
              <th>Template · example</th>
            </tr>
          </thead>
          <tbody>
            {source.templates.map((t) => (
              <tr key={t.template}>
                <td className="num">{formatCount(t.count)}</td>
                <td className="num">
                  {formatPercent(t.share)}
                  <div className="src-share" aria-hidden="true">
                    <span style={{ width: `${t.share * 100}%` }} />
                  </div>
                </td>
                <td>
                  <div className="mono src-template">
                    <bdi>{t.template}</bdi>
                  </div>
                  <div className="mono muted src-example" title={t.example}>
                    <bdi>{t.example}</bdi>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {source.recentLines.length > 0 && (
        <>
          <h4>Newest lines</h4>
          <pre className="src-recent-lines" data-testid="sources-recent-lines">
            {source.recentLines.join('\n')}
          </pre>
        </>
      )}
    </section>
  );
}
