// In the reap drawer: the files a data store manages, greyed under a banner per store that names the store
// and its own safe way to free space (the plan's guidance), with the operator's command to copy and the
// store's docs. And, for a plan taking units of a stopped store, the typed confirmation naming its stop step.
import type { ReactElement } from 'react';
import type { StoreGuidance } from '../../../../shared/dataStoreModels';
import type { ReapPlan } from '../../../../shared/reapModels';
import { formatCount } from '../../format';
import { DocsLink } from './DocsLink';
import { StoreActionLine } from './StoreActionLine';
import { KIND_TEXT } from './storeLabels';
import './dataStores.css';
import type { StoreSkipGroup } from './reapStoreGroups';

/** Greyed rows shown per banner; the rest are counted. */
const ROWS_SHOWN = 50;

function GuidanceHead({ guidance, note }: { guidance: StoreGuidance; note: string }): ReactElement {
  return (
    <>
      <div className="ds-banner-title">
        <strong>{KIND_TEXT[guidance.kind].title}</strong>{' '}
        <span className="mono ds-path">
          <bdi>{guidance.path}</bdi>
        </span>
        <span className="muted"> · {note}</span>
      </div>
      <p className="ds-banner-summary">{guidance.summary}</p>
      {guidance.actions.length > 0 && (
        <>
          <div className="ds-banner-label">Its own safe way to free space instead:</div>
          <ul className="ds-actions">
            {guidance.actions.map((a, i) => (
              <StoreActionLine key={`${a.command}:${i}`} action={a} />
            ))}
          </ul>
        </>
      )}
      <DocsLink kind={guidance.kind} />
    </>
  );
}

function StoreBanner({ group }: { group: StoreSkipGroup }): ReactElement {
  const n = group.skips.length;
  const kept = `${formatCount(n)} ${n === 1 ? 'entry' : 'entries'} kept${group.active ? ' while a process holds it' : ''}`;
  return (
    <section className="ds-banner" data-testid="reap-store-banner" data-kind={group.guidance?.kind ?? ''} data-store={group.store ?? ''}>
      {group.guidance ? (
        <GuidanceHead guidance={group.guidance} note={kept} />
      ) : (
        <>
          <div className="ds-banner-title">
            <strong>Named like a data store’s own files</strong>
            <span className="muted"> · {kept}</span>
          </div>
          <p className="ds-banner-summary">
            No store was found for these, but binary logs and write-ahead segments by these names belong to a database: they are refused by
            name. Free their space with the store’s own command.
          </p>
        </>
      )}
      <ul className="ds-kept" data-testid="reap-store-kept">
        {group.skips.slice(0, ROWS_SHOWN).map((s, i) => (
          <li key={`${s.path}:${i}`} className="ds-kept-row" data-code={s.code} data-path={s.path} aria-disabled="true">
            <span className="mono rc-path">
              <bdi>{s.path}</bdi>
            </span>{' '}
            <span className="mono">[{s.code}]</span>
            {s.pid !== null && (
              <span>
                {' '}
                held by pid {s.pid}
                {s.comm ? ` (${s.comm})` : ''}
              </span>
            )}
          </li>
        ))}
        {n > ROWS_SHOWN && <li className="ds-kept-row">and {formatCount(n - ROWS_SHOWN)} more</li>}
      </ul>
    </section>
  );
}

export function ReapStoreBanners({ groups }: { groups: readonly StoreSkipGroup[] }): ReactElement | null {
  if (groups.length === 0) return null;
  return (
    <section className="rc-block ds-banners" data-testid="reap-stores">
      <h3>Kept: files a data store manages (never unlinked by a reap)</h3>
      {groups.map((g) => (
        <StoreBanner key={g.store ?? '(by name)'} group={g} />
      ))}
    </section>
  );
}

/** A stopped store's units are in the plan: what they are and its stop step, and the text to type back. */
export function ReapStoreConfirm({ plan, guidance, typed, onType }: { plan: ReapPlan; guidance: readonly StoreGuidance[]; typed: string; onType: (text: string) => void }): ReactElement | null {
  if (!plan.confirm) return null;
  const matches = typed === plan.confirm.text;
  return (
    <section className="rc-block ds-confirm" data-testid="reap-store-confirm">
      <h3>Units of a stopped data store are planned</h3>
      {guidance.map((g) => (
        <div key={g.path} className="ds-banner" data-testid="reap-store-units" data-kind={g.kind} data-store={g.path}>
          <GuidanceHead guidance={g} note="whole units, the newest kept" />
        </div>
      ))}
      <p className="ds-confirm-prompt">{plan.confirm.prompt}</p>
      <label className="ds-confirm-field">
        <span>
          Type <code className="mono ds-confirm-text">{plan.confirm.text}</code> to enable Reap
        </span>
        <input
          value={typed}
          onChange={(e) => onType(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-label={`Type ${plan.confirm.text} to confirm`}
          aria-invalid={typed !== '' && !matches}
          data-testid="reap-store-confirm-input"
        />
      </label>
      {typed !== '' && !matches && <div className="muted">Not yet the exact text: Reap stays disabled.</div>}
    </section>
  );
}
