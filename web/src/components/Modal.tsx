// A modal dialog: focus moves in and is trapped, Escape closes, and focus
// returns to whatever opened it. Below 768 px it is shown as a bottom sheet.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { focusableSelector, trapTab } from '../lib/focusTrap';
import { Button } from './Button';
import './Modal.css';


export interface ModalProps {
  open: boolean;
  onClose: () => void;
  /** id of the element naming the dialog. */
  labelledBy: string;
  describedBy?: string | undefined;
  children: ReactNode;
  /** alertdialog for confirmations. */
  role?: 'dialog' | 'alertdialog';
}

export function Modal({ open, onClose, labelledBy, describedBy, children, role = 'dialog' }: ModalProps) {
  const panel = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    if (!open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const node = panel.current;
    const first = node?.querySelector<HTMLElement>('[data-autofocus]') ?? node?.querySelector<HTMLElement>(focusableSelector);
    (first ?? node)?.focus();
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';

    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onCloseRef.current();
        return;
      }
      if (node) trapTab(e, node);
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.style.overflow = overflow;
      if (opener && opener.isConnected) opener.focus();
    };
  }, [open]);

  if (!open) return null;
  return createPortal(
    <div className="modal" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={panel}
        className="modal__panel"
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
      >
        {children}
      </div>
    </div>,
    document.body,
  );
}

export interface ConfirmModalProps {
  open: boolean;
  message: string;
  subMessage?: string;
  confirmLabel: string;
  /** Red confirm button. */
  destructive?: boolean;
  /** Informational: only the confirm button, no "Cancel". */
  informational?: boolean;
  /** May return a promise; the button shows progress until it settles, then the modal closes. */
  onConfirm: () => void | Promise<unknown>;
  onCancel: () => void;
}

/** "Are you sure…?" (or informational) dialog: h3 message, optional sub-message, Cancel + confirm. */
export function ConfirmModal({
  open,
  message,
  subMessage,
  confirmLabel,
  destructive = false,
  informational = false,
  onConfirm,
  onCancel,
}: ConfirmModalProps) {
  const id = useId();
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      onClose={() => !busy && onCancel()}
      labelledBy={`${id}-message`}
      describedBy={subMessage ? `${id}-sub` : undefined}
      role={informational ? 'dialog' : 'alertdialog'}
    >
      <div className="confirm">
        <h3 id={`${id}-message`} className="confirm__message">
          {message}
        </h3>
        {subMessage && (
          <p id={`${id}-sub`} className="confirm__sub">
            {subMessage}
          </p>
        )}
        <div className="confirm__actions">
          {!informational && (
            <Button variant="secondary" onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
          )}
          <Button
            variant={destructive ? 'destructive' : 'primary'}
            onClick={() => void confirm()}
            loading={busy}
            data-autofocus={informational ? true : undefined}
          >
            {confirmLabel}
          </Button>
        </div>
      </div>
    </Modal>
  );
}
