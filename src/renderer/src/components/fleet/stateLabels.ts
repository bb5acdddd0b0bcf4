// Words and colours for node states, the same in the fleet table, the node view header and the dialogs.
import type { NodeState } from '../../../../shared/nodeModels';

export const STATE_LABEL: Record<NodeState, string> = {
  local: 'local',
  idle: 'not connected',
  connecting: 'connecting…',
  connected: 'connected',
  partial: 'partial (no root)',
  auth_failed: 'auth failed',
  hostkey_unknown: 'host key unknown',
  hostkey_changed: 'host key changed',
  unreachable: 'unreachable',
  passphrase_needed: 'passphrase needed',
};

/** ok: working; busy: in progress; warn: works, but not fully or needs a decision; bad: cannot be seen. */
export const STATE_TONE: Record<NodeState, 'ok' | 'busy' | 'warn' | 'bad' | 'idle'> = {
  local: 'ok',
  idle: 'idle',
  connecting: 'busy',
  connected: 'ok',
  partial: 'warn',
  auth_failed: 'bad',
  hostkey_unknown: 'warn',
  hostkey_changed: 'bad',
  unreachable: 'bad',
  passphrase_needed: 'warn',
};

/** States with a dialog that resolves them (review the key, enter the passphrase). */
export function hasAccessDialog(state: NodeState): boolean {
  return state === 'hostkey_unknown' || state === 'hostkey_changed' || state === 'passphrase_needed';
}
