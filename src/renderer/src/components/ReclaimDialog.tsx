// Reclaim by truncation, in three steps and never fewer: the plan (bytes expected to free, each file,
// warnings, refusals with their code and the unit to restart) -> Confirm -> the result, with freed bytes
// measured by statvfs, what was skipped and why, and a loud notice when the audit log could not be written.
import { useEffect, useRef, type KeyboardEvent, type ReactElement } from 'react';
import type { ReclaimCode, ReclaimPlan, ReclaimRefusal, ReclaimResult } from '../../../shared/heldModels';
import { formatBytes, formatCount } from '../format';
import { useHeldStore } from '../state/heldStore';
import { displayHeldPath } from './HeldView';
import { trapTab } from '../hooks/focusTrap';
import { useReturnFocus } from '../hooks/returnFocus';
import { CappedRefusals } from './planFlow/CappedRefusals';
import { ConfirmFooter } from './planFlow/ConfirmFooter';
import { FreedHeadline } from './planFlow/FreedHeadline';
import { WarningList } from './planFlow/WarningList';
import { ActionFailed } from './planFlow/ActionFailed';

/** Past this many entries the dialog lists the largest and sums the rest. */
const SHOWN_ENTRIES = 200;

/** The tag of each refusal code: what kind of "no" it is, before the sentence that explains it. */
const CODE_LABEL: Record<ReclaimCode, { label: string; tone: string }> = {
  memory: { label: 'memory, not disk', tone: '' },
  mapped: { label: 'mapped', tone: 'bad' },
  changed: { label: 'changed', tone: 'warn' },
  gone: { label: 'gone', tone: '' },
  'read-only': { label: 'read-only (EROFS)', tone: 'warn' },
  'no-access': { label: 'no access', tone: 'warn' },
  'not-held': { label: 'not held', tone: '' },
  failed: { label: 'failed', tone: 'bad' },
  'not-attempted': { label: 'not attempted', tone: 'warn' },
};

function Refusals({ items, title }: { items: readonly ReclaimRefusal[]; title: string }): ReactElement | null {
  return (
    <CappedRefusals
      items={items}
      title={title}
      testId="plan-refusals"
      shown={SHOWN_ENTRIES}
      renderItem={(r, i) => (
        <li key={`${r.pid}:${r.fd ?? 'p'}:${i}`} data-code={r.code} data-pid={r.pid} data-fd={r.fd ?? ''} data-mapper-pid={r.mapperPid ?? ''}>
          <span className={`tag ${CODE_LABEL[r.code].tone}`}>{CODE_LABEL[r.code].label}</span>{' '}
          <span className="mono">
            {r.pid}
            {r.fd !== null ? ` fd ${r.fd}` : ''}
          </span>{' '}
          {r.path && <span className="mono rc-path">{displayHeldPath(r.path)}</span>} — {r.reason}
          {r.unit && (
            <span className="rc-unit">
              {' '}
              · restart <strong className="mono">{r.unit}</strong> to release it
            </span>
          )}
        </li>
      )}
    />
  );
}

function PlanBody({ plan }: { plan: ReclaimPlan }): ReactElement {
  const entries = [...plan.entries].sort((a, b) => b.allocatedBytes - a.allocatedBytes);
  const shown = entries.slice(0, SHOWN_ENTRIES);
  const rest = entries.slice(SHOWN_ENTRIES).reduce((a, e) => a + e.allocatedBytes, 0);
  const warned = plan.entries.filter((e) => e.warnings.length > 0).length;
  return (
    <>
      <div className="rc-headline" data-testid="plan-expected" data-bytes={plan.expectedFreeBytes}>
        Expected to free <strong>{formatBytes(plan.expectedFreeBytes)}</strong> by truncating {formatCount(plan.entries.length)} deleted{' '}
        {plan.entries.length === 1 ? 'file' : 'files'} through <span className="mono">/proc/PID/fd</span>.
        <div className="muted">
          The process keeps running and is never signalled. Each file is re-checked just before it is truncated (same process, device and
          inode, still deleted, a regular file on a writable mount, not memory, mapped by no process); anything changed is skipped. Freed space
          is measured with statvfs.
        </div>
      </div>
      <WarningList
        warnings={plan.warnings}
        testId="plan-warnings"
        extra={
          warned > 0 && (
            <li>
              {formatCount(warned)} {warned === 1 ? 'file has' : 'files have'} a warning of its own (below).
            </li>
          )
        }
      />
      <Refusals items={plan.refused} title="Refused: will not be touched" />
      {entries.length > 0 && (
        <section className="rc-block">
          <h3>Will truncate</h3>
          <table className="rc-table" data-testid="plan-entries">
            <thead>
              <tr>
                <th>Process</th>
                <th>fd</th>
                <th>File</th>
                <th className="num">Frees</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={`${e.pid}:${e.fd}`} data-pid={e.pid} data-fd={e.fd}>
                  <td className="mono">
                    {e.pid} {e.comm}
                  </td>
                  <td className="mono">{e.fd}</td>
                  <td>
                    <div className="mono rc-path" title={displayHeldPath(e.path)}>
                      <bdi>{displayHeldPath(e.path)}</bdi>
                    </div>
                    {e.warnings.map((w, i) => (
                      <div key={i} className="rc-warn">
                        ⚠ {w}
                      </div>
                    ))}
                  </td>
                  <td className="num">{formatBytes(e.allocatedBytes)}</td>
                </tr>
              ))}
            </tbody>
            {rest > 0 && (
              <tfoot>
                <tr>
                  <td colSpan={3}>and {formatCount(entries.length - SHOWN_ENTRIES)} more files</td>
                  <td className="num">{formatBytes(rest)}</td>
                </tr>
              </tfoot>
            )}
          </table>
        </section>
      )}
      {entries.length === 0 && <div className="rc-block muted">Nothing in this selection can be reclaimed by truncation.</div>}
    </>
  );
}

