// The footer of a plan -> Confirm -> result dialog: Cancel and Confirm while a plan is shown, otherwise
// one button that cancels the planning or closes, disabled while the action runs.
import type { ReactElement, RefObject } from 'react';
import { formatBytes, formatCount } from '../../format';

/** Confirm says what it will do: "Confirm: reap 6 partitions (6.00 MiB)"; with nothing planned, `nothingLabel`, disabled. */
export interface ConfirmAction {
  verb: string;
  count: number;
  one: string;
  many: string;
  bytes: number;
  nothingLabel: string;
  testId: string;
  onConfirm: () => void;
  /** Set while something must be done first (a confirmation to type): Confirm stays disabled and says why. */
  disabledReason?: string | null;
}

/**
 * `confirm` null: no plan on screen. `primaryRef` gets the button that should hold focus: with a plan on
 * screen that is Cancel, never Confirm, so an Enter pressed out of habit deletes nothing.
 */
export function ConfirmFooter({ confirm, busy, planning, onClose, closeTestId, primaryRef }: {
  confirm: ConfirmAction | null;
  busy: boolean;
  planning: boolean;
  onClose: () => void;
  closeTestId: string;
  primaryRef: RefObject<HTMLButtonElement | null>;
}): ReactElement {
  return (
    <footer className="modal-foot">
      {confirm ? (
        <>
          <button type="button" ref={primaryRef} onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary danger-fill" data-testid={confirm.testId} disabled={confirm.count === 0 || Boolean(confirm.disabledReason)} title={confirm.disabledReason ?? undefined} onClick={confirm.onConfirm}>
            {confirm.count === 0
              ? confirm.nothingLabel
              : `Confirm: ${confirm.verb} ${formatCount(confirm.count)} ${confirm.count === 1 ? confirm.one : confirm.many} (${formatBytes(confirm.bytes)})`}
          </button>
        </>
      ) : (
        <button type="button" ref={primaryRef} disabled={busy} onClick={onClose} data-testid={closeTestId}>
          {busy ? 'Working…' : planning ? 'Cancel' : 'Close'}
        </button>
      )}
    </footer>
  );
}
