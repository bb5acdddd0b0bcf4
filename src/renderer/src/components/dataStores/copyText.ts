// Copying an operator command (never run by the tool) to the clipboard. The async clipboard can be refused:
// Electron's session grants no permission at all, and a browser needs a focused, secure page. Then the
// command's own text is selected, so Ctrl+C copies exactly it, and the caller says so.
export type CopyOutcome = 'copied' | 'selected';

/** Selects the whole text of `el` (the command as shown) in the page. */
export function selectText(el: HTMLElement): void {
  const selection = el.ownerDocument.defaultView?.getSelection();
  if (!selection) return;
  const range = el.ownerDocument.createRange();
  range.selectNodeContents(el);
  selection.removeAllRanges();
  selection.addRange(range);
}

export async function copyText(text: string, shown: HTMLElement | null, clipboard: Pick<Clipboard, 'writeText'> | undefined = globalThis.navigator?.clipboard): Promise<CopyOutcome> {
  if (clipboard) {
    try {
      await clipboard.writeText(text);
      return 'copied';
    } catch {
      // Refused (no permission, page not focused): fall back to a selection below.
    }
  }
  if (shown) selectText(shown);
  return 'selected';
}
