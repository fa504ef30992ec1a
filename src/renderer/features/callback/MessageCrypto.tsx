import { useId, useState, type FormEvent } from 'react';
import type { CallbackFormat, DecryptResult, EncryptResult, Profile } from '../../../contract';
import type { WxError } from '../../../contract/errors';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorView } from '../../ui/ErrorView';
import { useBridgeMutation } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';
import { Bi } from './parts';
import { useResetOnInput } from '../../ui/resetOnInput';

/** Decrypt a pushed message (XML <Encrypt> or the JSON form) and encrypt a passive reply, with the stored EncodingAESKey. */
export function MessageCrypto({ profile }: { profile: Profile }) {
  const t = useT();
  const ids = useId();
  const [body, setBody] = useState('');
  const [timestamp, setTimestamp] = useState('');
  const [nonce, setNonce] = useState('');
  const [msgSignature, setMsgSignature] = useState('');
  const [decrypted, setDecrypted] = useState<DecryptResult | null>(null);
  const [reply, setReply] = useState('');
  const [format, setFormat] = useState<CallbackFormat>('xml');
  const [encrypted, setEncrypted] = useState<EncryptResult | null>(null);
  const [error, setError] = useState<WxError | null>(null);
  const decrypt = useBridgeMutation('callbackDecrypt');
  const encrypt = useBridgeMutation('callbackEncrypt');
  useResetOnInput([body, timestamp, nonce, msgSignature], () => {
    setDecrypted(null);
    setError(null);
  });
  useResetOnInput([reply, format], () => {
    setEncrypted(null);
    setError(null);
  });
  const opt = (value: string) => (value.trim() === '' ? undefined : value.trim());

  const runDecrypt = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDecrypted(null);
    decrypt.mutate(
      { profileId: profile.id, body, timestamp: opt(timestamp), nonce: opt(nonce), msgSignature: opt(msgSignature) },
      { onSuccess: setDecrypted, onError: (err) => setError(err.error) },
    );
  };
  const runEncrypt = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setEncrypted(null);
    encrypt.mutate({ profileId: profile.id, reply, format }, { onSuccess: setEncrypted, onError: (err) => setError(err.error) });
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid="cblab-crypto">
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('cblab.cryptoTitle')}
      </h2>
      <form className="form-grid" onSubmit={runDecrypt}>
        <label htmlFor={`${ids}-body`}>{t('cblab.encryptedBody')}</label>
        <textarea id={`${ids}-body`} rows={3} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} data-testid="cblab-decrypt-body" placeholder="<xml><ToUserName>…</ToUserName><Encrypt>…</Encrypt></xml>" />
        <label htmlFor={`${ids}-ts`}>timestamp</label>
        <input id={`${ids}-ts`} className="mono state-input" value={timestamp} onChange={(e) => setTimestamp(e.target.value)} data-testid="cblab-decrypt-timestamp" />
        <label htmlFor={`${ids}-nonce`}>nonce</label>
        <input id={`${ids}-nonce`} className="mono state-input" value={nonce} onChange={(e) => setNonce(e.target.value)} data-testid="cblab-decrypt-nonce" />
        <label htmlFor={`${ids}-sig`}>msg_signature</label>
        <input id={`${ids}-sig`} className="mono state-input" value={msgSignature} onChange={(e) => setMsgSignature(e.target.value)} data-testid="cblab-decrypt-signature" />
        <span />
        <div>
          <button type="submit" className="btn btn-primary" disabled={decrypt.isPending || body.trim() === ''} data-testid="cblab-decrypt">
            {t('cblab.decrypt')}
          </button>
        </div>
      </form>
      {decrypted ? <Decrypted result={decrypted} appid={profile.appid} /> : null}

      <h3 className="subhead">{t('cblab.encryptTitle')}</h3>
      <form className="form-grid" onSubmit={runEncrypt}>
        <label htmlFor={`${ids}-reply`}>{t('cblab.replyPlain')}</label>
        <textarea id={`${ids}-reply`} rows={3} value={reply} onChange={(e) => setReply(e.target.value)} spellCheck={false} data-testid="cblab-encrypt-reply" />
        <label htmlFor={`${ids}-format`}>{t('cblab.format')}</label>
        <div>
          <select id={`${ids}-format`} className="select-compact" value={format} onChange={(e) => setFormat(e.target.value as CallbackFormat)}>
            <option value="xml">XML</option>
            <option value="json">JSON</option>
          </select>
        </div>
        <span />
        <div>
          <button type="submit" className="btn" disabled={encrypt.isPending || reply.trim() === ''} data-testid="cblab-encrypt">
            {t('cblab.encrypt')}
          </button>
        </div>
      </form>
      {encrypted ? (
        <div className="result-card" data-testid="cblab-encrypted">
          <p className="small">
            msg_signature <code className="mono">{encrypted.msgSignature}</code> · timestamp <code className="mono">{encrypted.timestamp}</code> · nonce{' '}
            <code className="mono">{encrypted.nonce}</code>
          </p>
          <pre className="json" data-testid="cblab-envelope">{encrypted.envelope}</pre>
          <CopyButton value={encrypted.envelope} />
        </div>
      ) : null}
      {error ? <ErrorView error={error} /> : null}
    </section>
  );
}

function Decrypted({ result, appid }: { result: DecryptResult; appid: string }) {
  const t = useT();
  return (
    <div className="result-card" data-testid="cblab-decrypted" data-problem={result.problem?.reason ?? ''}>
      {result.signatureValid !== null ? (
        <p className={`check ${result.signatureValid ? 'check-ok' : 'check-bad'}`} data-testid="cblab-decrypt-sigcheck">
          {result.signatureValid ? '✓' : '✗'} msg_signature {result.signatureValid ? t('cblab.matches') : t('cblab.expectedOnly', { expected: result.expectedSignature ?? '' })}
        </p>
      ) : (
        <p className="muted small">{t('cblab.noSignatureGiven')}</p>
      )}
      {result.appid !== null ? (
        <p className={`check ${result.appidMatches ? 'check-ok' : 'check-bad'}`} data-testid="cblab-decrypt-appid">
          {result.appidMatches ? '✓' : '✗'} AppID {result.appid}
          {result.appidMatches ? '' : ` ≠ ${appid}`}
        </p>
      ) : null}
      {result.problem ? (
        <p className="field-problem" data-testid="cblab-decrypt-problem">
          <Bi text={result.problem.text} />
        </p>
      ) : null}
      {result.plaintext !== null ? <pre className="json" data-testid="cblab-plaintext">{result.plaintext}</pre> : null}
    </div>
  );
}
