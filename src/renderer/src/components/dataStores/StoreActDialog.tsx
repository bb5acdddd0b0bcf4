// A data store's tool action, in three steps as reaps and reclaims are: the dry run (every check the run makes,
// on the node, nothing changed) -> Confirm (with the container's name typed where the action asks for it;
// Cancel holds the focus) -> the result, with the bytes freed as statvfs measured them.
import { useEffect, useRef, type KeyboardEvent, type ReactElement } from 'react';
import type { ToolActionKind, StoreActResult } from '../../../../shared/storeActionModels';
import { formatBytes, formatCount } from '../../format';
import { trapTab } from '../../hooks/focusTrap';
import { useReturnFocus } from '../../hooks/returnFocus';
import { actReady, useDataStoresStore } from '../../state/dataStoresStore';
import { ConfirmFooter } from '../planFlow/ConfirmFooter';
import { FreedHeadline } from '../planFlow/FreedHeadline';
import { WarningList } from '../planFlow/WarningList';
import { KIND_TEXT } from './storeLabels';
import { ActionFailed } from '../planFlow/ActionFailed';

const SHOWN = 200;

/** Confirm's words per action: "Confirm: truncate 1 container log (4.00 MiB)". */
const VERBS: Record<ToolActionKind, { verb: string; one: string }> = {
  'journald-vacuum': { verb: 'vacuum', one: 'journal directory' },
  'truncate-container-log': { verb: 'truncate', one: 'container log' },
  'unlink-core-dumps': { verb: 'remove', one: 'set of core dumps' },
  'apt-clean': { verb: 'clean', one: 'apt cache' },
};

function Refused({ result }: { result: StoreActResult }): ReactElement | null {
  if (!result.refused) return null;
  const r = result.refused;
  return (
    <div className="held-notice" role="alert" data-testid="store-act-refused" data-code={r.code}>
      <strong>{result.dryRun ? 'It would not run now.' : 'It did not run.'}</strong> {r.reason}
      {r.pid !== null && (
        <span>
          {' '}
          (pid {r.pid}
          {r.comm ? `, ${r.comm}` : ''})
        </span>
      )}{' '}
      <span className="mono">[{r.code}]</span>
    </div>
  );
}

function Details({ result }: { result: StoreActResult }): ReactElement {
  return (
    <>
      <WarningList warnings={result.warnings} testId="store-act-warnings" />
      {result.skipped.length > 0 && (
        <section className="rc-block refusals">
          <h3>Left alone, and why</h3>
          <ul>
            {result.skipped.slice(0, SHOWN).map((s, i) => (
              <li key={`${s.path}:${i}`} data-code={s.code}>
                <span className="mono rc-path">
                  <bdi>{s.path}</bdi>
                </span>{' '}
                — {s.reason} <span className="muted mono">[{s.code}]</span>
              </li>
            ))}
            {result.skipped.length > SHOWN && <li className="muted">and {formatCount(result.skipped.length - SHOWN)} more</li>}
          </ul>
        </section>
      )}
      {result.output.trim() !== '' && (
        <details className="rc-block">
          <summary>Output{result.exitCode !== null ? ` (exit ${result.exitCode})` : ''}</summary>
          <pre className="mono ds-output">{result.output}</pre>
        </details>
      )}
    </>
  );
}

