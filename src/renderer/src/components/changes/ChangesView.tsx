// The node view's Changes tab (issue 19): what grew, shrank, appeared and went under the treemap's root since
// an earlier stored scan, largest change first (scan.diff: at most 500, then the rest summed), and the
// stored scans to compare with ("yesterday 21:00", "last week"). Read when the tab opens and when a scan of
// the root ends.
import { useEffect, useRef, type ReactElement } from 'react';
import type { ScanDiffEntry, StoredScan } from '../../../../shared/historyModels';
import { formatBytes, formatCount } from '../../format';
import { changesKey, useChangesStore } from '../../state/changesStore';
import { useScanStore } from '../../state/scanStore';
import { useNavStore } from '../../state/navStore';
import { scanTimeLabel, signedBytes } from './changesText';
import { desktopTransfers, exportHref, transfersAvailable } from '../../api/ncduTransfer';
import { IMPORT_ACTIONS_DISABLED } from '../../../../shared/nodeNames';
import './changes.css';

/** Kinds named otherwise than their id; any other kind (day, segment, rotated...) reads as itself. */
const KIND_LABEL: Readonly<Record<string, string>> = { dir: 'directory', sqlite: 'SQLite' };
const kindLabel = (kind: ScanDiffEntry['kind']) => KIND_LABEL[kind] ?? kind;

