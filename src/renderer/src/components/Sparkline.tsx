// A tiny inline SVG line of recent values (bytes over the last samples), scaled to its own range.
import type { ReactElement } from 'react';

export function Sparkline({ values, width = 72, height = 18, label }: { values: readonly number[]; width?: number; height?: number; label: string }): ReactElement {
  if (values.length < 2) return <svg className="spark empty" width={width} height={height} role="img" aria-label={`${label}: not enough samples yet`} />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = width / (values.length - 1);
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - ((v - min) / span) * (height - 2)).toFixed(1)}`);
  const rising = values[values.length - 1] > values[0];
  return (
    <svg className={`spark${rising ? ' rising' : ''}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <polyline points={pts.join(' ')} fill="none" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
