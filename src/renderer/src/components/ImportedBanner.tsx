// Says, above the node view, that the treemap and the partitions on screen are an imported ncdu export, not
// this node: its root may name a directory here too (/var/log), and acting on it would act on the wrong host.
import type { ReactElement } from 'react';
import { IMPORT_ACTIONS_DISABLED } from '../../../shared/nodeNames';
import { useChangesStore } from '../state/changesStore';
import { useScanStore } from '../state/scanStore';

export function ImportedBanner(): ReactElement | null {
  const imported = useScanStore((s) => s.imported);
  const root = useScanStore((s) => s.root);
  if (!imported) return null;
  return (
    <div className="imported-banner" role="status" data-testid="imported-banner" title={IMPORT_ACTIONS_DISABLED}>
      <span>
        Imported from <strong>{imported.file}</strong>: not scanned live, actions off.
      </span>
      <span className="muted">
        <bdi className="mono">{root}</bdi> as kept under <bdi className="mono">{imported.label}</bdi>
      </span>
      <span className="spacer" />
      <button type="button" data-testid="imported-close" onClick={() => useChangesStore.getState().closeImport()}>
        Back to this node
      </button>
    </div>
  );
}
