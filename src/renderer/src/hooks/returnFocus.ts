// Focus goes back where it was when a dialog or drawer closes. Without this, closing one dropped focus
// to the page body and the arrow keys no longer reached the treemap or the partition grid.
// Every dialog calls useReturnFocus(open) once, before any early return.
import { useLayoutEffect, useRef } from 'react';

/** Where focus lands when the opener itself is gone: the partition grid, else the treemap. */
const HOME = '[data-focus-home]';

/** The element to give focus back to: the opener if still on the page, else its re-rendered twin, else home. */
export function focusTarget(opener: Element | null, doc: Document = document): HTMLElement | null {
  if (opener instanceof HTMLElement && opener.isConnected && opener !== doc.body) return opener;
  const testId = opener instanceof HTMLElement ? opener.dataset.testid : undefined;
  const twin = testId ? doc.querySelector<HTMLElement>(`[data-testid="${CSS.escape(testId)}"]`) : null;
  return twin ?? doc.querySelector<HTMLElement>(HOME);
}

/**
 * Gives focus back to `opener` once the dialog is gone, unless the user has put it somewhere else
 * meanwhile (a drawer is not modal: a click on the treemap keeps focus there).
 */
export function returnFocus(opener: Element | null, doc: Document = document): void {
  // After the commit that removed the dialog: by then a focus inside it has fallen to the body.
  queueMicrotask(() => {
    const active = doc.activeElement;
    if (active !== null && active !== doc.body && active.isConnected) return;
    focusTarget(opener, doc)?.focus({ preventScroll: true });
  });
}

/** While `open`, remembers what had focus when it opened; gives focus back when it closes or unmounts. */
export function useReturnFocus(open: boolean): void {
  const opener = useRef<Element | null>(null);
  const wasOpen = useRef(false);
  // Read in the render that opens it: by the commit an autoFocus inside the dialog has already taken focus.
  if (open && !wasOpen.current) opener.current = typeof document === 'undefined' ? null : document.activeElement;
  wasOpen.current = open;
  useLayoutEffect(() => {
    if (!open) return;
    const from = opener.current;
    return () => returnFocus(from);
  }, [open]);
}
