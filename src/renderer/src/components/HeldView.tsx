// Hidden usage: the reconciliation bars, then every process holding deleted-but-open files, grouped by
// process (held bytes, files, unit), expandable to its files, sortable, and virtualized: only the rows in
// view are in the DOM, so 100k held fds scroll as smoothly as ten. Reclaim starts from a process or from
// selected files and always shows a plan first (ReclaimDialog). Memory held the same way (memfds, shared
// memory, /dev/shm) is a section of its own: not in the held figures, nothing to select, no Reclaim.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type ReactElement } from 'react';
import type { HeldFile, HeldHolder, HeldReport } from '../../../shared/heldModels';
import { formatBytes, formatCount, formatShortTime, nowSeconds } from '../format';
import { holderLabel, memoryKindLabel, memoryRows, memorySummary, sortHolders, useHeldStore, type HeldSortKey } from '../state/heldStore';
import { Reconciliation } from './Reconciliation';
import { importedReason, useScanStore } from '../state/scanStore';

const HOLDER_ROW = 50;
/** Memory files listed in the memory section; the rest are summed (Chromium alone holds hundreds). */
const MEMORY_SHOWN = 200;
const FILE_ROW = 42;
const MORE_ROW = 32;

type Row =
  | { kind: 'holder'; key: string; holder: HeldHolder; max: number }
  | { kind: 'file'; key: string; holder: HeldHolder; file: HeldFile }
  | { kind: 'more'; key: string; holder: HeldHolder };

/** Control characters and the kernel's " (deleted)" suffix are made visible, never interpreted. */
export function displayHeldPath(path: string): string {
  const bare = path.endsWith(' (deleted)') ? path.slice(0, -' (deleted)'.length) : path;
  // eslint-disable-next-line no-control-regex
  return bare.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

function SortHeader({ k, label, className }: { k: HeldSortKey; label: string; className?: string }): ReactElement {
  const sort = useHeldStore((s) => s.sort);
  const active = sort.key === k;
  return (
    <div role="columnheader" className={className} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className={`sort${active ? ' active' : ''}`} data-sort={k} onClick={() => useHeldStore.getState().setSort(k)}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (sort.desc ? '▼' : '▲') : '↕'}
        </span>
      </button>
    </div>
  );
}

function HolderRow({ row, focused }: { row: Extract<Row, { kind: 'holder' }>; focused: boolean }): ReactElement {
  const h = row.holder;
  const expanded = useHeldStore((s) => s.expanded.has(h.pid));
  const selection = useHeldStore((s) => (s.selection?.pid === h.pid ? s.selection : null));
  // While an import is on screen every action of the node view is off, this one too (ImportedBanner).
  const off = importedReason(useScanStore((s) => s.imported));
  const selectable = h.files.filter((f) => !f.duplicate).map((f) => f.fd);
  const allSelected = !!selection && selectable.length > 0 && selectable.every((fd) => selection.fds.includes(fd));
  return (
    <div className={`held-row holder${focused ? ' focused' : ''}`} role="row" data-testid="held-holder" data-pid={h.pid} data-held-bytes={h.heldBytes} data-files={h.fileCount}>
      <div role="cell" className="c-proc">
        <button
          type="button"
          className="caret"
          aria-expanded={expanded}
          aria-label={`${expanded ? 'Collapse' : 'Expand'} the files of ${holderLabel(h)}`}
          onClick={() => useHeldStore.getState().toggleExpanded(h.pid)}
        >
          {expanded ? '▾' : '▸'}
        </button>
        <input
          type="checkbox"
          aria-label={`Select every listed file of ${holderLabel(h)}`}
          checked={allSelected}
          ref={(el) => {
            if (el) el.indeterminate = !!selection && !allSelected;
          }}
          onChange={() => useHeldStore.getState().selectAllFiles(h.pid, allSelected ? [] : selectable)}
        />
        <div className="proc-text">
          <div className="proc-name">
            <span className="pid mono">{h.pid}</span> <strong>{h.comm}</strong>
            {h.uid !== 0 && <span className="muted"> uid {h.uid}</span>}
          </div>
          <div className="proc-cmd mono" title={h.cmdline}>
            {h.cmdline || '–'}
          </div>
        </div>
      </div>
      <div role="cell" className="c-unit mono" title={h.unit ?? 'no systemd unit'}>
        {h.unit ?? <span className="muted">–</span>}
      </div>
      <div role="cell" className="c-files num">
        {formatCount(h.fileCount)}
      </div>
      <div role="cell" className="c-held num">
        <strong>{formatBytes(h.heldBytes)}</strong>
        <div className="held-size-bar" aria-hidden="true">
          <span style={{ width: `${row.max > 0 ? (h.heldBytes / row.max) * 100 : 0}%` }} />
        </div>
      </div>
      <div role="cell" className="c-act">
        <button
          type="button"
          className="reclaim-btn"
          data-testid="reclaim-process"
          disabled={off !== null}
          title={off ?? undefined}
          onClick={() => void useHeldStore.getState().plan(h.pid, null)}
        >
          Reclaim…
        </button>
      </div>
    </div>
  );
}

