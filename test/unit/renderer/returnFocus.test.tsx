// @vitest-environment happy-dom
// Focus goes back where it was when a dialog closes (issue 16): it fell to the body and the arrow keys
// stopped reaching the grid.
import { act, createElement, useEffect, useRef, useState } from 'react';
import { createRoot, type Root as ReactRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useReturnFocus } from '../../../src/renderer/src/hooks/returnFocus';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let open!: (v: boolean) => void;
let showOpener!: (v: boolean) => void;

function Dialog({ isOpen }: { isOpen: boolean }) {
  useReturnFocus(isOpen);
  const close = useRef<HTMLButtonElement>(null);
  // As the real dialogs do: focus moves inside once it opens.
  useEffect(() => {
    if (isOpen) close.current?.focus();
  }, [isOpen]);
  if (!isOpen) return null;
  return createElement('div', { role: 'dialog' }, createElement('button', { ref: close, id: 'inside' }, 'Close'));
}

function Page() {
  const [isOpen, setOpen] = useState(false);
  const [opener, setOpener] = useState(true);
  open = setOpen;
  showOpener = setOpener;
  return createElement(
    'div',
    null,
    createElement('div', { id: 'home', tabIndex: 0, 'data-focus-home': true }),
    opener ? createElement('button', { id: 'opener', 'data-testid': 'open-it' }, 'Open') : null,
    createElement('input', { id: 'elsewhere' }),
    createElement(Dialog, { isOpen }),
  );
}

let container: HTMLDivElement;
let root: ReactRoot;
const flush = () => act(async () => await Promise.resolve());

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  act(() => root.render(createElement(Page)));
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('focus return after a dialog', () => {
  it('goes back to the element that opened it', async () => {
    document.getElementById('opener')!.focus();
    act(() => open(true));
    expect(document.activeElement?.id).toBe('inside');
    act(() => open(false));
    await flush();
    expect(document.activeElement?.id).toBe('opener');
  });

  it('goes to the page home when the opener is gone', async () => {
    document.getElementById('opener')!.focus();
    act(() => open(true));
    act(() => showOpener(false));
    act(() => open(false));
    await flush();
    expect(document.activeElement?.id).toBe('home');
  });

  it('leaves focus alone when the user put it elsewhere while a drawer was open', async () => {
    document.getElementById('opener')!.focus();
    act(() => open(true));
    document.getElementById('elsewhere')!.focus();
    act(() => open(false));
    await flush();
    expect(document.activeElement?.id).toBe('elsewhere');
  });
});
