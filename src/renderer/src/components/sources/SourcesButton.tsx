// "Sources…" in the treemap's toolbar: the selected tile's sources (a partition, or a directory: its newest
// day), or the root's when nothing is selected.
import type { ReactElement } from 'react';
import { middleTruncate } from '../../middleTruncate';
import { useNodeStore } from '../../state/nodeStore';
import { importedReason, useScanStore } from '../../state/scanStore';
import { partitionPath, useSourcesStore } from '../../state/sourcesStore';
import { useViewStore } from '../../state/viewStore';

export function SourcesButton(): ReactElement | null {
  const root = useScanStore((s) => s.root) ?? useNodeStore.getState().selectedRoot;
  const selectedKey = useViewStore((s) => s.selectedKey);
  const off = importedReason(useScanStore((s) => s.imported));
  if (!root) return null;
  const target = selectedKey ? partitionPath(root, selectedKey) : root;
  const label = selectedKey ? middleTruncate(selectedKey.slice(selectedKey.lastIndexOf('/') + 1), 22) : 'root';
  return (
    <button
      type="button"
      className="src-open sel-action"
      data-testid="open-sources"
      disabled={off !== null}
      title={off ?? `Who writes ${target}: sources against their baseline, and their messages`}
      onClick={() => {
        if (off === null) void useSourcesStore.getState().open(target);
      }}
    >
      Sources of <bdi className="mono">{label}</bdi>…
    </button>
  );
}
