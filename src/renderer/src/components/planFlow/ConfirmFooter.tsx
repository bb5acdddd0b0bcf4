// The footer of a plan -> Confirm -> result dialog: Cancel and Confirm while a plan is shown, otherwise
// one button that cancels the planning or closes, disabled while the action runs.
import type { ReactElement, RefObject } from 'react';

export interface ConfirmButton {
  label: string;
  disabled: boolean;
  testId: string;
  onConfirm: () => void;
}

/** `confirm` null: no plan on screen. `primaryRef` gets the button that should hold focus. */
export function ConfirmFooter({ confirm, busy, planning, onClose, closeTestId, primaryRef }: {
  confirm: ConfirmButton | null;
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
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary danger-fill" data-testid={confirm.testId} ref={primaryRef} disabled={confirm.disabled} onClick={confirm.onConfirm}>
            {confirm.label}
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
