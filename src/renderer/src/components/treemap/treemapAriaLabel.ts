// The canvas's accessible name: what it shows, what is selected, and the keys that work.
import { formatBytes } from '../../format';
import type { Tile } from '../../treemap/layout';

const MORE_SUFFIX = '\u0000more';

/** `within`: the drawn tile holding a selection too small or too deep to draw (`selectedKey`). */
function selectionLabel(selected: Tile | null, within: Tile | null, selectedKey: string | null): string {
  if (selected?.held) return selected.held.label;
  if (!selected) return within && selectedKey ? `${selectedKey.endsWith(MORE_SUFFIX) ? `${selectedKey.slice(0, -MORE_SUFFIX.length)} (folded entries)` : selectedKey}, inside ${within.node.path}` : 'empty';
  const what = selected.node.kind === 'more' ? `${selected.node.moreCount ?? 0} more entries` : selected.node.path;
  return `${what}, ${formatBytes(selected.node.allocatedBytes)}`;
}

export function treemapAriaLabel(root: string | null, focusPath: string, selected: Tile | null, within: Tile | null = null, selectedKey: string | null = null): string {
  return `Treemap of ${root ?? ''}/${focusPath}. Selected: ${selectionLabel(selected, within, selectedKey)}. Arrow keys move, Enter zooms in, Backspace zooms out. The same entries are listed in the table after it.`;
}
