import { useId, useState, type FormEvent } from 'react';
import type { CallbackSignature, Profile, QueryVerification } from '../../../contract';
import type { WxError } from '../../../contract/errors';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorView } from '../../ui/ErrorView';
import { useBridgeMutation } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';
import { Bi } from './parts';
import { useResetOnInput } from '../../ui/resetOnInput';

const nowSeconds = () => String(Math.floor(Date.now() / 1000));

/** signature = sha1 of Token, timestamp and nonce in dictionary order; the Token shows as a placeholder. */
export function SignatureLab({ profile }: { profile: Profile }) {
  const t = useT();
  const ids = useId();
  const [timestamp, setTimestamp] = useState(nowSeconds);
  const [nonce, setNonce] = useState('1234567890');
  const [signed, setSigned] = useState<CallbackSignature | null>(null);
  const [query, setQuery] = useState('');
  const [body, setBody] = useState('');
  const [verified, setVerified] = useState<QueryVerification | null>(null);
  const [error, setError] = useState<WxError | null>(null);
  const sign = useBridgeMutation('callbackSign');
  const verify = useBridgeMutation('callbackVerifyQuery');
  useResetOnInput([timestamp, nonce], () => {
    setSigned(null);
    setError(null);
  });
  useResetOnInput([query, body], () => {
    setVerified(null);
    setError(null);
  });

  const runSign = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    sign.mutate({ profileId: profile.id, timestamp: timestamp.trim(), nonce: nonce.trim() }, { onSuccess: setSigned, onError: (err) => setError(err.error) });
  };
  const runVerify = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    verify.mutate(
      { profileId: profile.id, query: query.trim(), ...(body.trim() ? { body } : {}) },
      { onSuccess: setVerified, onError: (err) => setError(err.error) },
    );
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid="cblab-signature">
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('cblab.signTitle')}
      </h2>
      <form className="row" onSubmit={runSign}>
        <label className="inline-field">
          timestamp
          <input className="mono" value={timestamp} onChange={(e) => setTimestamp(e.target.value)} data-testid="cblab-timestamp" />
        </label>
        <label className="inline-field">
          nonce
          <input className="mono" value={nonce} onChange={(e) => setNonce(e.target.value)} data-testid="cblab-nonce" />
        </label>
        <button type="submit" className="btn btn-primary" disabled={sign.isPending} data-testid="cblab-sign">
          {t('cblab.sign')}
        </button>
      </form>
      {signed ? (
        <div className="result-card" data-testid="cblab-signed">
          <p className="id-value">
            <code className="mono" data-testid="cblab-signature-value">
              {signed.signature}
            </code>
            <CopyButton value={signed.signature} />
          </p>
          <p className="muted small">{t('cblab.sortedHelp')}</p>
          <code className="mono wrap" data-testid="cblab-sorted">
            {signed.sorted.map((part, i) => (
              <span key={i}>
                {i > 0 ? ' + ' : ''}
                {part.value === null ? <span className="badge badge-muted">{t('cblab.tokenPlaceholder')}</span> : part.value}
              </span>
            ))}
          </code>
        </div>
      ) : null}

      <h3 className="subhead">{t('cblab.verifyTitle')}</h3>
      <form className="form-grid" onSubmit={runVerify}>
        <label htmlFor={`${ids}-query`}>URL / query</label>
        <textarea id={`${ids}-query`} rows={2} value={query} onChange={(e) => setQuery(e.target.value)} spellCheck={false} data-testid="cblab-query" placeholder="https://example.com/wx?signature=…&timestamp=…&nonce=…" />
        <label htmlFor={`${ids}-body`}>{t('cblab.bodyOptional')}</label>
        <textarea id={`${ids}-body`} rows={2} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} data-testid="cblab-query-body" />
        <span />
        <div>
          <button type="submit" className="btn" disabled={verify.isPending || query.trim() === ''} data-testid="cblab-verify">
            {t('cblab.verify')}
          </button>
        </div>
      </form>
      {verified ? (
        <div className="result-card" data-testid="cblab-verified">
          {verified.checks.map((check) => (
            <p key={check.name} className={`check ${check.valid ? 'check-ok' : 'check-bad'}`} data-testid={`cblab-check-${check.name}`}>
              {check.valid ? '✓' : '✗'} {check.name} {check.valid ? t('cblab.matches') : t('cblab.expected', { expected: check.expected, got: check.got })}
            </p>
          ))}
          {verified.missing.length ? <p className="field-problem">{t('cblab.missing', { names: verified.missing.join(', ') })}</p> : null}
          {verified.notes.map((note, i) => (
            <p key={i} className="muted small">
              <Bi text={note} />
            </p>
          ))}
        </div>
      ) : null}
      {error ? <ErrorView error={error} /> : null}
    </section>
  );
}
