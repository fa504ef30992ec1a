import { useState } from 'react';
import { useT } from '../i18n/I18nProvider';
import { CopyButton } from './CopyButton';

/** First 6 … last 4: enough to tell two tokens apart in a log or a screenshot. */
export function maskValue(value: string): string {
  if (value.length <= 12) return '•'.repeat(value.length);
  return `${value.slice(0, 6)}…${value.slice(-4)}`;
}

/** A credential shown masked by default; the full value enters the DOM only while revealed. */
export function MaskedValue({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const t = useT();
  const [revealed, setRevealed] = useState(false);
  return (
    <div className="masked">
      <code className={`mono masked-value${revealed ? ' revealed' : ''}`} aria-label={label} data-testid={testId}>
        {revealed ? value : maskValue(value)}
      </code>
      <button type="button" className="btn btn-small" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)}>
        {revealed ? t('common.hide') : t('common.show')}
      </button>
      <CopyButton value={value} />
    </div>
  );
}