function ScanPicker({ scans, toAt, fromAt, now }: { scans: StoredScan[]; toAt: number | null; fromAt: number | null; now: number }): ReactElement {
  // Only scans before the one compared are offered; the first is the default (the one before).
  const earlier = scans.filter((s) => toAt === null || s.scannedAt < toAt);
  return (
    <label className="changes-pick">
      <span className="muted">Compared with</span>
      <select
        data-testid="changes-from"
        value={fromAt === null ? '' : String(fromAt)}
        disabled={earlier.length === 0}
        onChange={(e) => void useChangesStore.getState().pick(e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">the scan before</option>
        {earlier.map((s) => (
          <option key={s.id} value={String(s.scannedAt)}>
            {scanTimeLabel(s.scannedAt, now)} · {formatBytes(s.allocatedBytes)}
            {s.partial ? ' (partial)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * "Export…" the root as an ncdu file, "Open ncdu export…" from a node Spoolscope cannot reach: over HTTP in a
 * browser, through the main process's save and open dialogs in Electron.
 */
function NcduButtons({ node, root }: { node: string; root: string | null }): ReactElement | null {
  const importing = useChangesStore((s) => s.imported !== null);
  const input = useRef<HTMLInputElement>(null);
  const upload = useChangesStore((s) => s.upload);
  const desktopExport = useChangesStore((s) => s.desktopExport);
  if (!transfersAvailable()) return null;
  const desktop = desktopTransfers() !== null;
  const exportTitle = "Every file under the root in ncdu's format (ncdu -f FILE opens it)";
  return (
    <span className="changes-ncdu">
      {root && !importing && !desktop && (
        <a className="button" href={exportHref(node, root)} download data-testid="export-ncdu" title={exportTitle}>
          Export…
        </a>
      )}
      {root && !importing && desktop && (
        <button type="button" data-testid="export-ncdu" disabled={desktopExport?.busy === true} title={exportTitle} onClick={() => void useChangesStore.getState().saveExport(node, root)}>
          Export…
        </button>
      )}
      {desktopExport && (
        <span className="muted" role="status" data-testid="export-ncdu-status">
          {desktopExport.text}
        </span>
      )}
      <button
        type="button"
        data-testid="open-ncdu"
        disabled={upload !== null && upload.error === null}
        onClick={() => (desktop ? void useChangesStore.getState().openImportFromDialog() : input.current?.click())}
        title="An export made with ncdu -o on a node this app cannot reach (gzip'd or not)">
        {upload && upload.error === null ? `Reading ${upload.file}…` : 'Open ncdu export…'}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        data-testid="open-ncdu-file"
        accept=".json,.gz,application/json,application/gzip"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void useChangesStore.getState().openImport(file);
        }}
      />
    </span>
  );
}

const plural = (n: number, noun: string) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

function ImportBanner(): ReactElement | null {
  const imported = useChangesStore((s) => s.imported);
  const upload = useChangesStore((s) => s.upload);
  if (upload?.error) {
    return (
      <p className="changes-note" role="alert" data-testid="import-error">
        Could not open {upload.file}: {upload.error}
      </p>
    );
  }
  if (!imported) return null;
  const s = imported.summary;
  return (
    <div className="changes-import" data-testid="import-banner">
      <span>
        <strong>{imported.file}</strong> kept as <span className="mono">{imported.label}</span>: <span className="mono">{imported.root}</span>
        {s && ` · ${formatBytes(s.allocatedBytes)}, ${plural(s.files, 'file')}, ${plural(s.partitions.length + s.morePartitions.count, 'partition')}`}
      </span>
      <span className="muted">Actions are off: {IMPORT_ACTIONS_DISABLED}.</span>
      <button type="button" onClick={() => useChangesStore.getState().closeImport()}>
        Back to this node
      </button>
    </div>
  );
}

export function ChangesView(): ReactElement {
  const node = useNavStore((s) => s.node);
  const root = useScanStore((s) => s.root);
  const jobState = useScanStore((s) => s.progress?.state ?? null);
  const jobId = useScanStore((s) => s.jobId);
  const { scans, diff, loading, error, fromAt, imported } = useChangesStore();
  useEffect(() => {
    void useChangesStore.getState().loadIfStale();
  }, [node, root, jobId, jobState]);
  const now = Date.now();
  const state = loading ? 'loading' : error ? 'error' : diff ? (diff.from ? 'done' : 'none') : 'idle';
  return (
    <div className="changes-view" data-testid="changes" data-state={state} data-key={changesKey() ?? ''}>
      <div className="held-head changes-head">
        <h2 className="held-title">Changes</h2>
        {diff?.from && diff.to && (
          <span className="held-total" data-testid="changes-total" title={`${formatBytes(diff.from.allocatedBytes)} then, ${formatBytes(diff.to.allocatedBytes)} now${diff.from.partial || diff.to.partial ? ' (a scan was partial)' : ''}`}>
            <strong className={diff.deltaBytes > 0 ? 'grew' : diff.deltaBytes < 0 ? 'shrank' : ''}>{signedBytes(diff.deltaBytes)}</strong> since {scanTimeLabel(diff.from.scannedAt, now)}
            {diff.from.partial || diff.to.partial ? ' (partial)' : ''}
          </span>
        )}
        <span className="spacer" />
        <ScanPicker scans={scans} toAt={diff?.to?.scannedAt ?? null} fromAt={fromAt} now={now} />
        <NcduButtons node={node} root={root} />
      </div>
      <ImportBanner />
      {!root && !imported && <p className="changes-note muted">Pick a root to see what changed under it.</p>}
      {error && (
        <p className="changes-note" role="alert">
          Could not compare the scans: {error}
        </p>
      )}
      {diff && !diff.from && <p className="changes-note muted" data-testid="changes-none">{diff.reason ?? 'No earlier scan to compare with.'} Each scan of the root is kept, so the next one will show what grew.</p>}
      {diff?.from && diff.entries.length === 0 && <p className="changes-note muted">Nothing changed.</p>}
      {diff?.from && diff.entries.length > 0 && (
        <div className="changes-scroll">
          <table className="changes-table" data-testid="changes-table">
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col" className="num">
                  Size change
                </th>
                <th scope="col" className="num">
                  Before
                </th>
                <th scope="col" className="num">
                  Now
                </th>
                <th scope="col">Kind</th>
                <th scope="col">Path</th>
              </tr>
            </thead>
            <tbody>
              {diff.entries.map((e) => (
                <tr key={e.path} data-change={e.change}>
                  <td className={`change ${e.change}`}>{e.change}</td>
                  <td className={`num ${e.deltaBytes > 0 ? 'grew' : 'shrank'}`}>{signedBytes(e.deltaBytes)}</td>
                  <td className="num">{e.change === 'appeared' ? '–' : formatBytes(e.beforeBytes)}</td>
                  <td className="num">{e.change === 'went' ? '–' : formatBytes(e.afterBytes)}</td>
                  <td>{kindLabel(e.kind)}</td>
                  <td className="mono changes-path" title={e.path}>
                    {e.path}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {diff.more.count > 0 && (
            <p className="changes-note muted" data-testid="changes-more">
              … {formatCount(diff.more.count)} more changes, {signedBytes(diff.more.deltaBytes)} together
            </p>
          )}
          {diff.unknown > 0 && <p className="changes-note muted">{formatCount(diff.unknown)} entries are missing from a scan cut at its 200,000-entry limit: whether they changed is not known.</p>}
        </div>
      )}
    </div>
  );
}
