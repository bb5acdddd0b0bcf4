// A node's state as a small coloured badge; the message (what to do next) is its tooltip. When the state
// has a dialog that resolves it, the badge is a button that opens it.
import type { ReactElement } from 'react';
import type { NodeState } from '../../../../shared/nodeModels';
import { STATE_LABEL, STATE_TONE } from './stateLabels';

export function StateBadge({ state, message, onResolve }: { state: NodeState; message: string | null; onResolve?: () => void }): ReactElement {
  const className = `state-badge ${STATE_TONE[state]}`;
  const title = message ?? STATE_LABEL[state];
  if (onResolve) {
    return (
      <button
        type="button"
        className={`${className} as-button`}
        data-testid="state-badge"
        data-state={state}
        title={`${title} (click to resolve)`}
        onClick={(e) => {
          e.stopPropagation();
          onResolve();
        }}
      >
        {STATE_LABEL[state]}
      </button>
    );
  }
  return (
    <span className={className} data-testid="state-badge" data-state={state} title={title}>
      {STATE_LABEL[state]}
    </span>
  );
}
