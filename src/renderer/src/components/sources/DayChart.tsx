// Bytes per day-partition, stacked by source: the spike day stands out against the days before it, and
// its colour says which source made it. Each day is labelled by its date; only the day not over yet says
// "now" (a finished day asked for is its date, however recent).
import type { ReactElement } from 'react';
import type { SourceDay } from '../../../../shared/sourceModels';
import { formatBytes } from '../../format';
import { colorFor } from './sourceColors';

const W = 560;

/** A short axis label: the month and day of its date ("04-30", also for a YYYY/DDD key), else the key's end. */
function shortLabel(d: SourceDay): string {
  if (d.date) return d.date.slice(5);
  const parts = d.key.split(/[-/]/);
  return parts.length >= 3 ? `${parts[parts.length - 2]}-${parts[parts.length - 1]}` : (parts[parts.length - 1] ?? d.key);
}
const H = 150;
const PAD_L = 56;
const PAD_B = 30;
const PAD_T = 10;

export function DayChart({ days, names }: { days: SourceDay[]; names: string[] }): ReactElement | null {
  if (days.length === 0) return null;
  const max = Math.max(1, ...days.map((d) => d.bySource.reduce((s, x) => s + x.bytes, 0) || d.bytes));
  const slot = (W - PAD_L) / days.length;
  const bar = Math.min(48, slot * 0.7);
  const y = (v: number) => PAD_T + (H - PAD_T - PAD_B) * (1 - v / max);
  const ticks = [0, 0.5, 1].map((f) => f * max);
  return (
    <figure className="src-daychart" data-testid="sources-days">
      <figcaption>Bytes per day, by source</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`Bytes per day for ${days.length} days; the last is ${formatBytes(days[days.length - 1].bytes)}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD_L} x2={W} y1={y(t)} y2={y(t)} className="src-grid" />
            <text x={PAD_L - 6} y={y(t) + 4} textAnchor="end" className="src-axis">
              {formatBytes(t)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD_L + i * slot + (slot - bar) / 2;
          let acc = 0;
          return (
            <g key={d.key} data-current={d.current || undefined} data-open={d.open || undefined} data-date={d.date ?? undefined}>
              <title>{`${d.date ?? d.key}${d.open ? ' (so far)' : ''}: ${formatBytes(d.bytes)}${d.bySource.map((s) => `\n${s.name}: ${formatBytes(s.bytes)}`).join('')}`}</title>
              {d.bySource.map((s) => {
                const top = y(acc + s.bytes);
                const h = y(acc) - top;
                acc += s.bytes;
                return <rect key={s.name} x={x} y={top} width={bar} height={Math.max(0, h)} fill={colorFor(names, s.name)} opacity={d.current ? 1 : 0.75} />;
              })}
              <text x={x + bar / 2} y={H - PAD_B + 14} textAnchor="middle" className={`src-axis${d.current ? ' current' : ''}`}>
                {shortLabel(d)}
              </text>
              {d.open && (
                <text x={x + bar / 2} y={H - 4} textAnchor="middle" className={`src-axis${d.current ? ' current' : ''}`} data-testid="sources-day-now">
                  now
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
