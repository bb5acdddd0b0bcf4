// "Reap <selection>…" beside "Sources of…" in the treemap's toolbar, where the selection is (it sat at the
// bottom of the sidebar): shown when the selected tile or grid row is one of the scan's partitions, and
// plans removing just that one (nothing happens before the plan is confirmed).
import type { ReactElement } from 'react';
import { middleTruncate } from '../middleTruncate';
import { useNodeStore } from '../state/nodeStore';
import { useReapStore } from '../state/reapStore';
import { importedReason, useScanStore } from '../state/scanStore';
import { useViewStore } from '../state/viewStore';

/** Characters of the partition's path on the button: its end (the day, the segment number) is kept. */
const LABEL_CHARS = 22;

export function ReapSelectionButton(): ReactElement | null {
  const root = useNodeStore((s) => s.selectedRoot);
  const selectedKey = useViewStore((s) => s.selectedKey);
  const isPartition = useScanStore((s) => selectedKey !== null && (s.summary?.partitions.some((p) => p.path === selectedKey) ?? false));
  const off = importedReason(useScanStore((s) => s.imported));
  if (!root || selectedKey === null || !isPartition) return null;
  return (
    <button
      type="button"
      className="sel-action"
      data-testid="reap-picked"
      disabled={off !== null}
      title={off ?? `Plan removing only ${selectedKey}, the selected partition (nothing is removed before you confirm)`}
      onClick={() => {
        if (off === null) void useReapStore.getState().open(root, [selectedKey]);
      }}
    >
      Reap <bdi className="mono">{middleTruncate(selectedKey, LABEL_CHARS)}</bdi>…
    </button>
  );
}
