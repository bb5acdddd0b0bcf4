// In place of the node view while its node cannot be used: its state, what to do, and the way to do it.
import { useState, type ReactElement } from 'react';
import type { NodeInfo } from '../../../../shared/nodeModels';
import { useNavStore } from '../../state/navStore';
import { useNodeDialogStore } from '../../state/nodeDialogStore';
import { useNodeDirectoryStore } from '../../state/nodeDirectoryStore';
import { StateBadge } from './StateBadge';
import { hasAccessDialog, STATE_LABEL } from './stateLabels';

export function NodeAccessPanel({ info }: { info: NodeInfo }): ReactElement {
  const [retrying, setRetrying] = useState(false);
  const retry = async () => {
    setRetrying(true);
    const r = await useNodeDirectoryStore.getState().connect(info.name);
    setRetrying(false);
    if (!('error' in r)) useNodeDialogStore.getState().askFor(r);
  };
  const busy = info.state === 'connecting' || retrying;
  return (
    <div className="node-access" data-testid="node-access" data-state={info.state}>
      <h2>
        {info.name} <StateBadge state={info.state} message={info.message} />
      </h2>
      <p className="mono muted">{info.address}</p>
      <p>{info.message ?? (busy ? 'Connecting…' : `This node is ${STATE_LABEL[info.state]}.`)}</p>
      <div className="node-access-actions">
        {hasAccessDialog(info.state) && (
          <button type="button" className="primary" onClick={() => useNodeDialogStore.getState().askFor(info)} data-testid="node-access-resolve">
            {info.state === 'passphrase_needed' ? 'Enter passphrase…' : info.state === 'hostkey_changed' ? 'Why it is refused…' : 'Review host key…'}
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => void retry()} data-testid="node-access-retry">
          {busy ? 'Connecting…' : 'Try again'}
        </button>
        <button type="button" onClick={() => useNavStore.getState().showFleet()}>
          Back to the fleet
        </button>
      </div>
    </div>
  );
}
