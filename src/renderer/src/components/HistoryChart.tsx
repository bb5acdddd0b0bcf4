// A filesystem's used bytes and the root's busiest partitions over the last day or week, from the watch
// history in the state store: one SVG chart with axes (used bytes on the left, time along the bottom,
// 24-hour), the filesystem's line on the axis and each partition's line scaled to its own range. A
// partition the latest scan no longer lists (reaped, rotated away) is left out, and said so.
import { useMemo, type ReactElement } from 'react';
import { formatBytes } from '../format';
import { useScanStore } from '../state/scanStore';
import { useWatchStore, type HistoryRange } from '../state/watchStore';
import { byteTicks, presentSeries, timeTicks } from './historyChartModel';
import { MiddleTruncate } from './MiddleTruncate';

const W = 232;
const H = 110;
/** Room for the bytes labels on the left and the times below the plot. */
const LEFT = 50;
const BOTTOM = 16;
const TOP = 6;
const PLOT_W = W - LEFT - 4;
const PLOT_H = H - BOTTOM - TOP;
/** The theme's series colours (styles.css): a light grey line would vanish on the light theme's white. */
const COLORS = [1, 2, 3, 4, 5, 6, 7].map((n) => `var(--series-${n})`);

export function HistoryChart(): ReactElement | null {
  const history = useWatchStore((s) => s.history);
  const summary = useScanStore((s) => s.summary);
  const present = useMemo(() => (summary ? new Set([...summary.partitions.map((p) => p.path), ...(summary.looseFiles ?? []).map((f) => f.path)]) : null), [summary]);
  if (!history) return null;
  const { mount, range, series, error } = history;
  // A scan that lists only part of the partitions cannot say the rest are gone.
  const judged = summary && summary.morePartitions.count === 0 ? present : null;
  const { shown, gone } = presentSeries(series, judged);
  const all = shown.flatMap((s) => s.points.map((p) => p.at));
  const t0 = Math.min(...all);
  const t1 = Math.max(...all);
  const x = (at: number) => LEFT + (t1 > t0 ? ((at - t0) / (t1 - t0)) * PLOT_W : PLOT_W / 2);
  const fsSeries = shown.find((s) => s.key.startsWith('fs:')) ?? shown[0];
  const axisValues = fsSeries ? fsSeries.points.map((p) => p.bytes) : [0];
  const axisLo = Math.min(...axisValues);
  const axisHi = Math.max(...axisValues);
  const yOf = (lo: number, hi: number) => (v: number) => TOP + PLOT_H - ((v - lo) / (hi - lo || 1)) * PLOT_H;
  const yAxis = yOf(axisLo, axisHi);
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
      {shown.length === 0 && !error ? (
        <div className="muted history-empty">No samples stored yet: history builds up while the root is watched (one point a minute).</div>
      ) : (
        <svg width={W} height={H} className="history-chart" role="img" aria-label={`${mount} used bytes over the last ${range}, ${formatBytes(axisLo)} to ${formatBytes(axisHi)}`}>
          <g className="history-axis" data-testid="history-y-axis">
            <line x1={LEFT} y1={TOP} x2={LEFT} y2={TOP + PLOT_H} />
            {byteTicks(axisLo, axisHi).map((t) => (
              <g key={t.at}>
                <line x1={LEFT - 3} x2={LEFT} y1={yAxis(t.at)} y2={yAxis(t.at)} />
                <text x={LEFT - 5} y={yAxis(t.at)} textAnchor="end" dominantBaseline="middle">
                  {t.label}
                </text>
              </g>
            ))}
          </g>
          <g className="history-axis" data-testid="history-x-axis">
            <line x1={LEFT} y1={TOP + PLOT_H} x2={LEFT + PLOT_W} y2={TOP + PLOT_H} />
            {timeTicks(t0, t1, range, Date.now()).map((t, i, ticks) => (
              <text key={t.at} x={x(t.at)} y={H - 3} textAnchor={ticks.length === 1 ? 'middle' : i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}>
                {t.label}
              </text>
            ))}
          </g>
          {shown.map((s, i) => {
            const vals = s.points.map((p) => p.bytes);
            const y = s === fsSeries ? yAxis : yOf(Math.min(...vals), Math.max(...vals));
            const color = COLORS[i % COLORS.length];
            // One stored sample is a dot: a line needs two.
            if (s.points.length === 1) return <circle key={s.key} cx={x(s.points[0].at)} cy={y(s.points[0].bytes)} r={2.5} style={{ fill: color }} />;
            return <polyline key={s.key} points={s.points.map((p) => `${x(p.at).toFixed(1)},${y(p.bytes).toFixed(1)}`).join(' ')} fill="none" style={{ stroke: color }} strokeWidth={s === fsSeries ? 2 : 1.2} opacity={s === fsSeries ? 1 : 0.85} />;
          })}
        </svg>
      )}
      <ul className="history-legend">
        {shown.map((s, i) => {
          const first = s.points[0].bytes;
          const last = s.points[s.points.length - 1].bytes;
          return (
            <li key={s.key} data-key={s.key}>
              <i style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" />
              <MiddleTruncate className="history-label" text={s.key.startsWith('fs:') ? `${s.label} used (axis)` : s.label} />
              <span className="num">
                {formatBytes(last)} ({last >= first ? '+' : '−'}
                {formatBytes(Math.abs(last - first))})
              </span>
            </li>
          );
        })}
      </ul>
      {shown.length > 1 && <div className="muted history-note">Partitions are each drawn to their own range.</div>}
      {gone > 0 && (
        <div className="muted history-note" data-testid="history-gone">
          {gone} {gone === 1 ? 'partition' : 'partitions'} no longer in the latest scan (reaped or gone): not shown.
        </div>
      )}
    </div>
  );
}
