// An operator's command as text to copy, with a Copy button: the tool never runs it (SQL for a database, a
// shell line on the node). When the clipboard refuses, the text is left selected for Ctrl+C.
import { useRef, useState, type ReactElement } from 'react';
import { copyText, type CopyOutcome } from './copyText';

export function CopyCommand({ command, testId = 'store-command' }: { command: string; testId?: string }): ReactElement {
  const ref = useRef<HTMLElement>(null);
  const [outcome, setOutcome] = useState<CopyOutcome | null>(null);
  return (
    <div className="ds-command" data-testid={testId}>
      <code ref={ref} className="mono ds-command-text" data-testid={`${testId}-text`}>
        {command}
      </code>
      <button
        type="button"
        className="ds-copy"
        data-testid={`${testId}-copy`}
        aria-label={`Copy: ${command}`}
        onClick={() => void copyText(command, ref.current).then(setOutcome)}
      >
        Copy
      </button>
      <span className="ds-copied muted" role="status" data-testid={`${testId}-copied`} data-outcome={outcome ?? ''}>
        {outcome === 'copied' ? 'Copied' : outcome === 'selected' ? 'Selected: press Ctrl+C' : ''}
      </span>
    </div>
  );
}
