// Find's text (Ctrl+F, kept in the view store by the treemap's find box): the grid shows the rows whose
// path contains it. Read defensively: '' until the store carries it.
import { useViewStore } from '../../state/viewStore';

export function useFindText(): string {
  return useViewStore((s) => (s as { findText?: unknown }).findText) as string | undefined ?? '';
}
