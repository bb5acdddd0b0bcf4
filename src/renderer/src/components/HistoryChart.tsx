// A filesystem's used bytes and the root's busiest partitions over the last day or week, from the watch
// history in the state store: one SVG chart with a shared time axis, each series scaled to its own range.
import type { ReactElement } from 'react';
import { formatBytes } from '../format';
import { useWatchStore, type HistoryRange } from '../state/watchStore';

const W = 232;
const H = 92;
const COLORS = ['#5aa9ff', '#f0a33a', '#6cb39c', '#f05d3c', '#b58cf0', '#d3d8de', '#e3c94b'];

export function HistoryChart(): ReactElement | null {
  const history = useWatchStore((s) => s.history);
  if (!history) return null;
  const { mount, range, series, error } = history;
  const withPoints = series.filter((s) => s.points.length > 0);
  const all = withPoints.flatMap((s) => s.points.map((p) => p.at));
  const t0 = Math.min(...all);
  const t1 = Math.max(...all);
  const x = (at: number) => (t1 > t0 ? ((at - t0) / (t1 - t0)) * (W - 2) + 1 : W / 2);
  const fsSeries = withPoints.find((s) => s.key.startsWith('fs:'));
  const setRange = (r: HistoryRange) => void useWatchStore.getState().loadHistory(mount, r);
  return (
    <div className="history" data-testid="history">
      <div className="history-head">
        <span>History</span>
        {(['day', 'week'] as const).map((r) => (
          <button key={r} type="button" className={`chip${r === range ? ' active' : ''}`} aria-pressed={r === range} onClick={() => setRange(r)}>
            {r}
          </button>
        ))}
      </div>
      {error && <div className="error">{error}</div>}
      {withPoints.length === 0 && !error ? (
        <div className="muted history-empty">No samples stored yet: history builds up while the root is watched (one point a minute).</div>
      ) : (
        <svg width={W} height={H} className="history-chart" role="img" aria-label={`${mount} used bytes over the last ${range}`}>
          {withPoints.map((s, i) => {
            const vals = s.points.map((p) => p.bytes);
            const lo = Math.min(...vals);
            const hi = Math.max(...vals);
            const y = (v: number) => H - 4 - ((v - lo) / (hi - lo || 1)) * (H - 8);
            const color = COLORS[i % COLORS.length];
            // One stored sample is a dot: a line needs two.
            if (s.points.length === 1) return <circle key={s.key} cx={x(s.points[0].at)} cy={H / 2} r={2.5} fill={color} />;
            return <polyline key={s.key} points={s.points.map((p) => `${x(p.at).toFixed(1)},${y(p.bytes).toFixed(1)}`).join(' ')} fill="none" stroke={color} strokeWidth={s === fsSeries ? 2 : 1.2} opacity={s === fsSeries ? 1 : 0.85} />;
          })}
        </svg>
      )}
      <ul className="history-legend">
        {withPoints.map((s, i) => {
          const first = s.points[0].bytes;
          const last = s.points[s.points.length - 1].bytes;
          return (
            <li key={s.key}>
              <i style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" />
              <bdi className="history-label">{s.key.startsWith('fs:') ? `${s.label} used` : s.label}</bdi>
              <span className="num">
                {formatBytes(last)} ({last >= first ? '+' : '−'}
                {formatBytes(Math.abs(last - first))})
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
