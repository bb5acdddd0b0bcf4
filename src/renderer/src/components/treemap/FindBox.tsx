// Find (Ctrl+F, or the menu's Find): a filter box that narrows the treemap, its twin and the partition grid
// to names containing its text (the view store's findText). Escape clears it and gives the focus back to
// where it came from; the browser's own find is not opened.
import { useEffect, useRef, type ReactElement } from 'react';
import { FIND_REQUEST_EVENT } from '../../../../shared/appCommands';
import { useViewStore } from '../../state/viewStore';

/**
 * Ctrl+F / Cmd+F anywhere in the node view opens Find, and so does the desktop menu's Find (its accelerator
 * takes the key before the page sees it, and arrives as FIND_REQUEST_EVENT).
 */
function useFindShortcut(): void {
  useEffect(() => {
    const open = () => useViewStore.getState().openFind();
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener(FIND_REQUEST_EVENT, open);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener(FIND_REQUEST_EVENT, open);
    };
  }, []);
}

export function FindBox({ matches }: { matches: number | null }): ReactElement {
  const text = useViewStore((s) => s.findText);
  const request = useViewStore((s) => s.findFocusRequest);
  const input = useRef<HTMLInputElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  useFindShortcut();
  useEffect(() => {
    if (request === 0 || !input.current) return;
    if (document.activeElement !== input.current) returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    input.current.focus();
    input.current.select();
  }, [request]);
  return (
    <div className="find" role="search" aria-label="Find in the treemap">
      <input
        ref={input}
        type="search"
        className="find-input"
        placeholder="Find names (Ctrl+F)"
        aria-label="Find: show only names containing"
        data-testid="find-input"
        value={text}
        spellCheck={false}
        onChange={(e) => useViewStore.getState().setFindText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          // Handled here: Escape must not also zoom the treemap out.
          e.preventDefault();
          e.stopPropagation();
          useViewStore.getState().closeFind();
          const back = returnTo.current;
          returnTo.current = null;
          if (back?.isConnected) back.focus();
          else input.current?.blur();
        }}
      />
      {text.trim() !== '' && (
        <span className="find-count muted" role="status" data-testid="find-count">
          {matches === null ? '' : matches === 0 ? 'no match' : `${matches} ${matches === 1 ? 'entry' : 'entries'}`}
        </span>
      )}
    </div>
  );
}
