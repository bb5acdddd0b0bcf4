// What a plan or an action left alone and why, as a titled list: the first `shown` items, then a count of the rest.
import type { ReactElement, ReactNode } from 'react';
import { formatCount } from '../../format';

export function CappedRefusals<T>({ items, title, testId, shown, renderItem }: {
  items: readonly T[];
  title: string;
  testId?: string;
  shown: number;
  /** One `<li>` with its key. */
  renderItem: (item: T, index: number) => ReactNode;
}): ReactElement | null {
  if (items.length === 0) return null;
  return (
    <section className="rc-block refusals" data-testid={testId}>
      <h3>{title}</h3>
      <ul>
        {items.slice(0, shown).map(renderItem)}
        {items.length > shown && <li className="muted">and {formatCount(items.length - shown)} more</li>}
      </ul>
    </section>
  );
}
