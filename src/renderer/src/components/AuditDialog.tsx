// The audit log of the node: every reap and held-file reclaim, newest first, as its intent (what was
// planned) beside its result (what was freed, measured by statvfs). An intent without a result is an
// action that never finished: shown as such.
import { freedText } from '../../../shared/freedText';
import { Fragment, useEffect, useState, type ReactElement } from 'react';
import type { AuditEntry } from '../../../shared/reapModels';
import { getApi } from '../api/getApi';
import { useReturnFocus } from '../hooks/returnFocus';
import { formatBytes, formatCount } from '../format';
import { formatDateTime } from '../timeFormat';
import { AuditDetail } from './AuditDetail';
import { currentNode, nodeLabel } from '../state/navStore';

interface AuditAction {
  planId: string;
  action: string;
  at: number;
  intent: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
}

function group(entries: readonly AuditEntry[]): AuditAction[] {
  const byPlan = new Map<string, AuditAction>();
  // Oldest first, so the intent's time is the action's time.
  for (const e of [...entries].reverse()) {
    const key = e.planId ?? `row-${e.id}`;
    let a = byPlan.get(key);
    if (!a) {
      a = { planId: key, action: e.action, at: e.at, intent: null, result: null };
      byPlan.set(key, a);
    }
    const detail = (e.detail && typeof e.detail === 'object' ? e.detail : {}) as Record<string, unknown>;
    if (e.phase === 'intent') a.intent = detail;
    else a.result = detail;
  }
  return [...byPlan.values()].reverse();
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function what(a: AuditAction): string {
  const i = a.intent ?? {};
  if (a.action === 'reap') {
    const parts = Array.isArray(i.partitions) ? i.partitions.length + (num(i.morePartitions) ?? 0) : 0;
    return `${typeof i.root === 'string' ? i.root : ''}: ${formatCount(parts)} ${parts === 1 ? 'partition' : 'partitions'}`;
  }
  const entries = Array.isArray(i.entries) ? i.entries.length + (num(i.moreEntries) ?? 0) : 0;
  return `held deleted files: ${formatCount(entries)} truncated by plan`;
}

export function AuditDialog({ onClose }: { onClose: () => void }): ReactElement {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  useReturnFocus(true);
  const toggle = (planId: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(planId)) next.delete(planId);
      else next.add(planId);
      return next;
    });
  useEffect(() => {
    let live = true;
    void getApi()
      .api.invoke('audit.list', { node: currentNode(), limit: 400 })
      .then((r) => {
        if (!live) return;
        if (r.ok) setEntries(r.result.entries);
        else setError(r.message);
      });
    return () => {
      live = false;
    };
  }, []);
  const actions = entries ? group(entries) : [];
  return (
    <div className="modal-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="audit-title"
        data-testid="audit-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <header className="modal-head">
          <h2 id="audit-title">Audit log</h2>
          <div className="muted">Reaps and reclaims on {nodeLabel(currentNode())}, newest first</div>
        </header>
        <div className="modal-body">
          {error && <div className="error">{error}</div>}
          {!entries && !error && <div className="muted">Loading…</div>}
          {entries && actions.length === 0 && <div className="muted">Nothing has been reaped or reclaimed on this node yet.</div>}
          {actions.length > 0 && (
            <table className="rc-table audit-table" data-testid="audit-rows">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Action</th>
                  <th className="num">Expected</th>
                  <th className="num">Freed</th>
                  <th>Outcome</th>
                </tr>
              </thead>
              <tbody>
                {actions.map((a) => {
                  const expected = num(a.intent?.expectedFreeBytes);
                  const freed = num(a.result?.freedBytes);
                  const skipped = Array.isArray(a.result?.skipped) ? a.result.skipped.length + (num(a.result?.moreSkipped) ?? 0) : 0;
                  const expanded = open.has(a.planId);
                  return (
                    <Fragment key={a.planId}>
                      <tr data-plan={a.planId} data-action={a.action} className={expanded ? 'expanded' : undefined}>
                        <td className="mono">
                          <button
                            type="button"
                            className="link audit-toggle"
                            aria-expanded={expanded}
                            aria-controls={`audit-detail-${a.planId}`}
                            data-testid="audit-toggle"
                            title={expanded ? 'Hide its files, pid, user and freed bytes' : 'Show its files, pid, user and freed bytes'}
                            onClick={() => toggle(a.planId)}
                          >
                            <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> {formatDateTime(a.at, { seconds: true })}
                          </button>
                        </td>
                        <td>
                          <div>{what(a)}</div>
                          <div className="muted mono">{a.planId}</div>
                        </td>
                        <td className="num">{expected === null ? '–' : formatBytes(expected)}</td>
                        <td className="num" title={freed !== null && freed < 0 ? freedText(freed) : undefined}>
                          {freed === null ? '–' : formatBytes(Math.max(0, freed))}
                        </td>
                        <td>{a.result === null ? <span className="warn-text">no result row: interrupted, or the log was full</span> : skipped > 0 ? `${formatCount(skipped)} kept at the moment of action` : 'done'}</td>
                      </tr>
                      {expanded && (
                        <tr className="audit-detail-row" id={`audit-detail-${a.planId}`}>
                          <td colSpan={5}>
                            <AuditDetail action={a.action} intent={a.intent} result={a.result} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
        <footer className="modal-foot">
          <button type="button" onClick={onClose} data-testid="audit-close" autoFocus>
            Close
          </button>
        </footer>
      </div>
    </div>
  );
}