function ResultBody({ result, plan }: { result: ReclaimResult; plan: ReclaimPlan }): ReactElement {
  return (
    <>
      <FreedHeadline
        result={result}
        expectedFreeBytes={plan.expectedFreeBytes}
        whatWasDone="The files below were truncated"
        unauditedTestId="result-unaudited"
        freedTestId="result-freed"
      />
      <Refusals items={result.skipped} title="Skipped: changed since the plan or not safe" />
      <details className="rc-block" open={result.truncated.length <= 12}>
        <summary>
          Truncated {formatCount(result.truncated.length)} {result.truncated.length === 1 ? 'file' : 'files'}
        </summary>
        <ul data-testid="result-truncated">
          {result.truncated.slice(0, SHOWN_ENTRIES).map((t) => (
            <li key={`${t.pid}:${t.fd}`}>
              <span className="mono">
                {t.pid} fd {t.fd}
              </span>{' '}
              <span className="mono rc-path">{displayHeldPath(t.path)}</span> · {formatBytes(t.allocatedBytes)}
            </li>
          ))}
          {result.truncated.length > SHOWN_ENTRIES && <li className="muted">and {formatCount(result.truncated.length - SHOWN_ENTRIES)} more</li>}
        </ul>
      </details>
    </>
  );
}

export function ReclaimDialog(): ReactElement | null {
  const state = useHeldStore((s) => s.reclaim);
  const primaryRef = useRef<HTMLButtonElement>(null);
  const stage = state.stage;
  useReturnFocus(stage !== 'closed');
  useEffect(() => {
    primaryRef.current?.focus();
  }, [stage]);
  if (state.stage === 'closed') return null;
  const close = () => useHeldStore.getState().closeReclaim();
  const busy = state.stage === 'reclaiming';
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (trapTab(e)) return;
    // Keys stay in the dialog: Escape closes it and never zooms the treemap behind.
    if (e.key === 'Escape' || e.key === 'Backspace') {
      if (!(e.target instanceof HTMLInputElement)) e.preventDefault();
      if (e.key === 'Escape' && !busy) close();
    }
  };
  const title =
    state.stage === 'done' ? 'Reclaimed' : state.stage === 'reclaim-error' ? 'Reclaim failed' : state.stage === 'reclaiming' ? 'Reclaiming…' : 'Reclaim plan';
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="rc-title" data-testid="reclaim-dialog" data-stage={state.stage} onKeyDown={onKeyDown}>
        <header className="modal-head">
          <h2 id="rc-title">{title}</h2>
          <div className="muted">{state.label}</div>
        </header>
        <div className="modal-body">
          {state.stage === 'planning' && (
            <div>
              <span className="spinner inline" aria-hidden="true" />
              Planning: reading the process's deleted files… nothing is changed.
            </div>
          )}
          {state.stage === 'plan-error' && (
            <div className="held-notice" role="alert" data-testid="plan-error">
              <strong>{/not available/i.test(state.message) ? 'Reclaim is not available on this node yet.' : 'No plan could be made.'}</strong>
              <span className="mono">{state.message}</span>
            </div>
          )}
          {(state.stage === 'plan' || state.stage === 'reclaiming') && <PlanBody plan={state.plan} />}
          {state.stage === 'reclaim-error' && (
            <>
              <ActionFailed
                title="Reclaim failed:"
                message={state.message}
                after="Some files may have been truncated before the failure: the list and the filesystems are being refreshed."
                testId="reclaim-error"
              />
              <PlanBody plan={state.plan} />
            </>
          )}
          {state.stage === 'done' && <ResultBody result={state.result} plan={state.plan} />}
        </div>
        <ConfirmFooter
          confirm={
            state.stage === 'plan'
              ? {
                  verb: 'truncate',
                  count: state.plan.entries.length,
                  one: 'file',
                  many: 'files',
                  bytes: state.plan.expectedFreeBytes,
                  nothingLabel: 'Nothing to reclaim',
                  testId: 'reclaim-confirm',
                  onConfirm: () => void useHeldStore.getState().confirm(),
                }
              : null
          }
          busy={busy}
          planning={state.stage === 'planning'}
          onClose={close}
          closeTestId="reclaim-close"
          primaryRef={primaryRef}
        />
      </div>
    </div>
  );
}
