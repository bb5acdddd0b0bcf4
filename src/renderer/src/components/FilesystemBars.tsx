// Mounted filesystems of the node: fill bar (70% warn, 90% critical), free space, inodes.
import type { ReactElement } from 'react';
import type { Filesystem } from '../../../shared/models';
import { formatBytes, formatPercent } from '../format';
import { useHeldStore } from '../state/heldStore';
import { useNodeStore } from '../state/nodeStore';
import { useViewStore } from '../state/viewStore';
import { FsGrowth } from './FsGrowth';
import { AlertSettings } from './AlertSettings';
import { useWatchStore } from '../state/watchStore';

/** The filesystem a path lives on: the longest mount point that prefixes it. */
export function filesystemOf(filesystems: readonly Filesystem[], path: string | null): Filesystem | null {
  if (!path) return null;
  let best: Filesystem | null = null;
  for (const fs of filesystems) {
    const m = fs.mount;
    const under = m === '/' || path === m || path.startsWith(m.endsWith('/') ? m : `${m}/`);
    if (under && (!best || m.length > best.mount.length)) best = fs;
  }
  return best;
}

function FilesystemRow({ fs, holdsRoot }: { fs: Filesystem; holdsRoot: boolean }): ReactElement {
  const pct = Math.min(Math.max(fs.fillRatio, 0), 1);
  const inodeRatio = fs.inodesTotal > 0 ? fs.inodesUsed / fs.inodesTotal : null;
  const held = useHeldStore((s) => s.report?.filesystems.find((f) => f.mount === fs.mount)?.heldBytes ?? 0);
  return (
    <li className="fs" data-mount={fs.mount} data-level={fs.level}>
      <div className="fs-head">
        <span className="fs-mount mono" title={`${fs.mount} (${fs.source})`}>
          {fs.mount}
        </span>
        <span className="fs-type">{fs.fstype}</span>
        {holdsRoot && <span className="tag" title="The selected root is on this filesystem">root</span>}
        <span className={`fs-pct ${fs.level}`}>{formatPercent(pct)}</span>
      </div>
      <div
        className="bar"
        role="meter"
        aria-label={`${fs.mount} used`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct * 100)}
      >
        <div className={`bar-fill ${fs.level}`} style={{ width: `${pct * 100}%` }} />
        <div className="bar-mark" style={{ left: '70%' }} />
        <div className="bar-mark" style={{ left: '90%' }} />
      </div>
      <div className="fs-detail">
        <span>
          {formatBytes(fs.usedBytes)} of {formatBytes(fs.sizeBytes)}
        </span>
        <span>{formatBytes(fs.availBytes)} free</span>
      </div>
      <FsGrowth mount={fs.mount} />
      {held > 0 && (
        <div className="fs-detail fs-held" data-testid="fs-held">
          <span>
            <i className="sw held" aria-hidden="true" />
            held by deleted files
          </span>
          <button type="button" className="link" title="Show hidden usage" onClick={() => useViewStore.getState().setTab('held')}>
            {formatBytes(held)}
          </button>
        </div>
      )}
      <div className="fs-detail">
        <span>inodes</span>
        <span>{inodeRatio === null ? 'n/a' : `${formatPercent(inodeRatio)} of ${fs.inodesTotal.toLocaleString('en-US')}`}</span>
      </div>
    </li>
  );
}

export function FilesystemBars(): ReactElement {
  const filesystems = useNodeStore((s) => s.filesystems);
  const error = useNodeStore((s) => s.filesystemsError);
  const partial = useNodeStore((s) => s.filesystemsPartial);
  const loading = useNodeStore((s) => s.loading);
  const selectedRoot = useNodeStore((s) => s.selectedRoot);
  const holder = filesystemOf(filesystems, selectedRoot);
  // The watched filesystem's numbers are live; the others are as last listed.
  const live = useWatchStore((s) => s.snapshot?.filesystems);
  const current = filesystems.map((f) => {
    const w = live?.find((x) => x.mount === f.mount);
    return w ? { ...f, usedBytes: w.usedBytes, availBytes: w.availBytes, fillRatio: w.fillRatio, level: w.level } : f;
  });
  const sorted = [...current].sort((a, b) => b.fillRatio - a.fillRatio || a.mount.localeCompare(b.mount));
  return (
    <section className="panel-section" aria-labelledby="fs-title">
      <h2 id="fs-title">Filesystems</h2>
      {loading && filesystems.length === 0 && <div className="muted">Reading mounts…</div>}
      <ul className="fs-list" data-testid="filesystems">
        {sorted.map((fs) => (
          <FilesystemRow key={fs.mount} fs={fs} holdsRoot={holder?.mount === fs.mount} />
        ))}
      </ul>
      {(error || partial) && <div className="error">{error ?? 'Some mounts could not be read.'}</div>}
      <AlertSettings />
    </section>
  );
}