function FileRow({ row }: { row: Extract<Row, { kind: 'file' }> }): ReactElement {
  const f = row.file;
  const checked = useHeldStore((s) => s.selection?.pid === f.pid && s.selection.fds.includes(f.fd));
  const path = displayHeldPath(f.path);
  const sparse = f.sizeBytes > f.allocatedBytes * 2 && f.sizeBytes - f.allocatedBytes > 1 << 20;
  return (
    <div className={`held-row file${checked ? ' checked' : ''}`} role="row" data-testid="held-file" data-pid={f.pid} data-fd={f.fd}>
      <div role="cell" className="c-proc">
        <input
          type="checkbox"
          aria-label={`Select fd ${f.fd} of pid ${f.pid}: ${path}`}
          checked={checked}
          disabled={f.duplicate}
          title={f.duplicate ? 'The same inode is held through another fd, where it is counted' : undefined}
          onChange={() => useHeldStore.getState().toggleFile(f.pid, f.fd)}
        />
        <span className="fd mono">fd {f.fd}</span>
        <div className="file-text">
          <div className="file-path mono" title={path}>
            <bdi>{path}</bdi>
          </div>
          <div className="file-flags">
            <span className="tag deleted">deleted</span>
            {f.writable ? (
              f.append ? (
                <span className="tag ok" title="Opened with O_APPEND: after truncation it writes from the start again">append</span>
              ) : (
                <span className="tag warn" title="Writer is not O_APPEND: the file grows back sparse after truncation (space is still freed)">
                  not append
                </span>
              )
            ) : (
              <span className="tag">read-only</span>
            )}
            {f.mapped && (
              <span
                className="tag bad"
                title={`Memory-mapped${f.mapper && f.mapper.pid !== f.pid ? ` by pid ${f.mapper.pid}${f.mapper.comm ? ` (${f.mapper.comm})` : ''}` : ''}: truncation is refused; restart ${f.mapper?.unit ?? 'that process'} to release it`}
              >
                {f.mapper && f.mapper.pid !== f.pid ? `mapped by ${f.mapper.pid}` : 'mapped'}
              </span>
            )}
            {f.readOnly && (
              <span className="tag warn" title="On a read-only mount: truncation would fail with EROFS">
                read-only mount
              </span>
            )}
            {f.duplicate && <span className="tag">same inode as another fd</span>}
            <span className="muted" title="Apparent size (what ls shows) against allocated blocks (what truncation frees)">
              size {formatBytes(f.sizeBytes)}
            </span>
            {f.mount && <span className="muted">on {f.mount}</span>}
          </div>
        </div>
      </div>
      <div role="cell" className={`c-held num${sparse ? ' sparse' : ''}`} title={sparse ? 'Large size over few blocks: sparse; blocks are what truncation frees' : 'allocated (blocks): what truncation frees'}>
        {f.duplicate ? <span className="muted">({formatBytes(f.allocatedBytes)})</span> : formatBytes(f.allocatedBytes)}
      </div>
      <div role="cell" className="c-act" />
    </div>
  );
}

function SelectionBar(): ReactElement | null {
  const selection = useHeldStore((s) => s.selection);
  const report = useHeldStore((s) => s.report);
  const off = importedReason(useScanStore((s) => s.imported));
  if (!selection) return null;
  const holder = report?.holders.find((h) => h.pid === selection.pid);
  const bytes = holder ? holder.files.filter((f) => selection.fds.includes(f.fd) && !f.duplicate).reduce((a, f) => a + f.allocatedBytes, 0) : 0;
  return (
    <div className="held-selection" data-testid="held-selection" role="status">
      <span>
        <strong>{selection.fds.length}</strong> {selection.fds.length === 1 ? 'file' : 'files'} of {holder ? holderLabel(holder) : selection.pid} selected ·{' '}
        {formatBytes(bytes)} allocated
      </span>
      <span className="spacer" />
      <button
        type="button"
        className="primary"
        data-testid="reclaim-selected"
        disabled={off !== null}
        title={off ?? undefined}
        onClick={() => void useHeldStore.getState().plan(selection.pid, selection.fds)}
      >
        Reclaim selected…
      </button>
      <button type="button" onClick={() => useHeldStore.getState().clearSelection()}>
        Clear
      </button>
    </div>
  );
}

