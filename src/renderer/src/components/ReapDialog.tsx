// "Reap" on a root: the policy (size cap, age, newest-N floor) or the partition picked on the treemap,
// the plan (bytes to free, partitions oldest first, what is kept and why) while the treemap behind marks
// what goes, Confirm, progress, and the result with freed bytes measured by statvfs.
// A drawer, not a modal: the treemap stays visible so the highlight can be checked before confirming.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactElement } from 'react';
import { ROOT_REFUSAL_CODES, type ReapPlan, type ReapResult, type ReapSkip } from '../../../shared/reapModels';
import { formatBytes, formatCount, formatTimestamp } from '../format';
import { useReturnFocus } from '../hooks/returnFocus';
import { useReapStore } from '../state/reapStore';
import { CappedRefusals } from './planFlow/CappedRefusals';
import { ConfirmFooter } from './planFlow/ConfirmFooter';
import { FreedHeadline } from './planFlow/FreedHeadline';
import { WarningList } from './planFlow/WarningList';
import { ReapStoreBanners, ReapStoreConfirm } from './dataStores/ReapStoreBanners';
import { reapConfirmReady, splitStoreSkips, unitStoreGuidance } from './dataStores/reapStoreGroups';
import { ActionFailed } from './planFlow/ActionFailed';

const SHOWN = 200;
const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** "200G", "1.5 TiB", "500m", "1048576" -> bytes; "" -> null (no cap); NaN when unreadable. */
export function parseSize(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgtp]?)(?:i?b)?$/.exec(t);
  if (!m) return NaN;
  return Math.round(Number(m[1]) * UNITS[m[2]]);
}

function sizeText(bytes: number | null): string {
  if (bytes === null) return '';
  for (const [u, f] of [['T', 1024 ** 4], ['G', 1024 ** 3], ['M', 1024 ** 2], ['K', 1024]] as const) if (bytes >= f && bytes % (f / 1024) === 0) return `${+(bytes / f).toFixed(3)}${u}`;
  return String(bytes);
}

function PolicyForm(): ReactElement {
  const policy = useReapStore((s) => s.policy);
  const picked = useReapStore((s) => s.picked);
  const save = useReapStore((s) => s.saveAsPolicy);
  const busy = useReapStore((s) => s.flow.stage === 'planning' || s.flow.stage === 'reaping');
  const [cap, setCap] = useState(sizeText(policy.maxBytes));
  const [age, setAge] = useState(policy.maxAgeDays === null ? '' : String(policy.maxAgeDays));
  const [keep, setKeep] = useState(String(policy.keepNewest));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setCap(sizeText(policy.maxBytes));
    setAge(policy.maxAgeDays === null ? '' : String(policy.maxAgeDays));
    setKeep(String(policy.keepNewest));
  }, [policy]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const maxBytes = parseSize(cap);
    const maxAgeDays = age.trim() === '' ? null : Number(age);
    const keepNewest = Number(keep);
    if (Number.isNaN(maxBytes)) return setError('Size cap: a number with an optional unit, e.g. 200G or 500M');
    if (maxAgeDays !== null && (!Number.isFinite(maxAgeDays) || maxAgeDays < 0)) return setError('Age: a number of days, or empty');
    if (!Number.isInteger(keepNewest) || keepNewest < 0) return setError('Keep newest: a whole number, 0 or more');
    setError(null);
    useReapStore.getState().setPolicy({ maxBytes, maxAgeDays, keepNewest });
    void useReapStore.getState().replan();
  };
  const byPolicy = picked.length === 0;
  return (
    <form className="inset-form rp-policy" onSubmit={submit} data-testid="reap-policy">
      {byPolicy ? (
        <>
          <label>
            <span>Size cap</span>
            <input value={cap} onChange={(e) => setCap(e.target.value)} placeholder="none" aria-label="Size cap for the root, e.g. 200G" data-testid="reap-cap" spellCheck={false} />
          </label>
          <label>
            <span>Older than</span>
            <input value={age} onChange={(e) => setAge(e.target.value)} placeholder="any age" aria-label="Reap partitions older than this many days" data-testid="reap-age" />
            <span className="muted">days</span>
          </label>
        </>
      ) : (
        <div className="rp-picked">
          Picked (treemap or table): <span className="mono">{picked.join(', ')}</span>{' '}
          <button type="button" className="link" onClick={() => useReapStore.getState().setPicked([])}>
            use the policy instead
          </button>
        </div>
      )}
      <label>
        <span>Keep newest</span>
        <input value={keep} onChange={(e) => setKeep(e.target.value)} aria-label="Always keep the newest N partitions" data-testid="reap-keep" />
      </label>
      {byPolicy && (
        <label className="rp-save">
          <input type="checkbox" checked={save} onChange={(e) => useReapStore.getState().setSaveAsPolicy(e.target.checked)} />
          <span>Save as this root’s policy</span>
        </label>
      )}
      <button type="submit" disabled={busy} data-testid="reap-replan">
        Plan
      </button>
      {error && <div className="error">{error}</div>}
    </form>
  );
}

