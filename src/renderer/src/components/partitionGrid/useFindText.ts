// Find's text (Ctrl+F, in the view store): the grid shows the rows whose path contains it.
import { useViewStore } from '../../state/viewStore';

export function useFindText(): string {
  return useViewStore((s) => s.findText);
}
