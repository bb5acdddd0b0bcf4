// Live growth of one filesystem, under its fill bar: bytes/s with a sparkline of used bytes, the
// time-to-full sentence, and a button for its day/week history. Every figure and its tint come from the
// watch snapshot as computed in the backend, so the card says what the banner and `watch --json` say.
import type { ReactElement } from 'react';
import type { FillTrend } from '../../../shared/watchModels';
import { formatDuration } from '../../../shared/durationText';
import { useWatchStore } from '../state/watchStore';
import { formatRate, timeToFullText } from '../watchFormat';
import { HistoryChart } from './HistoryChart';
import { Sparkline } from './Sparkline';
import '../watch.css';

const TREND_TEXT: Record<Exclude<FillTrend, 'filling'>, string> = {
  measuring: 'measuring growth…',
  slow: 'filling slowly: no time to full worth showing',
  'not-filling': 'not filling',
};

export function FsGrowth({ mount }: { mount: string }): ReactElement | null {
  const fs = useWatchStore((s) => s.snapshot?.filesystems.find((f) => f.mount === mount) ?? null);
  const historyOpen = useWatchStore((s) => s.history?.mount === mount);
  if (!fs) return null;
  const ttf = fs.trend === 'filling' ? timeToFullText(fs.secondsToFull, fs.fitWindowMs) : null;
  return (
    <div className="fs-growth" data-testid="fs-growth">
      <div className="fs-detail">
        <span
          className="fs-rate"
          data-testid="fs-rate"
          title={fs.fitWindowMs > 0 ? `Growth of used bytes: a line fitted over the last ${formatDuration(fs.fitWindowMs / 1000)}` : 'Growth of used bytes'}
        >
          {fs.bytesPerSecond === null ? 'rate: next sample' : formatRate(fs.bytesPerSecond)}
        </span>
        <Sparkline values={fs.spark} width={56} label={`${mount} used bytes, last samples`} scale />
        <button
          type="button"
          className="link"
          aria-expanded={historyOpen}
          onClick={() => (historyOpen ? useWatchStore.getState().closeHistory() : void useWatchStore.getState().loadHistory(mount, 'day'))}
        >
          history
        </button>
      </div>
      <div className={`fs-ttf ${fs.timeToFullLevel}`} data-testid="fs-ttf" data-trend={fs.trend}>
        {ttf ?? (fs.trend === 'filling' ? TREND_TEXT.measuring : TREND_TEXT[fs.trend])}
      </div>
      {historyOpen && <HistoryChart />}
    </div>
  );
}
