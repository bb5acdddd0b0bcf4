// The head of a destructive action's result: a loud notice when the audit log could not be written, the
// bytes freed as statvfs measured them against what the plan expected, and each filesystem before -> after.
import type { ReactElement } from 'react';
import { formatBytes } from '../../format';

export interface FreedFigures {
  audited: boolean;
  auditError?: string | null;
  freedBytes: number;
  filesystems: readonly { mount: string; usedBefore: number; usedAfter: number }[];
}

/** `whatWasDone`: "The files below were truncated", said before "but this action is not recorded". */
export function FreedHeadline({ result, expectedFreeBytes, whatWasDone, unauditedTestId, freedTestId, expectedBy = 'the plan' }: {
  result: FreedFigures;
  expectedFreeBytes: number;
  whatWasDone: string;
  unauditedTestId: string;
  freedTestId: string;
  /** Who expected `expectedFreeBytes`: "the plan", or a store action's "the dry run". */
  expectedBy?: string;
}): ReactElement {
  return (
    <>
      {!result.audited && (
        <div className="rc-audit" role="alert" data-testid={unauditedTestId}>
          <strong>The audit log could not be written.</strong> {whatWasDone}, but this action is not recorded
          {result.auditError ? `: ${result.auditError}` : '.'}
        </div>
      )}
      <div className="rc-headline" data-testid={freedTestId} data-bytes={result.freedBytes}>
        {result.freedBytes >= 0 ? (
          <>
            Freed <strong>{formatBytes(result.freedBytes)}</strong>
          </>
        ) : (
          // Other writers added more than the action freed meanwhile: a negative "Freed" read as a cost.
          <>
            <strong>Nothing measurable freed</strong>: other writers added {formatBytes(-result.freedBytes)} more than was freed meanwhile;
          </>
        )}
        <span className="muted"> measured with statvfs before and after; {expectedBy} expected {formatBytes(expectedFreeBytes)}</span>
      </div>
      {result.filesystems.length > 0 && (
        <ul className="rc-fs">
          {result.filesystems.map((f) => (
            <li key={f.mount}>
              <span className="mono">{f.mount}</span>: used {formatBytes(f.usedBefore)} → {formatBytes(f.usedAfter)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
