// The store's own documentation of freeing its space. In a browser it opens in a new tab. The desktop window
// opens nothing outside the app (navigation and new windows are denied, docs/architecture.md "Security"), so
// there the address is shown to copy instead of a link that would do nothing.
import type { ReactElement } from 'react';
import type { DataStoreKind } from '../../../../shared/dataStoreModels';
import { CopyCommand } from './CopyCommand';
import { KIND_TEXT, SPOOLSCOPE_STORES_DOC } from './storeLabels';

function inDesktopWindow(): boolean {
  return typeof window !== 'undefined' && window.api !== undefined;
}

export function DocsLink({ kind }: { kind: DataStoreKind }): ReactElement {
  const url = KIND_TEXT[kind].docs;
  const label = `${KIND_TEXT[kind].title}: its own docs`;
  return (
    <div className="ds-docs" data-testid="store-docs">
      {inDesktopWindow() ? (
        <>
          <span className="muted">{label}:</span>
          <CopyCommand command={url} testId="store-docs-url" />
        </>
      ) : (
        <a href={url} target="_blank" rel="noopener noreferrer" data-testid="store-docs-link">
          {label} ↗
        </a>
      )}
      <span className="muted ds-docs-ours" title="How Spoolscope finds data stores and what a reap may do with each kind">
        · Spoolscope: <span className="mono">{SPOOLSCOPE_STORES_DOC}</span>
      </span>
    </div>
  );
}
