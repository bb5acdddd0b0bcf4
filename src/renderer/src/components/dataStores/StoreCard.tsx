// One data store in the node's Data stores tab: what it is and where, its size, who holds it, what fills it
// (findings), its own safe actions (an operator's to copy, the tool's to run after a dry run), the settings
// that stop it recurring, and the evidence it was recognised by.
import type { ReactElement } from 'react';
import type { DataStore, StoreAction } from '../../../../shared/dataStoreModels';
import { formatBytes, formatCount } from '../../format';
import { DocsLink } from './DocsLink';
import { StoreActionLine } from './StoreActionLine';
import { blocksReaping, KIND_TEXT, REAP_RULE_TEXT } from './storeLabels';

/** Holders named on a card; the rest are counted. */
const HOLDERS_SHOWN = 6;

function Holders({ store }: { store: DataStore }): ReactElement {
  if (store.holders.length === 0) return <span className="muted">held by no process</span>;
  const shown = store.holders.slice(0, HOLDERS_SHOWN);
  return (
    <span data-testid="store-holders">
      held by{' '}
      {shown.map((h, i) => (
        <span key={`${h.pid}:${h.how}`}>
          {i > 0 && ', '}
          <span className="mono">{h.pid}</span> ({h.comm}, {h.how})
        </span>
      ))}
      {store.holders.length > HOLDERS_SHOWN && <span className="muted"> and {formatCount(store.holders.length - HOLDERS_SHOWN)} more</span>}
    </span>
  );
}

export function StoreCard({ store, onRun }: { store: DataStore; onRun: (store: DataStore, action: StoreAction) => void }): ReactElement {
  const blocks = blocksReaping(store.reapRule);
  return (
    <li className="ds-card" data-testid="store-card" data-kind={store.kind} data-path={store.path}>
      <div className="ds-card-head">
        <strong className="ds-card-kind">{KIND_TEXT[store.kind].title}</strong>
        <span className="mono ds-path" title={store.path}>
          <bdi>{store.path}</bdi>
        </span>
        <span className="num ds-card-bytes" data-testid="store-bytes" data-bytes={store.bytes}>
          {formatBytes(store.bytes)}
        </span>
      </div>
      <div className="ds-card-meta muted">
        <span className={`tag ${blocks ? 'warn' : ''}`} title="What a reap may do with the files it manages">
          reap: {REAP_RULE_TEXT[store.reapRule]}
        </span>{' '}
        {formatCount(store.files)} {store.files === 1 ? 'file' : 'files'} · <Holders store={store} />
      </div>
      {store.findings.length > 0 && (
        <ul className="ds-findings" data-testid="store-findings">
          {store.findings.map((f, i) => (
            <li key={`${f.code}:${i}`} data-code={f.code}>
              {f.text}
              {f.bytes !== null && <span className="muted num"> · {formatBytes(f.bytes)}</span>}
            </li>
          ))}
        </ul>
      )}
      {store.actions.length > 0 && (
        <ul className="ds-actions">
          {store.actions.map((a, i) => (
            // Keyed by the command, not the id: a re-read mints new ids, and the Run… button that opened the
            // dialog must stay the same element for the focus to come back to it.
            <StoreActionLine key={`${a.command}:${i}`} action={a} onRun={(action) => onRun(store, action)} />
          ))}
        </ul>
      )}
      {store.configHints.length > 0 && (
        <table className="ds-hints" data-testid="store-hints">
          <thead>
            <tr>
              <th>Setting</th>
              <th>Now</th>
              <th>Suggested</th>
              <th>Takes effect</th>
            </tr>
          </thead>
          <tbody>
            {store.configHints.map((h, i) => (
              <tr key={`${h.file}:${h.key}:${i}`}>
                <td>
                  <span className="mono">{h.key}</span> <span className="muted mono">in {h.file}</span>
                </td>
                <td className="mono">{h.current ?? <span className="muted">unset (default)</span>}</td>
                <td className="mono">{h.suggested}</td>
                <td className="muted">{h.takesEffect}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details className="ds-evidence">
        <summary className="muted">Recognised by {formatCount(store.evidence.length)} {store.evidence.length === 1 ? 'sign' : 'signs'}</summary>
        <ul>
          {store.evidence.map((e, i) => (
            <li key={i}>
              {e.what}
              {e.path && <span className="muted mono"> · {e.path}</span>}
            </li>
          ))}
        </ul>
      </details>
      <DocsLink kind={store.kind} />
    </li>
  );
}