function HeldList(): ReactElement {
  const report = useHeldStore((s) => s.report);
  const sort = useHeldStore((s) => s.sort);
  const expanded = useHeldStore((s) => s.expanded);
  const focusPid = useHeldStore((s) => s.focusPid);
  const scrollRef = useRef<HTMLDivElement>(null);

  const rows = useMemo(() => {
    const out: Row[] = [];
    const holders = sortHolders(report?.holders ?? [], sort);
    const max = holders.reduce((m, h) => Math.max(m, h.heldBytes), 0);
    for (const h of holders) {
      out.push({ kind: 'holder', key: `p${h.pid}`, holder: h, max });
      if (!expanded.has(h.pid)) continue;
      const files = [...h.files].sort((a, b) => b.allocatedBytes - a.allocatedBytes || a.fd - b.fd);
      for (const f of files) out.push({ kind: 'file', key: `p${h.pid}f${f.fd}`, holder: h, file: f });
      if (h.moreFiles > 0) out.push({ kind: 'more', key: `p${h.pid}more`, holder: h });
    }
    return out;
  }, [report, sort, expanded]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i].kind === 'holder' ? HOLDER_ROW : rows[i].kind === 'file' ? FILE_ROW : MORE_ROW),
    getItemKey: (i) => rows[i].key,
    overscan: 8,
  });

  // A click on a hatched treemap tile or a holder named under a bar: bring that process into view.
  useEffect(() => {
    if (focusPid === null) return;
    const i = rows.findIndex((r) => r.kind === 'holder' && r.holder.pid === focusPid);
    if (i >= 0) virtualizer.scrollToIndex(i, { align: 'start' });
  }, [focusPid, rows, virtualizer]);

  const items = virtualizer.getVirtualItems();
  // Deep in one process's files its row is out of view: name it over the top of the list.
  const offset = virtualizer.scrollOffset ?? 0;
  const top = items.find((v) => v.end > offset);
  const topRow = top ? rows[top.index] : null;
  const context = topRow && topRow.kind !== 'holder' && offset > 0 ? topRow.holder : null;
  return (
    <div className="held-table" role="table" aria-label="Processes holding deleted files" aria-rowcount={rows.length + 1}>
      <div className="held-row header" role="row">
        <SortHeader k="pid" label="Process" className="c-proc" />
        <div role="columnheader" className="c-unit">
          Unit
        </div>
        <SortHeader k="files" label="Files" className="c-files num" />
        <SortHeader k="bytes" label="Held" className="c-held num" />
        <div role="columnheader" className="c-act" />
      </div>
      {context && (
        <div className="held-context" data-testid="held-context" data-pid={context.pid}>
          <span>
            files of <span className="pid mono">{context.pid}</span> <strong>{context.comm}</strong>
            {context.unit ? ` · ${context.unit}` : ''} · {formatCount(context.fileCount)} files · {formatBytes(context.heldBytes)}
          </span>
          <button
            type="button"
            className="link"
            onClick={() => {
              const i = rows.findIndex((r) => r.kind === 'holder' && r.holder.pid === context.pid);
              if (i >= 0) virtualizer.scrollToIndex(i, { align: 'start' });
            }}
          >
            to the process
          </button>
        </div>
      )}
      <div className="held-scroll" ref={scrollRef} data-testid="held-list" data-rows={rows.length} data-rendered={items.length}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const row = rows[v.index];
            return (
              <div key={v.key} className="held-slot" style={{ height: v.size, transform: `translateY(${v.start}px)` }} aria-rowindex={v.index + 2}>
                {row.kind === 'holder' ? (
                  <HolderRow row={row} focused={row.holder.pid === focusPid} />
                ) : row.kind === 'file' ? (
                  <FileRow row={row} />
                ) : (
                  <div className="held-row more" role="row">
                    <div role="cell">
                      {formatCount(row.holder.moreFiles)} more files not listed (per-process cap); Reclaim… on the process covers them too.
                    </div>
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** Memory held by deleted-but-open files: shown so it is not mistaken for disk, never offered for reclaim. */
function MemorySection({ report }: { report: HeldReport }): ReactElement | null {
  const open = useHeldStore((s) => s.memoryOpen);
  const { bytes, files, processes } = memorySummary(report);
  if (files === 0) return null;
  const rows = memoryRows(report, MEMORY_SHOWN);
  const rest = files - rows.length;
  return (
    <details
      className="held-memory"
      data-testid="held-memory"
      data-bytes={bytes}
      data-files={files}
      open={open}
      onToggle={(e) => useHeldStore.getState().setMemoryOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary title="Memfds, shared memory and files on /dev/shm are RAM or swap, not disk: they are not in the held figures and are never truncated. The memory is released when the process closes them.">
        <strong>Memory, not disk:</strong> {formatBytes(bytes)} in {formatCount(files)} deleted {files === 1 ? 'file' : 'files'} of {formatCount(processes)}{' '}
        {processes === 1 ? 'process' : 'processes'} <span className="muted">· not held disk · never truncated</span>
      </summary>
      <div className="held-memory-list" role="table" aria-label="Memory held by deleted-but-open files">
        {rows.map((m) => {
          const path = displayHeldPath(m.path);
          return (
            <div key={`${m.pid}:${m.fd}`} className="held-memory-row" role="row" data-testid="held-memory-file" data-pid={m.pid} data-fd={m.fd} data-kind={m.kind}>
              <div role="cell" className="mono">
                {m.pid} <strong>{m.comm}</strong>
                {m.unit ? <span className="muted"> · {m.unit}</span> : null}
              </div>
              <div role="cell">
                <span className="tag" title="Why this is memory, not disk">
                  {memoryKindLabel(m.kind)}
                </span>
              </div>
              <div role="cell" className="mono held-memory-path" title={path}>
                fd {m.fd} <bdi>{path}</bdi>
              </div>
              <div role="cell" className="num">
                {m.duplicate ? <span className="muted">({formatBytes(m.allocatedBytes)})</span> : formatBytes(m.allocatedBytes)}
              </div>
            </div>
          );
        })}
        {rest > 0 && <div className="held-memory-row more muted">and {formatCount(rest)} more</div>}
      </div>
    </details>
  );
}

export function HeldView(): ReactElement {
  const report = useHeldStore((s) => s.report);
  const error = useHeldStore((s) => s.error);
  const loading = useHeldStore((s) => s.loading);
  const refresh = () => void useHeldStore.getState().refresh();
  // Opened (the tab, or a link to it): figures over a minute old are read again.
  useEffect(() => {
    void useHeldStore.getState().refreshIfStale();
  }, []);
  const holders = report?.holders.length ?? 0;
  const files = report?.holders.reduce((a, h) => a + h.fileCount, 0) ?? 0;
  const unavailable = error && /not available/i.test(error.message);
  return (
    <div className="held-view" data-testid="held-view">
      <div className="held-head">
        <h2 className="held-title">Hidden usage</h2>
        {report && (
          <span
            className="held-total"
            title={`${formatBytes(report.totalHeldBytes)} held by ${formatCount(holders)} processes in ${formatCount(files)} deleted files still open`}
            data-testid="held-total" data-bytes={report.totalHeldBytes}>
            <strong>{formatBytes(report.totalHeldBytes)}</strong> held by {formatCount(holders)} {holders === 1 ? 'process' : 'processes'} in {formatCount(files)}{' '}
            deleted {files === 1 ? 'file' : 'files'}
          </span>
        )}
        {report?.partial && (
          <span className="badge partial" title={['Not every process could be seen (not root) or a limit was hit.', ...report.errors.slice(0, 10)].join('\n')}>
            partial
          </span>
        )}
        <span className="spacer" />
        {report && <span className="muted">checked {formatShortTime(report.scannedAt / (report.scannedAt > 1e11 ? 1000 : 1), nowSeconds())}</span>}
        {loading && <span className="spinner" aria-label="Checking" />}
        <button type="button" onClick={refresh} disabled={loading} data-testid="held-refresh">
          Refresh
        </button>
      </div>
      {error && (
        <div className="held-notice" role="status" data-testid="held-unavailable" data-code={error.code}>
          <strong>{unavailable ? 'Hidden usage is not available on this node yet.' : 'Could not list deleted-but-open files.'}</strong>
          <span className="mono">{error.message}</span>
          <button type="button" onClick={refresh} disabled={loading}>
            Retry
          </button>
        </div>
      )}
      {!report && !error && (
        <div className="empty-note">
          <span className="spinner inline" aria-hidden="true" />
          Looking for deleted files that processes keep open…
        </div>
      )}
      {report && (
        <>
          <Reconciliation />
          <MemorySection report={report} />
          <SelectionBar />
          {holders === 0 ? (
            <div className="empty-note" data-testid="held-empty">
              No process holds a deleted file on disk{report.partial ? ' that this user can see' : ''}: df and du should agree.
            </div>
          ) : (
            <HeldList />
          )}
        </>
      )}
    </div>
  );
}
