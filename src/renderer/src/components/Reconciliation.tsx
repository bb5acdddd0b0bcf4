// df/du reconciliation per filesystem: what df says is used, split into bytes visible in the scanned roots,
// bytes held by deleted-but-open files (hatched, top holders named) and the rest (outside the roots,
// reserved, metadata), so the parts add up to the used bytes.
import { useState, type ReactElement } from 'react';
import type { HeldFilesystem } from '../../../shared/heldModels';
import { fillPercent, formatFill } from '../../../shared/fillRatio';
import { formatBytes } from '../format';
import { useHeldStore } from '../state/heldStore';

function pct(part: number, whole: number): string {
  return `${whole > 0 ? Math.min(Math.max(part / whole, 0), 1) * 100 : 0}%`;
}

function FilesystemReconciliation({ fs }: { fs: HeldFilesystem }): ReactElement {
  const scanned = fs.visibleBytes !== null && fs.otherBytes !== null;
  const visible = Math.max(fs.visibleBytes ?? 0, 0);
  const held = Math.max(fs.heldBytes, 0);
  // Drawn parts never exceed what df says is used; the numbers below show the exact values.
  const heldDrawn = Math.min(held, fs.usedBytes);
  const visibleDrawn = Math.min(visible, fs.usedBytes - heldDrawn);
  const restDrawn = Math.max(fs.usedBytes - heldDrawn - visibleDrawn, 0);
  // The bar's whole is used + available, as df's Use%: blocks reserved for root are neither.
  const usable = fs.usedBytes + fs.availBytes;
  const summary = scanned
    ? `${formatBytes(fs.visibleBytes!)} visible in scanned roots + ${formatBytes(held)} held by deleted-open files + ${formatBytes(fs.otherBytes!)} other = ${formatBytes(fs.usedBytes)} used`
    : `${formatBytes(held)} held by deleted-open files of ${formatBytes(fs.usedBytes)} used; no scanned root on this filesystem`;
  return (
    <li
      className="recon"
      data-testid="reconcile"
      data-mount={fs.mount}
      data-used-bytes={fs.usedBytes}
      data-held-bytes={fs.heldBytes}
      data-visible-bytes={fs.visibleBytes ?? ''}
      data-other-bytes={fs.otherBytes ?? ''}
    >
      <div className="recon-head">
        <span className="recon-mount mono" title={fs.mount}>
          {fs.mount}
        </span>
        <span className="recon-used">
          <strong>{formatBytes(fs.usedBytes)}</strong> used, {formatBytes(fs.availBytes)} free (
          <span data-testid="reconcile-fill" title="used / (used + available), as df computes Use%; blocks reserved for root are neither">
            {formatFill(fillPercent(fs.usedBytes, fs.availBytes))}
          </span>
          , as df)
        </span>
      </div>
      <div className="recon-bar" role="img" aria-label={summary}>
        {scanned && <div className="seg visible" style={{ width: pct(visibleDrawn, usable) }} title={`visible in scanned roots: ${formatBytes(visible)}`} />}
        <div className="seg held" style={{ width: pct(heldDrawn, usable) }} title={`held by deleted-open files: ${formatBytes(held)}`} />
        <div
          className={`seg ${scanned ? 'other' : 'unknown'}`}
          style={{ width: pct(restDrawn, usable) }}
          title={scanned ? `other: ${formatBytes(fs.otherBytes!)}` : `not split: ${formatBytes(restDrawn)} (no root scanned here)`}
        />
      </div>
      <div className="recon-legend">
        {scanned ? (
          <span className="recon-item">
            <i className="sw visible" aria-hidden="true" />
            visible in roots <strong>{formatBytes(fs.visibleBytes!)}</strong>
          </span>
        ) : null}
        <span className="recon-item">
          <i className="sw held" aria-hidden="true" />
          held by deleted files <strong>{formatBytes(held)}</strong>
        </span>
        {scanned ? (
          <span className="recon-item" title="Outside the scanned roots, reserved blocks, filesystem metadata">
            <i className="sw other" aria-hidden="true" />
            other <strong>{formatBytes(fs.otherBytes!)}</strong>
          </span>
        ) : (
          <span className="recon-item">
            <i className="sw unknown" aria-hidden="true" />
            not split <strong>{formatBytes(Math.max(fs.usedBytes - held, 0))}</strong>
          </span>
        )}
      </div>
      {!scanned && (
        <div className="recon-note" data-testid="reconcile-unscanned">
          No root on this filesystem was scanned, so visible and other bytes are unknown: scan a root here to split them.
        </div>
      )}
      {fs.topHolders.length > 0 && (
        <div className="recon-holders">
          <span className="muted">held by</span>
          {fs.topHolders.map((h) => (
            <button
              key={h.pid}
              type="button"
              className="link"
              title="Show this process's held files"
              onClick={() => useHeldStore.getState().focusHolder(h.pid)}
            >
              {h.pid} {h.comm}
              {h.unit ? ` (${h.unit})` : ''} · {formatBytes(h.heldBytes)} in {h.files} {h.files === 1 ? 'file' : 'files'}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}

/** Filesystems worth a bar: those holding deleted-open bytes or a scanned root; the rest behind a toggle. */
export function Reconciliation(): ReactElement | null {
  const report = useHeldStore((s) => s.report);
  const [all, setAll] = useState(false);
  if (!report) return null;
  const sorted = [...report.filesystems].sort((a, b) => b.heldBytes - a.heldBytes || b.usedBytes - a.usedBytes || a.mount.localeCompare(b.mount));
  const interesting = sorted.filter((f) => f.heldBytes > 0 || f.visibleBytes !== null);
  const shown = all ? sorted : interesting;
  const hidden = sorted.length - interesting.length;
  return (
    <section className="recon-section" aria-labelledby="recon-title">
      <h2 id="recon-title" className="panel-title">
        Used space by filesystem: visible + held + other = df used
      </h2>
      {shown.length === 0 ? (
        <div className="muted">No filesystem holds deleted-open files, and no scanned root is on one.</div>
      ) : (
        <ul className="recon-list">
          {shown.map((fs) => (
            <FilesystemReconciliation key={fs.mount} fs={fs} />
          ))}
        </ul>
      )}
      {hidden > 0 && (
        <button type="button" className="link" onClick={() => setAll(!all)}>
          {all ? 'Show only filesystems with held or scanned bytes' : `Show ${hidden} more ${hidden === 1 ? 'filesystem' : 'filesystems'}`}
        </button>
      )}
    </section>
  );
}
