import { MonoField } from '../../ui/MonoField';
import { useId, useState, type FormEvent } from 'react';
import type { MiniSession } from '../../../contract';
import type { WxError } from '../../../contract/errors';
import { ErrorView } from '../../ui/ErrorView';
import { useBridgeMutation } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';
import { fieldIssues } from '../../ui/fieldIssues';
import { keyFields, type KeySourceState } from './KeySource';
import { useResetOnInput } from '../../ui/resetOnInput';

const SIGNATURE = /^[0-9a-fA-F]{40}$/;
const fields = ['rawData', 'signature', 'sessionKey'] as const;

/** signature = sha1(rawData + session_key): does this rawData come from this login? */
export function SignatureSection({ session, source }: { session: MiniSession | null; source: KeySourceState }) {
  const t = useT();
  const ids = useId();
  const [rawData, setRawData] = useState('');
  const [signature, setSignature] = useState('');
  const [valid, setValid] = useState<boolean | null>(null);
  const [error, setError] = useState<WxError | null>(null);
  const check = useBridgeMutation('checkUserSignature', { gcTime: 0 });
  const key = keyFields(source, session);
  useResetOnInput([rawData, signature, key], () => {
    setValid(null);
    setError(null);
  });
  const issues = fieldIssues(error, fields);
  const signatureProblem = signature.trim() !== '' && !SIGNATURE.test(signature.trim()) ? t('mini.signatureInvalid') : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!key || signatureProblem) return;
    setError(null);
    setValid(null);
    check.mutate(
      { ...key, rawData, signature: signature.trim() },
      { onSuccess: (r) => setValid(r.valid), onError: (err) => setError(err.error), onSettled: () => check.reset() },
    );
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('mini.signatureTitle')}
      </h2>
      <form className="form-grid" onSubmit={submit} noValidate>
        <MonoField
          id={`${ids}-raw`}
          label="rawData"
          rows={2}
          value={rawData}
          onChange={setRawData}
          problem={issues.byField.rawData}
          testId="raw-data"
        />
        <MonoField
          id={`${ids}-sig`}
          label="signature"
          value={signature}
          onChange={setSignature}
          problem={signatureProblem ?? issues.byField.signature}
          extra={issues.byField.sessionKey ? <p className="field-problem">session_key: {issues.byField.sessionKey}</p> : null}
          testId="signature"
        />
        <div />
        <div className="row">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!key || !!signatureProblem || signature.trim() === '' || check.isPending}
            data-testid="check-signature"
          >
            {t('mini.checkSignature')}
          </button>
          {!key ? <span className="muted">{t('mini.needKey')}</span> : null}
          {valid === true ? (
            <span className="check check-ok" role="status" data-testid="signature-result" data-valid="true">
              ✓ {t('mini.signatureValid')}
            </span>
          ) : null}
          {valid === false ? (
            <span className="check check-bad" role="status" data-testid="signature-result" data-valid="false">
              ✗ {t('mini.signatureBad')}
            </span>
          ) : null}
        </div>
      </form>
      {error && issues.unplaced ? <ErrorView error={error} /> : null}
    </section>
  );
}
