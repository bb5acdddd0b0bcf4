// The sources drill-down, a drawer over the right of the node view: the partition's days (the spike
// visible), its sources against their baseline, and the messages of the source picked. Opened from a
// treemap tile or a partition row ("Sources…"); Escape closes it.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { SourcesReport } from '../../../../shared/sourceModels';
import { dayText } from '../../../../shared/sourcesText';
import { formatBytes } from '../../format';
import { useReturnFocus } from '../../hooks/returnFocus';
import { useSourcesStore } from '../../state/sourcesStore';
import { useNodeStore } from '../../state/nodeStore';
import { DayChart } from './DayChart';
import { OverrideForm } from './OverrideForm';
import { SourceBars } from './SourceBars';
import { SourceDetail } from './SourceDetail';
import { TimeZoneForm } from './TimeZoneForm';
import { formatRatio } from './sourceColors';
import './sources.css';

const ZONE_FROM: Record<SourcesReport['timeZone']['from'], string> = {
  node: "the node's zone",
  'node-offset': "the node's current offset",
  override: "this root's setting",
};

/** Which day the figures are of: a finished day by its date, the open one so far, until now. */
function DayLine({ report, onChangeZone }: { report: SourcesReport; onChangeZone: (() => void) | null }): ReactElement {
  return (
    <div className="src-day muted" data-testid="sources-day" data-open={report.day?.open || undefined}>
      {report.day ? (
        <>
          <strong className={report.day.open ? 'src-day-open' : undefined}>{dayText(report.day, report.timeZone)}</strong>
          {report.day.open ? ': rates until now' : ': a finished day'}
        </>
      ) : (
        'not a day partition: rates over a day'
      )}{' '}
      · days in {report.timeZone.name} ({ZONE_FROM[report.timeZone.from]})
      {onChangeZone && (
        <>
          {' '}
          <button type="button" className="link" data-testid="sources-zone-change" onClick={onChangeZone}>
            Change…
          </button>
        </>
      )}
    </div>
  );
}

const ATTRIBUTION: Record<string, string> = {
  'sqlite-column': 'by the source column of its SQLite log table',
  'file-name': 'by file (one file per service)',
  file: 'by file',
};

export function SourcesPanel(): ReactElement | null {
  const path = useSourcesStore((s) => s.path);
  const loading = useSourcesStore((s) => s.loading);
  const report = useSourcesStore((s) => s.report);
  const error = useSourcesStore((s) => s.error);
  const selected = useSourcesStore((s) => s.selected);
  const closeRef = useRef<HTMLButtonElement>(null);
  useReturnFocus(path !== null);
  const root = useNodeStore((s) => s.selectedRoot);
  const names = useMemo(() => (report?.sources ?? []).map((s) => s.name), [report]);
  const [zoneForm, setZoneForm] = useState(false);
  useEffect(() => {
    if (path !== null) closeRef.current?.focus();
  }, [path]);
  if (path === null) return null;
  const close = () => useSourcesStore.getState().close();
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys stay here: Escape closes the drawer and never zooms the treemap behind.
    if (e.key === 'Escape' || e.key === 'Backspace') {
      e.stopPropagation();
      // Backspace still edits the override form's fields.
      if (!(e.target instanceof HTMLInputElement)) e.preventDefault();
      if (e.key === 'Escape') close();
    }
  };
  const source = report?.sources.find((s) => s.name === selected) ?? null;
  return (
    <div className="side-drawer sources-drawer" role="dialog" aria-labelledby="src-title" data-testid="sources-panel" data-state={loading ? 'loading' : error ? 'error' : 'ready'} onKeyDown={onKeyDown}>
      <header className="modal-head src-head">
        <div>
          <h2 id="src-title">Sources</h2>
          <div className="muted mono src-path" title={report?.partition ?? path}>
            <bdi>{report?.partition ?? path}</bdi>
          </div>
        </div>
        <button type="button" ref={closeRef} className="src-close" aria-label="Close sources" onClick={close}>
          ×
        </button>
      </header>
      <div className="modal-body src-body">
        {loading && (
          <div>
            <span className="spinner inline" aria-hidden="true" />
            Sampling the partition and the days before it…
          </div>
        )}
        {error && (
          <div className="held-notice" role="alert" data-testid="sources-error">
            <strong>No attribution.</strong> <span className="mono">{error}</span>
          </div>
        )}
        {report && (
          <>
            <div className="src-summary" data-testid="sources-summary">
              <span className="src-big">{formatBytes(report.partitionBytes)}</span>
              {report.partitionBaselineRatio !== null && (
                <span className={`src-badge${report.partitionBaselineRatio >= 3 ? ' hot' : ''}`}>
                  {formatRatio(report.partitionBaselineRatio)} its baseline
                </span>
              )}
              <span className="muted">
                {report.baselinePartitions.length > 0 ? `median of the ${report.baselinePartitions.length} days before` : 'no earlier days to compare with'} · attributed{' '}
                {ATTRIBUTION[report.attribution]}
                {report.sqlite ? ` (${report.sqlite.table}.${report.sqlite.source})` : ''}
              </span>
              {report.partial && <span className="badge partial">partial</span>}
            </div>
            <DayLine report={report} onChangeZone={root ? () => setZoneForm((v) => !v) : null} />
            {zoneForm && root && <TimeZoneForm root={root} path={path} current={report.timeZone.from === 'override' ? report.timeZone.name : ''} onDone={() => setZoneForm(false)} />}
            {report.messages.length > 0 && (
              <ul className="src-messages" data-testid="sources-messages">
                {report.messages.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            )}
            {report.attribution === 'file' && root && report.messages.some((m) => m.includes('attributed to files')) && <OverrideForm root={root} path={path} />}
            <DayChart days={report.days} names={names} />
            <SourceBars sources={report.sources} names={names} selected={selected} day={report.day} onSelect={(n) => useSourcesStore.getState().select(n)} />
            {source && <SourceDetail source={source} />}
            {report.writers.length > 0 && (
              <div className="src-writers">
                <h4>Open for writing by</h4>
                <ul>
                  {report.writers.slice(0, 8).map((w) => (
                    <li key={`${w.pid}:${w.path}`} className="mono">
                      {w.pid} {w.comm} → <bdi>{w.path}</bdi>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
      </div>
    </div>
  );
}
