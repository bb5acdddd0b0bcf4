// Partitions of the scanned root, largest first: the units an operator compares and reaps.
// A row shows its tile in context (zooms to its directory and selects it).
import { useEffect, useMemo, useRef, type ReactElement } from 'react';
import type { PartitionSummary } from '../../../shared/models';
import type { WatchPartition } from '../../../shared/watchModels';
import { useWatchStore } from '../state/watchStore';
import { formatRate } from '../watchFormat';
import { Sparkline } from './Sparkline';
import { formatAge, formatBytes, formatCount, formatShortTime, formatTimestamp, nowSeconds } from '../format';
import { useScanStore } from '../state/scanStore';
import { useViewStore } from '../state/viewStore';
import { ageColor } from '../treemap/ageColor';
import { parentPath } from '../treemap/tree';
import { partitionPath, useSourcesStore } from '../state/sourcesStore';

interface RowProps {
  p: PartitionSummary;
  max: number;
  now: number;
  ageRef: number;
  selected: boolean;
  growth: WatchPartition | undefined;
}

function Row({ p, max, now, ageRef, selected, growth }: RowProps): ReactElement {
  const ref = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const reveal = () => void useViewStore.getState().reveal(p.path);
  const dir = parentPath(p.path);
  const name = p.path.slice(dir === '' ? 0 : dir.length + 1);
  return (
    <tr
      ref={ref}
      tabIndex={0}
      className={selected ? 'selected' : undefined}
      aria-selected={selected}
      data-path={p.path}
      onClick={reveal}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          reveal();
        }
      }}
    >
      <td className="p-path" title={p.path}>
        <span className="p-age-dot" style={{ background: ageColor(p.newestMtime, ageRef) }} aria-hidden="true" />
        <div className="p-text">
          <div className="p-name">
            <bdi>{name}</bdi>
          </div>
          <div className="p-dir">
            <bdi>
              {dir === '' ? './' : `${dir}/`} · {p.kind}
            </bdi>
          </div>
        </div>
        <button
          type="button"
          className="p-sources"
          data-testid="partition-sources"
          title={`Who writes ${p.path}: sources against their baseline, and their messages`}
          // Enter and Space belong to the button, not to the row (which would select and cancel the click).
          onKeyDown={(e) => e.stopPropagation()}
          onClick={(e) => {
            e.stopPropagation();
            const root = useScanStore.getState().root;
            if (root) void useSourcesStore.getState().open(partitionPath(root, p.path));
          }}
        >
          Sources…
        </button>
      </td>
      <td className="num p-size" title={`apparent ${formatBytes(p.apparentBytes)}`}>
        {formatBytes(p.allocatedBytes)}
        <div className="p-size-bar" aria-hidden="true">
          <span style={{ width: `${max > 0 ? (p.allocatedBytes / max) * 100 : 0}%` }} />
        </div>
      </td>
      <td className="num p-growth" title={growth ? `grew ${formatBytes(growth.grewBytes)} in the watch window` : 'not changed since the watch started'}>
        {growth ? (
          <>
            <span className={`p-rate${(growth.bytesPerSecond ?? 0) > 0 ? ' hot' : ''}`}>{formatRate(growth.bytesPerSecond)}</span>
            <Sparkline values={growth.spark} width={44} height={12} label={`${p.path} size, last samples`} />
          </>
        ) : (
          <span className="muted">–</span>
        )}
      </td>
      <td className="num">{formatCount(p.files)}</td>
      <td className="num" title={`${formatAge(p.newestMtime, now)} · ${formatTimestamp(p.newestMtime)}`}>
        {formatShortTime(p.newestMtime, now)}
      </td>
    </tr>
  );
}

export function PartitionTable(): ReactElement {
  const summary = useScanStore((s) => s.summary);
  const loading = useScanStore((s) => s.loadingResults);
  const progress = useScanStore((s) => s.progress);
  const ageRef = useScanStore((s) => s.ageRefSec);
  const selectedKey = useViewStore((s) => s.selectedKey);
  const watched = useWatchStore((s) => s.snapshot?.partitions);
  const growthByPath = useMemo(() => new Map((watched ?? []).map((g) => [g.path, g])), [watched]);
  const rows = useMemo(
    () => [...(summary?.partitions ?? [])].sort((a, b) => b.allocatedBytes - a.allocatedBytes || a.path.localeCompare(b.path)),
    [summary],
  );
  const now = useMemo(() => nowSeconds(), [summary]);
  const inPartitions = rows.reduce((s, p) => s + p.allocatedBytes, 0) + (summary?.morePartitions.allocatedBytes ?? 0);
  const max = rows[0]?.allocatedBytes ?? 0;

  return (
    <>
      <div className="table-head">
        <h2 className="panel-title">Partitions by size</h2>
        {summary && (
          <div className="totals">
            {formatCount(rows.length + summary.morePartitions.count)} partitions hold {formatBytes(inPartitions)} of{' '}
            {formatBytes(summary.allocatedBytes)}
            {summary.partial && <span className="badge partial">partial</span>}
          </div>
        )}
      </div>
      <div className="table-wrap">
        {!summary ? (
          <div className="empty-note">{loading || progress?.state === 'running' ? 'Waiting for the scan…' : 'No scan yet.'}</div>
        ) : rows.length === 0 ? (
          <div className="empty-note">No partitions detected under this root (day directories, segments, rotated files, SQLite stores).</div>
        ) : (
          <table className="partitions" data-testid="partitions">
            <colgroup>
              <col />
              <col className="c-size" />
              <col className="c-growth" />
              <col className="c-files" />
              <col className="c-newest" />
            </colgroup>
            <thead>
              <tr>
                <th>Partition</th>
                <th className="num">Allocated</th>
                <th className="num" title="Live growth (bytes/s) from the watch">Growth</th>
                <th className="num">Files</th>
                <th className="num">Newest</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <Row key={p.id} p={p} max={max} now={now} ageRef={ageRef} selected={p.path === selectedKey} growth={growthByPath.get(p.path)} />
              ))}
            </tbody>
            {summary.morePartitions.count > 0 && (
              <tfoot>
                <tr>
                  <td>{formatCount(summary.morePartitions.count)} more partitions</td>
                  <td className="num">{formatBytes(summary.morePartitions.allocatedBytes)}</td>
                  <td colSpan={3} />
                </tr>
              </tfoot>
            )}
          </table>
        )}
      </div>
    </>
  );
}
