// A destructive action that failed part way: what failed, in the backend's words, and what is being read
// again because some of it may have been done before the failure.
import type { ReactElement } from 'react';

export function ActionFailed({ title, message, after, testId }: {
  /** "Reap failed:" */
  title: string;
  message: string;
  /** What may have happened anyway and what is being refreshed. */
  after: string;
  testId: string;
}): ReactElement {
  return (
    <div className="rc-audit" role="alert" data-testid={testId}>
      <strong>{title}</strong> <span className="mono">{message}</span>
      <div>{after}</div>
    </div>
  );
}
