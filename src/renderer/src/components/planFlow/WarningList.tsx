// A plan's or a result's warnings, each on its own line; `extra` adds a closing line of the caller's.
import type { ReactElement, ReactNode } from 'react';

export function WarningList({ warnings, testId, extra }: { warnings: readonly string[]; testId?: string; extra?: ReactNode }): ReactElement | null {
  if (warnings.length === 0 && !extra) return null;
  return (
    <section className="rc-block warnings" data-testid={testId}>
      <h3>Warnings</h3>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
        {extra}
      </ul>
    </section>
  );
}