function Skipped({ items, title, testId }: { items: readonly ReapSkip[]; title: string; testId: string }): ReactElement | null {
  return (
    <CappedRefusals
      items={items}
      title={title}
      testId={testId}
      shown={SHOWN}
      renderItem={(s, i) => (
        <li key={`${s.path}:${i}`} data-code={s.code}>
          <span className="mono rc-path">
            <bdi>{s.path}</bdi>
          </span>{' '}
          — {s.reason} <span className="muted mono">[{s.code}]</span>
        </li>
      )}
    />
  );
}

/**
 * The root itself refused: nothing was listed. A system directory or a root outside every configured root is
 * never reaped; a root that changed since it was configured is not reaped until it is accepted again.
 */
function RootRefusal({ refusal }: { refusal: ReapSkip }): ReactElement {
  const headline = refusal.code === 'root-changed' ? 'This root changed since it was configured: nothing is reaped.' : 'This root is never reaped.';
  return (
    <div className="held-notice" role="alert" data-testid="reap-refused" data-code={refusal.code}>
      <strong>{headline}</strong> {refusal.reason} <span className="mono">[{refusal.code}]</span>
    </div>
  );
}

function PlanBody({ plan }: { plan: ReapPlan }): ReactElement {
  const after = plan.rootAllocatedBytes - plan.expectedFreeBytes;
  const refusal = plan.skipped.find((s) => ROOT_REFUSAL_CODES.has(s.code));
  const confirmText = useReapStore((s) => s.confirmText);
  if (refusal) return <RootRefusal refusal={refusal} />;
  // A data store's files are kept under a banner naming the store and its own way; the rest as before.
  const split = splitStoreSkips(plan.skipped, plan.guidance);
  return (
    <>
      <div className="rc-headline" data-testid="reap-expected" data-bytes={plan.expectedFreeBytes}>
        Expected to free <strong>{formatBytes(plan.expectedFreeBytes)}</strong> by removing {formatCount(plan.entries.length)} of {formatCount(plan.partitions)}{' '}
        {plan.partitions === 1 ? 'partition' : 'partitions'}, oldest first.
        <div className="muted">
          The root holds {formatBytes(plan.rootAllocatedBytes)} now, {formatBytes(Math.max(0, after))} after.
          {plan.filesystem && (
            <>
              {' '}
              <span className="mono">{plan.filesystem.mount}</span>: {formatBytes(plan.filesystem.availBytes)} free of {formatBytes(plan.filesystem.sizeBytes)}.
            </>
          )}{' '}
          Each file is re-checked just before it is unlinked: inode, size and mtime, in its planned directory (same device and inode) on the root’s mount, reached without a symlink, inside the root;
          writers and locks are looked for again; anything changed or now in use is kept. Hard-linked files free nothing and are counted so.
        </div>
      </div>
      <WarningList warnings={plan.warnings} testId="reap-warnings" />
      {plan.entries.length > 0 ? (
        <section className="rc-block">
          <h3>Will remove (outlined in red on the treemap)</h3>
          <table className="rc-table rp-table" data-testid="reap-entries">
            <thead>
              <tr>
                <th>Partition</th>
                <th>Newest write</th>
                <th className="num">Files</th>
                <th className="num">Frees</th>
              </tr>
            </thead>
            <tbody>
              {plan.entries.slice(0, SHOWN).map((e) => (
                <tr key={e.path} data-path={e.path}>
                  <td>
                    <div className="mono rc-path" title={e.path}>
                      <bdi>{e.path}</bdi>
                    </div>
                    <div className="muted rp-why">{e.because === 'age' ? 'past the age' : e.because === 'cap' ? 'over the size cap' : 'picked'}</div>
                  </td>
                  <td className="mono">{formatTimestamp(e.newestMtime)}</td>
                  <td className="num">{formatCount(e.files.filter((f) => f.type === 'file').length + e.moreFiles)}</td>
                  <td className="num">{formatBytes(e.expectedFreeBytes)}</td>
                </tr>
              ))}
            </tbody>
            {plan.entries.length > SHOWN && (
              <tfoot>
                <tr>
                  <td colSpan={4}>and {formatCount(plan.entries.length - SHOWN)} more partitions</td>
                </tr>
              </tfoot>
            )}
          </table>
        </section>
      ) : (
        <div className="rc-block muted" data-testid="reap-nothing">
          {plan.manual ? 'Nothing picked can be removed now (see why below).' : 'Nothing to remove under this policy.'}
        </div>
      )}
      <ReapStoreConfirm plan={plan} guidance={unitStoreGuidance(plan)} typed={confirmText} onType={(t) => useReapStore.getState().setConfirmText(t)} />
      <ReapStoreBanners groups={split.stores} />
      <Skipped items={split.others} title="Kept: not removed, and why" testId="reap-skipped" />
    </>
  );
}

