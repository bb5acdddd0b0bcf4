// Above the fleet table when a Prometheus source is saved: its worst instances (a page, not the fleet), each
// with its time to full and the trend it comes from; opening one whose SSH node is saved connects to that
// node only. A failed reading says why; the SSH table below still shows.
import type { ReactElement } from 'react';
import { trendLabel, type RankedFleetRow } from '../../../../shared/prometheusModels';
import { formatDuration } from '../../../../shared/durationText';
import { useNavStore } from '../../state/navStore';
import { usePromFleetStore } from '../../state/promFleetStore';
import './promStrip.css';
import { fillPercentOfRatio, formatFill } from '../../../../shared/fillRatio';

const SHOWN = 12;

function rowText(r: RankedFleetRow): string {
  if (r.state !== 'up') return r.state;
  // The fill as df rounds it, the one figure the table beside it and every other view show.
  const fill = r.worstFillRatio === null ? '-' : formatFill(fillPercentOfRatio(r.worstFillRatio));
  const full = r.secondsToFull === null ? '' : ` · full in ${formatDuration(r.secondsToFull)} (${trendLabel(r.trendWindowSeconds ?? 0)})`;
  return `${r.worstMount ?? ''} ${fill}${full}`;
}

export function PromFleetStrip(): ReactElement | null {
  const { source, rows, total, error, reading } = usePromFleetStore();
  if (!source) return null;
  const critical = rows.filter((r) => r.riskClass === 'critical').length;
  return (
    <section className="prom-strip" data-testid="prom-strip" aria-label="Prometheus fleet">
      <div className="muted small">
        Prometheus <span className="mono">{source.url}</span>
        {reading ? ' · reading…' : ` · ${total} rows${critical > 0 ? ` · ${critical}${rows.length < total ? '+' : ''} critical` : ''}`}
      </div>
      {error && (
        <div className="error" role="alert" data-testid="prom-error">
          {error}
        </div>
      )}
      <ul className="prom-strip-rows">
        {rows.slice(0, SHOWN).map((r) => (
          <li key={r.instance ?? r.name} data-risk={r.riskClass}>
            <button
              type="button"
              className="link"
              disabled={r.sshState === null}
              title={r.sshState === null ? 'no saved SSH node of this name' : 'open this node over SSH'}
              onClick={() => useNavStore.getState().openNode(r.name)}
            >
              {r.name}
            </button>{' '}
            <span className="muted small">{rowText(r)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
