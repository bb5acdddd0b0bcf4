// The frame of a node dialog: backdrop, title, Escape closes, focus starts and stays (Tab cycles) inside the dialog.
import { useEffect, useRef, type ReactElement, type ReactNode } from 'react';
import { trapTab } from '../../hooks/focusTrap';
import { useReturnFocus } from '../../hooks/returnFocus';

export function Modal({ title, testId, onClose, children, footer, narrow = true }: { title: string; testId: string; onClose: () => void; children: ReactNode; footer: ReactNode; narrow?: boolean }): ReactElement {
  const ref = useRef<HTMLDivElement | null>(null);
  useReturnFocus(true);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, button.primary, button');
    first?.focus();
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={`modal${narrow ? ' narrow' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${testId}-title`}
        data-testid={testId}
        onKeyDown={(e) => {
          if (trapTab(e)) return;
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <div className="modal-head">
          <h2 id={`${testId}-title`}>{title}</h2>
        </div>
        <div className="modal-body">{children}</div>
        <div className="modal-foot">{footer}</div>
      </div>
    </div>
  );
}
