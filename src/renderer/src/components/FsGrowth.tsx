// Live growth of one filesystem, under its fill bar: bytes/s with a sparkline of used bytes, the
// time-to-full sentence, and a button for its day/week history.
import type { ReactElement } from 'react';
import { AlertConfigSchema } from '../../../shared/watchModels';
import { useWatchStore } from '../state/watchStore';
import { formatRate, timeToFullText } from '../watchFormat';
import { HistoryChart } from './HistoryChart';
import { Sparkline } from './Sparkline';
import '../watch.css';

// The tint follows the time-to-full alert's default thresholds, so the sentence and the alert agree.
const { timeToFullWarnSeconds, timeToFullCriticalSeconds } = AlertConfigSchema.parse({});

export function FsGrowth({ mount }: { mount: string }): ReactElement | null {
  const fs = useWatchStore((s) => s.snapshot?.filesystems.find((f) => f.mount === mount) ?? null);
  const historyOpen = useWatchStore((s) => s.history?.mount === mount);
  if (!fs) return null;
  const ttf = timeToFullText(fs.secondsToFull, fs.fitWindowMs);
  const level = fs.secondsToFull === null ? 'ok' : fs.secondsToFull < timeToFullCriticalSeconds ? 'critical' : fs.secondsToFull < timeToFullWarnSeconds ? 'warn' : 'ok';
  return (
    <div className="fs-growth" data-testid="fs-growth">
      <div className="fs-detail">
        <span className="fs-rate" title="Growth of used bytes, smoothed over the last samples">
          {fs.bytesPerSecond === null ? 'rate: next sample' : formatRate(fs.bytesPerSecond)}
        </span>
        <Sparkline values={fs.spark} label={`${mount} used bytes, last samples`} />
        <button
          type="button"
          className="link"
          aria-expanded={historyOpen}
          onClick={() => (historyOpen ? useWatchStore.getState().closeHistory() : void useWatchStore.getState().loadHistory(mount, 'day'))}
        >
          history
        </button>
      </div>
      <div className={`fs-ttf ${level}`} data-testid="fs-ttf">
        {ttf ??
          (fs.bytesPerSecond === null
            ? 'measuring growth…'
            : fs.bytesPerSecond > 0
              ? 'filling slowly: no time to full worth showing'
              : 'not filling')}
      </div>
      {historyOpen && <HistoryChart />}
    </div>
  );
}
