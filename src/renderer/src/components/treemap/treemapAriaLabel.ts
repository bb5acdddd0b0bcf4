// The canvas's accessible name: what it shows, what is selected, and the keys that work.
import { formatBytes } from '../../format';
import type { Tile } from '../../treemap/layout';

function selectionLabel(selected: Tile | null): string {
  if (selected?.held) return selected.held.label;
  if (!selected) return 'empty';
  const what = selected.node.kind === 'more' ? `${selected.node.moreCount ?? 0} more entries` : selected.node.path;
  return `${what}, ${formatBytes(selected.node.allocatedBytes)}`;
}

export function treemapAriaLabel(root: string | null, focusPath: string, selected: Tile | null): string {
  return `Treemap of ${root ?? ''}/${focusPath}. Selected: ${selectionLabel(selected)}. Arrow keys move, Enter zooms in, Backspace zooms out. The same entries are listed in the table after it.`;
}
