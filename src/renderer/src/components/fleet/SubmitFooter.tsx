// The footer of a node dialog holding a form: Cancel, and the form's submit button (outside the form, tied by
// its id), disabled with its busy label while the submit runs.
import type { ReactElement } from 'react';

export function SubmitFooter({ formId, label, busyLabel, busy, testId, onCancel }: { formId: string; label: string; busyLabel: string; busy: boolean; testId: string; onCancel: () => void }): ReactElement {
  return (
    <>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" form={formId} className="primary" disabled={busy} data-testid={testId}>
        {busy ? busyLabel : label}
      </button>
    </>
  );
}
