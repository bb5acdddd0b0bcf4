// Mounted filesystems of the node: fill bar (70% warn, 90% critical), free space, inodes. The list is
// re-read while the page is visible (state/filesystemPolling.ts); a filesystem holding a root or named by
// an open alert always shows (state/shownFilesystems.ts). A root's badge, rate and time to full go on the
// mount df names for it on the node.
import { useState, type ReactElement } from 'react';
import { fillPercent, formatFill } from '../../../shared/fillRatio';
import type { Filesystem } from '../../../shared/models';
import { formatBytes, formatPercent } from '../format';
import { useHeldStore } from '../state/heldStore';
import { useNavStore } from '../state/navStore';
import { useNodeStore } from '../state/nodeStore';
import { isPseudoOrTiny } from '../state/fsVisibility';
import { pinnedMounts, shownFilesystems } from '../state/shownFilesystems';
import { useViewStore } from '../state/viewStore';
import { FsGrowth } from './FsGrowth';
import { MiddleTruncate } from './MiddleTruncate';
import { AlertSettings } from './AlertSettings';
import { useWatchStore } from '../state/watchStore';

/**
 * The filesystem a path lives on by the longest mount point that prefixes it: a guess that misses bind
 * mounts, left for the treemap's fallback when a scan has no device. The panel uses the node's rootMounts.
 */
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
        <MiddleTruncate text={fs.mount} className="fs-mount mono" title={`${fs.mount} (${fs.source})`} />
        <span className="fs-type">{fs.fstype}</span>
        {holdsRoot && <span className="tag" title="The selected root is on this filesystem">root</span>}
        <span className={`fs-pct ${fs.level}`} title="used / (used + available), as df computes Use%">
          {formatFill(fillPercent(fs.usedBytes, fs.availBytes))}
        </span>
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

function MissingRow({ mount, level }: { mount: string; level: Filesystem['level'] }): ReactElement {
  return (
    <li className="fs missing" data-mount={mount} data-level={level} data-missing="true">
      <div className="fs-head">
        <MiddleTruncate text={mount} className="fs-mount mono" />
      </div>
      <div className="fs-detail muted">
        <span>Named by an alert or a root; not in the node's last df listing.</span>
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
  const rootMounts = useNodeStore((s) => s.rootMounts);
  const node = useNavStore((s) => s.node);
  const allAlerts = useWatchStore((s) => s.alerts);
  const alerts = allAlerts.filter((a) => a.node === node);
  // The mount df names for the selected root on the node: never a guess by path prefix here.
  const rootMount = selectedRoot ? (rootMounts[selectedRoot] ?? null) : null;
  // The watched filesystem's numbers are live; the others are as last listed.
  const snapshot = useWatchStore((s) => s.snapshot);
  const live = snapshot && snapshot.node === node ? snapshot.filesystems : [];
  const current = filesystems.map((f) => {
    const w = live.find((x) => x.mount === f.mount);
    return w ? { ...f, usedBytes: w.usedBytes, availBytes: w.availBytes, fillRatio: w.fillRatio, level: w.level } : f;
  });
  // Pseudo and tiny filesystems wait behind "show all"; a root's or an alert's always shows.
  const [showAll, setShowAll] = useState(false);
  const pinned = pinnedMounts(rootMounts, alerts, node);
  const shown = shownFilesystems(current, pinned, live, alerts, showAll ? undefined : isPseudoOrTiny);
  const hiddenCount = showAll ? 0 : current.filter((f) => !pinned.has(f.mount) && isPseudoOrTiny(f)).length;
  const hideable = current.some((f) => !pinned.has(f.mount) && isPseudoOrTiny(f));
  return (
    <section className="panel-section" aria-labelledby="fs-title">
      <h2 id="fs-title">Filesystems</h2>
      {loading && filesystems.length === 0 && <div className="muted">Reading mounts…</div>}
      <ul className="fs-list" data-testid="filesystems">
        {shown.map((s) =>
          s.kind === 'listed' ? (
            <FilesystemRow key={s.fs.mount} fs={s.fs} holdsRoot={rootMount === s.fs.mount} />
          ) : (
            <MissingRow key={s.mount} mount={s.mount} level={s.level} />
          ),
        )}
      </ul>
      {hideable && (
        <button
          type="button"
          className="link fs-show-all"
          data-testid="fs-show-all"
          aria-pressed={showAll}
          title="Pseudo filesystems (/dev, /sys, /proc, cgroup…) and those under 1 MiB"
          onClick={() => setShowAll(!showAll)}
        >
          {showAll ? 'Hide pseudo and tiny filesystems' : `Show all (${hiddenCount} pseudo or tiny hidden)`}
        </button>
      )}
      {(error || partial) && <div className="error">{error ?? 'Some mounts could not be read.'}</div>}
      <AlertSettings />
    </section>
  );
}