function ResultBody({ result, plan }: { result: ReapResult; plan: ReapPlan }): ReactElement {
  // A store held again since the plan is kept at execution (store-active): under its banner, as in the plan.
  const split = splitStoreSkips(result.skipped, plan.guidance);
  return (
    <>
      <FreedHeadline
        result={result}
        expectedFreeBytes={result.expectedFreeBytes}
        whatWasDone="The partitions below were reaped"
        unauditedTestId="reap-unaudited"
        freedTestId="reap-freed"
      />
      <WarningList warnings={result.warnings} />
      <ReapStoreBanners groups={split.stores} />
      <Skipped items={split.others} title="Kept at the moment of action: changed since the plan or not safe" testId="reap-result-skipped" />
      <details className="rc-block" open={result.removedPartitions.length <= 12}>
        <summary>
          Reaped {formatCount(result.removedPartitions.length)} {result.removedPartitions.length === 1 ? 'partition' : 'partitions'} ({formatCount(result.removed.length)}{' '}
          {result.removed.length === 1 ? 'file' : 'files'})
        </summary>
        <ul data-testid="reap-removed">
          {result.removedPartitions.slice(0, SHOWN).map((p) => (
            <li key={p} className="mono">
              {p}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}

export function ReapDialog(): ReactElement | null {
  const flow = useReapStore((s) => s.flow);
  const root = useReapStore((s) => s.root);
  const confirmText = useReapStore((s) => s.confirmText);
  const primaryRef = useRef<HTMLButtonElement>(null);
  const drawerRef = useRef<HTMLDivElement>(null);
  useReturnFocus(flow.stage !== 'closed');
  useEffect(() => {
    if (flow.stage !== 'plan' && flow.stage !== 'done') return;
    // A disabled Confirm cannot take focus: the drawer does, so its keys still reach it.
    if (primaryRef.current && !primaryRef.current.disabled) primaryRef.current.focus();
    else drawerRef.current?.focus();
  }, [flow.stage]);
  useEffect(() => {
    if (flow.stage === 'closed') return;
    // Escape closes the drawer wherever focus is (it is not modal), before the treemap would zoom out.
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      e.stopPropagation();
      useReapStore.getState().close();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [flow.stage]);
  if (flow.stage === 'closed') return null;
  const close = () => useReapStore.getState().close();
  const busy = flow.stage === 'reaping';
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys stay here: Escape closes it and never zooms the treemap behind.
    if (e.key === 'Escape' || e.key === 'Backspace') {
      e.stopPropagation();
      if (!(e.target instanceof HTMLInputElement)) e.preventDefault();
      if (e.key === 'Escape' && !busy) close();
    }
  };
  const title = flow.stage === 'done' ? 'Reaped' : flow.stage === 'reaping' ? 'Reaping…' : flow.stage === 'reap-error' ? 'Reap failed' : 'Reap partitions';
  const progress = flow.stage === 'reaping' ? flow.progress : null;
  return (
    <div className="side-drawer reap-drawer" role="dialog" aria-labelledby="rp-title" data-testid="reap-dialog" data-stage={flow.stage} onKeyDown={onKeyDown} ref={drawerRef} tabIndex={-1}>
      <header className="modal-head">
        <h2 id="rp-title">{title}</h2>
        <div className="muted mono">{root}</div>
      </header>
      <div className="modal-body">
        {flow.stage !== 'done' && flow.stage !== 'reaping' && <PolicyForm />}
        {flow.stage === 'planning' && (
          <div>
            <span className="spinner inline" aria-hidden="true" />
            Planning: reading every file, writer and lock under the root… nothing is changed.
          </div>
        )}
        {flow.stage === 'plan-error' && (
          <div className="held-notice" role="alert" data-testid="reap-plan-error">
            <strong>No plan could be made.</strong> <span className="mono">{flow.message}</span>
          </div>
        )}
        {flow.stage === 'reaping' && (
          <div className="rp-progress" data-testid="reap-progress">
            <progress max={progress?.unitsTotal ?? 1} value={progress?.unitsDone ?? 0} />
            <span>
              {progress ? `${formatCount(progress.unitsDone)} of ${formatCount(progress.unitsTotal)} steps · ${formatCount(progress.removedFiles)} removed` : 'Starting…'}
            </span>
          </div>
        )}
        {(flow.stage === 'plan' || flow.stage === 'reaping') && <PlanBody plan={flow.plan} />}
        {flow.stage === 'reap-error' && (
          <>
            <ActionFailed
              title="Reap failed:"
              message={flow.message}
              after="Some files may have been removed before the failure: the filesystems and the treemap are being refreshed."
              testId="reap-error"
            />
            <PlanBody plan={flow.plan} />
          </>
        )}
        {flow.stage === 'done' && <ResultBody result={flow.result} plan={flow.plan} />}
      </div>
      <ConfirmFooter
        confirm={
          flow.stage === 'plan'
            ? {
                verb: 'reap',
                count: flow.plan.entries.length,
                one: 'partition',
                many: 'partitions',
                bytes: flow.plan.expectedFreeBytes,
                nothingLabel: 'Nothing to reap',
                testId: 'reap-confirm',
                onConfirm: () => void useReapStore.getState().confirm(),
                disabledReason: reapConfirmReady(flow.plan, confirmText) ? null : 'Type the confirmation above first',
              }
            : null
        }
        busy={busy}
        planning={flow.stage === 'planning'}
        onClose={close}
        closeTestId="reap-close"
        primaryRef={primaryRef}
      />
    </div>
  );
}
