// The history chart's rules (issue 16): partitions that are gone leave the chart and its legend; its axes
// say bytes and 24-hour times.
import { describe, expect, it } from 'vitest';
import type { HistorySeries } from '../../../src/shared/watchModels';
import { byteTicks, presentSeries, timeTicks } from '../../../src/renderer/src/components/historyChartModel';

const MiB = 1024 * 1024;
const s = (key: string, points: number[]): HistorySeries => ({ key, label: key.replace(/^\w+:/, ''), points: points.map((bytes, i) => ({ at: 1_000 + i * 60_000, bytes })) });

describe('history series', () => {
  const series = [s('fs:/var', [1, 2]), s('part:core/2026/120', [5, 9]), s('part:core/2026/110', [7, 7]), s('part:empty', [])];

  it('drops a partition the latest scan no longer lists, and counts it', () => {
    const { shown, gone } = presentSeries(series, new Set(['core/2026/120']));
    expect(shown.map((x) => x.key)).toEqual(['fs:/var', 'part:core/2026/120']);
    expect(gone).toBe(1);
  });

  it('keeps every series with points when there is no scan to judge by', () => {
    expect(presentSeries(series, null)).toEqual({ shown: series.slice(0, 3), gone: 0 });
  });
});

describe('history axes', () => {
  it('labels bytes at both ends and the middle', () => {
    expect(byteTicks(10 * MiB, 30 * MiB).map((t) => t.label)).toEqual(['10.0 MiB', '20.0 MiB', '30.0 MiB']);
    expect(byteTicks(5, 5)).toEqual([{ at: 5, label: '5 B' }]);
  });

  it('labels a day in 24-hour times and a week by dates', () => {
    const t0 = new Date(2026, 3, 30, 9, 0).getTime();
    const t1 = new Date(2026, 3, 30, 21, 0).getTime();
    expect(timeTicks(t0, t1, 'day', t1).map((t) => t.label)).toEqual(['09:00', '15:00', '21:00']);
    const w0 = new Date(2026, 3, 23, 21, 0).getTime();
    expect(timeTicks(w0, t1, 'week', t1 + 86_400_000).map((t) => t.label)).toEqual(['Apr 23 21:00', 'Apr 27 09:00', 'Apr 30 21:00']);
  });
});
