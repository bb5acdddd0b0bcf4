// The browser bridge's socket status for a header (nothing in Electron, where IPC has no such state).
import { useSyncExternalStore, type ReactElement } from 'react';
import { getApi } from '../api/getApi';
import type { ConnectionStatus } from '../api/wsApi';

// The socket's status as an external store, so a change between render and subscribe is never missed.
const subscribeStatus = (listener: () => void) => getApi().bridge?.onStatus(listener) ?? (() => undefined);
const readStatus = (): ConnectionStatus => getApi().bridge?.status() ?? 'open';

export function Connection(): ReactElement | null {
  const status = useSyncExternalStore(subscribeStatus, readStatus);
  if (!getApi().bridge) return null;
  const text = status === 'open' ? 'connected' : status === 'connecting' ? 'connecting…' : 'reconnecting…';
  return (
    <span className={`conn ${status}`} data-testid="connection" data-status={status}>
      {text}
    </span>
  );
}