export function StoreActDialog(): ReactElement | null {
  const flow = useDataStoresStore((s) => s.act);
  const typed = useDataStoresStore((s) => s.actTyped);
  const primaryRef = useRef<HTMLButtonElement>(null);
  useReturnFocus(flow.stage !== 'closed');
  useEffect(() => {
    // Cancel (or Close) holds the focus: an Enter pressed out of habit runs nothing.
    primaryRef.current?.focus();
  }, [flow.stage]);
  if (flow.stage === 'closed') return null;
  const close = () => useDataStoresStore.getState().closeAct();
  const busy = flow.stage === 'running';
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (trapTab(e)) return;
    if (e.key === 'Escape' || e.key === 'Backspace') {
      e.stopPropagation();
      if (!(e.target instanceof HTMLInputElement)) e.preventDefault();
      if (e.key === 'Escape' && !busy) close();
    }
  };
  const { store, action } = flow;
  const dry = flow.stage === 'checking' || flow.stage === 'check-error' ? null : flow.dry;
  const title = flow.stage === 'done' ? (flow.result.refused ? 'Not run' : 'Done') : flow.stage === 'running' ? 'Running…' : flow.stage === 'run-error' ? 'Failed' : 'Run a store action';
  const words = dry ? VERBS[dry.kind] : { verb: 'run', one: 'action' };
  const needsTyping = action.confirm !== null && flow.stage === 'checked' && flow.dry.refused === null;
  return (
    <div className="modal-backdrop">
      <div className="modal ds-act-dialog" role="dialog" aria-modal="true" aria-labelledby="ds-act-title" data-testid="store-act-dialog" data-stage={flow.stage} onKeyDown={onKeyDown}>
        <header className="modal-head">
          <h2 id="ds-act-title">{title}</h2>
          <div className="muted">
            {KIND_TEXT[store.kind].title} · <span className="mono">{store.path}</span>
          </div>
        </header>
        <div className="modal-body">
          <div className="ds-command">
            <code className="mono ds-command-text" data-testid="store-act-command">
              {dry?.command ?? action.command}
            </code>
          </div>
          <p className="muted">{action.summary}</p>
          {flow.stage === 'checking' && (
            <div>
              <span className="spinner inline" aria-hidden="true" />
              Dry run: checking on the node that the store is the one listed and that it is safe now… nothing is changed.
            </div>
          )}
          {flow.stage === 'check-error' && (
            <div className="held-notice" role="alert" data-testid="store-act-error">
              <strong>The dry run failed.</strong> <span className="mono">{flow.message}</span>
            </div>
          )}
          {(flow.stage === 'checked' || flow.stage === 'running') && (
            <>
              <div className="rc-headline" data-testid="store-act-expected" data-bytes={flow.dry.expectedFreeBytes}>
                {flow.dry.refused ? 'Dry run: refused.' : 'Dry run passed.'} Expected to free <strong>{formatBytes(flow.dry.expectedFreeBytes)}</strong>
                <div className="muted">The run checks all of it again just before it acts; freed space is measured with statvfs.</div>
              </div>
              <Refused result={flow.dry} />
              <Details result={flow.dry} />
            </>
          )}
          {needsTyping && (
            <label className="ds-confirm-field" data-testid="store-act-confirm">
              <span>
                Type <code className="mono ds-confirm-text">{action.confirm}</code> to enable Confirm
              </span>
              <input
                value={typed}
                onChange={(e) => useDataStoresStore.getState().setActTyped(e.target.value)}
                spellCheck={false}
                autoComplete="off"
                aria-label={`Type ${action.confirm} to confirm`}
                data-testid="store-act-confirm-input"
              />
            </label>
          )}
          {flow.stage === 'run-error' && (
            <ActionFailed title="The action failed:" message={flow.message} after="The filesystems and the stores list are being read again." testId="store-act-error" />
          )}
          {flow.stage === 'done' && (
            <>
              <FreedHeadline result={flow.result} expectedFreeBytes={flow.result.expectedFreeBytes} whatWasDone="The action ran" expectedBy="the dry run" unauditedTestId="store-act-unaudited" freedTestId="store-act-freed" />
              <Refused result={flow.result} />
              {flow.result.removed.length > 0 && (
                <details className="rc-block" open={flow.result.removed.length <= 12}>
                  <summary>Removed {formatCount(flow.result.removed.length)}</summary>
                  <ul>
                    {flow.result.removed.slice(0, SHOWN).map((p) => (
                      <li key={p} className="mono">
                        {p}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              <Details result={flow.result} />
            </>
          )}
        </div>
        <ConfirmFooter
          confirm={
            flow.stage === 'checked'
              ? {
                  verb: words.verb,
                  count: flow.dry.refused ? 0 : 1,
                  one: words.one,
                  many: words.one,
                  bytes: flow.dry.expectedFreeBytes,
                  nothingLabel: 'Refused by the dry run',
                  testId: 'store-act-run',
                  onConfirm: () => void useDataStoresStore.getState().confirmAct(),
                  disabledReason: flow.dry.refused !== null || actReady(flow, typed) ? null : 'Type the confirmation first',
                }
              : null
          }
          busy={busy}
          planning={flow.stage === 'checking'}
          onClose={close}
          closeTestId="store-act-close"
          primaryRef={primaryRef}
        />
      </div>
    </div>
  );
}
