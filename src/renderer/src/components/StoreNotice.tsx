// Says, for as long as the run lasts, that the state store could not be opened and a temporary one is in
// use: roots, history and audit rows of this run are not kept (the backend's storeOrTemporary.ts).
import type { ReactElement } from 'react';
import { useNodeStore } from '../state/nodeStore';

export function StoreNotice(): ReactElement | null {
  const notice = useNodeStore((s) => s.info?.storeNotice ?? null);
  if (!notice) return null;
  return (
    <div className="alert-banner store-notice" role="alert" data-testid="store-notice">
      <div className="alert-row critical">
        <span className="alert-sev">Not kept</span>
        <span className="alert-msg">{notice}</span>
      </div>
    </div>
  );
}
