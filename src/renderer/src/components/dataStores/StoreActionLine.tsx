// One of a store's safe actions: what it does, its risk, what it should free, and either the command to copy
// (an operator's: the tool never runs it) or a Run… button (a tool action, by its id: dry run first).
import type { ReactElement } from 'react';
import type { StoreAction } from '../../../../shared/dataStoreModels';
import { formatBytes } from '../../format';
import { CopyCommand } from './CopyCommand';

const RISK_TEXT: Record<StoreAction['risk'], { label: string; tone: string }> = {
  low: { label: 'low risk', tone: 'ok' },
  'data-loss': { label: 'loses data', tone: 'bad' },
  'service-impact': { label: 'affects the service', tone: 'warn' },
};

export function StoreActionLine({ action, onRun }: { action: StoreAction; onRun?: (action: StoreAction) => void }): ReactElement {
  const risk = RISK_TEXT[action.risk];
  const runnable = action.runnableBy === 'tool' && action.id !== null && onRun !== undefined;
  return (
    <li className="ds-action" data-testid="store-action" data-runnable-by={action.runnableBy} data-action-id={action.id ?? ''}>
      <div className="ds-action-head">
        <span className={`tag ${risk.tone}`}>{risk.label}</span>
        <span className="ds-action-summary">{action.summary}</span>
        {action.expectedFreeBytes !== null && <span className="muted num ds-action-bytes">frees ≈ {formatBytes(action.expectedFreeBytes)}</span>}
      </div>
      {runnable ? (
        <div className="ds-command">
          <code className="mono ds-command-text">{action.command}</code>
          <button type="button" className="primary" data-testid="store-act" onClick={() => onRun(action)}>
            Run…
          </button>
        </div>
      ) : (
        <>
          <CopyCommand command={action.command} />
          {action.runnableBy === 'tool' && <div className="muted ds-hint">Spoolscope can run this from the node’s Data stores tab.</div>}
        </>
      )}
    </li>
  );
}
