// @vitest-environment happy-dom
// The footer of the reap and reclaim dialogs: with a plan on screen the focus goes to Cancel, so Enter
// (pressed out of habit, or held down) closes the dialog and deletes nothing.
import { act, createElement, createRef } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfirmFooter, type ConfirmAction } from '../../../src/renderer/src/components/planFlow/ConfirmFooter';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLElement | null = null;
afterEach(() => {
  host?.remove();
  host = null;
});

function render(confirm: ConfirmAction | null, onClose = vi.fn()) {
  host = document.createElement('div');
  document.body.append(host);
  const primaryRef = createRef<HTMLButtonElement>();
  const root = createRoot(host);
  act(() => root.render(createElement(ConfirmFooter, { confirm, busy: false, planning: false, onClose, closeTestId: 'close', primaryRef })));
  return { primaryRef, root };
}

const plan = (onConfirm: () => void): ConfirmAction => ({
  verb: 'reap', count: 3, one: 'partition', many: 'partitions', bytes: 3 << 20, nothingLabel: 'Nothing to reap', testId: 'confirm', onConfirm,
});

describe('the plan dialog footer', () => {
  it('hands focus to Cancel, not Confirm, while a plan is on screen', () => {
    const onConfirm = vi.fn();
    const onClose = vi.fn();
    const { primaryRef } = render(plan(onConfirm), onClose);
    expect(primaryRef.current?.textContent).toBe('Cancel');
    primaryRef.current!.focus();
    expect(document.activeElement?.textContent).toBe('Cancel');
    // What Enter does on a focused button: click it.
    act(() => (document.activeElement as HTMLButtonElement).click());
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('keeps Confirm a separate button that says what it will do', () => {
    const onConfirm = vi.fn();
    render(plan(onConfirm));
    const confirm = host!.querySelector<HTMLButtonElement>('[data-testid=confirm]')!;
    expect(confirm.textContent).toBe('Confirm: reap 3 partitions (3.00 MiB)');
    act(() => confirm.click());
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('focuses the one Close button when no plan is shown', () => {
    const { primaryRef } = render(null);
    expect(primaryRef.current?.dataset.testid).toBe('close');
  });
});
