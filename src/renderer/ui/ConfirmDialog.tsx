import type { ReactNode } from 'react';
import { useT } from '../i18n/I18nProvider';
import { Modal } from './Modal';

/** Asks before something that cannot be undone; the cancel button has focus first. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  busy = false,
  disabled = false,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** The action cannot succeed yet (the label says when it can). */
  disabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  return (
    <Modal title={title} onClose={onCancel} role="alertdialog" testId="confirm-dialog">
      <div className="modal-body">{children}</div>
      <div className="modal-actions">
        <button type="button" className="btn" onClick={onCancel} autoFocus>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className={danger ? 'btn btn-danger' : 'btn btn-primary'}
          onClick={onConfirm}
          disabled={busy || disabled}
          data-testid="confirm-ok"
        >
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
