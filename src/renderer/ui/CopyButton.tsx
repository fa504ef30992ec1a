import { useEffect, useState } from 'react';
import { useT } from '../i18n/I18nProvider';

type Status = 'idle' | 'copied' | 'failed';

/** Copies `value` (held in memory, not rendered) and says whether it worked. */
export function CopyButton({ value, label, testId }: { value: string; label?: string; testId?: string }) {
  const t = useT();
  const [status, setStatus] = useState<Status>('idle');

  useEffect(() => {
    if (status === 'idle') return;
    const timer = setTimeout(() => setStatus('idle'), 1500);
    return () => clearTimeout(timer);
  }, [status]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      setStatus('failed');
    }
  };

  const text = status === 'copied' ? t('common.copied') : status === 'failed' ? t('common.copyFailed') : (label ?? t('common.copy'));
  return (
    <button type="button" className="btn btn-small" onClick={() => void copy()} data-testid={testId} aria-live="polite">
      {text}
    </button>
  );
}
