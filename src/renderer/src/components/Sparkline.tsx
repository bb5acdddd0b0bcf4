// A tiny inline SVG line of recent values (bytes over the last samples), scaled to its own range. With
// `scale`, it says what its height spans ("↕ 12 MiB"), so a flat-looking line and a steep one can be told
// apart: without it every sparkline filled its box whatever the change.
import type { ReactElement } from 'react';
import { formatBytes } from '../format';

export function Sparkline({ values, width = 72, height = 18, label, scale = false }: { values: readonly number[]; width?: number; height?: number; label: string; scale?: boolean }): ReactElement {
  if (values.length < 2) return <svg className="spark empty" width={width} height={height} role="img" aria-label={`${label}: not enough samples yet`} />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = width / (values.length - 1);
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - ((v - min) / span) * (height - 2)).toFixed(1)}`);
  const rising = values[values.length - 1] > values[0];
  const range = `${formatBytes(min)} to ${formatBytes(max)}`;
  const svg = (
    <svg className={`spark${rising ? ' rising' : ''}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: ${range}`}>
      <polyline points={pts.join(' ')} fill="none" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
  if (!scale) return svg;
  return (
    <span className="spark-scaled" title={`Its height spans ${formatBytes(max - min)}: ${range} over the last ${values.length} samples`}>
      {svg}
      <span className="spark-scale" data-testid="spark-scale">
        ↕ {formatBytes(max - min)}
      </span>
    </span>
  );
}
