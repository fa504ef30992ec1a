import { ConfirmDialog } from './ConfirmDialog';
import type { BridgeError } from '../data/BridgeError';
import { useT } from '../i18n/I18nProvider';

/**
 * Main refuses to send a code it already exchanged (WeChat would answer 40163) with a validation
 * error on `allowReuse`; the UI asks, and only then resends with allowReuse: true.
 */
export const isReuseRefusal = (error: BridgeError | null): boolean =>
  error?.error.kind === 'validation' && error.error.issues.some((issue) => issue.path === 'allowReuse');

export function ReuseConfirm({
  codeName,
  onConfirm,
  onCancel,
}: {
  codeName: 'code' | 'js_code';
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  return (
    <ConfirmDialog title={t('reuse.title', { name: codeName })} confirmLabel={t('reuse.ok')} onConfirm={onConfirm} onCancel={onCancel}>
      <p>{t('reuse.body', { name: codeName })}</p>
    </ConfirmDialog>
  );
}
