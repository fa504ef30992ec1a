import { useId, useState, type FormEvent } from 'react';
import { cardSignKinds, type CardSignKind, type Profile } from '../../../contract';
import { useBridgeMutation } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorView } from '../../ui/ErrorView';
import { fieldIssues } from '../../ui/fieldIssues';
import { maskValue } from '../../ui/MaskedValue';
import { MonoField } from '../../ui/MonoField';
import { String1View } from './String1View';
import { useResetOnInput } from '../../ui/resetOnInput';

const NONCE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomNonce(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => NONCE_CHARS[b % NONCE_CHARS.length]).join('');
}
const nowSeconds = () => String(Math.floor(Date.now() / 1000));

/** url + noncestr + timestamp → string1 exactly as signed, its sha1, and a wx.config to paste. */
export function SignSection({ profile }: { profile: Profile }) {
  const t = useT();
  const ids = useId();
  const [url, setUrl] = useState('');
  const [noncestr, setNoncestr] = useState(() => randomNonce());
  const [timestamp, setTimestamp] = useState(nowSeconds);
  const [revealed, setRevealed] = useState(false);
  const sign = useBridgeMutation('jssdkSign');
  useResetOnInput([url, noncestr, timestamp], sign.reset);
  const issues = fieldIssues(sign.error?.error, ['url', 'noncestr', 'timestamp'] as const);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    sign.mutate({ profileId: profile.id, url: url.trim(), noncestr, timestamp: timestamp.trim() });
  };
  const result = sign.data;

  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid="jssdk-sign">
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('jssdk.signTitle')}
      </h2>
      <form className="form-grid" onSubmit={submit} noValidate>
        <MonoField id={`${ids}-url`} label="url" value={url} onChange={setUrl} problem={issues.byField.url} testId="sign-url" />
        <label htmlFor={`${ids}-nonce`}>noncestr</label>
        <div className="row">
          <input id={`${ids}-nonce`} className="mono grow" value={noncestr} onChange={(e) => setNoncestr(e.target.value)} spellCheck={false} autoComplete="off" data-testid="sign-noncestr" />
          <button type="button" className="btn btn-small" onClick={() => setNoncestr(randomNonce())}>
            {t('jssdk.newNonce')}
          </button>
        </div>
        <label htmlFor={`${ids}-ts`}>timestamp</label>
        <div className="row">
          <input id={`${ids}-ts`} className="mono grow" value={timestamp} onChange={(e) => setTimestamp(e.target.value)} spellCheck={false} autoComplete="off" data-testid="sign-timestamp" />
          <button type="button" className="btn btn-small" onClick={() => setTimestamp(nowSeconds())}>
            {t('jssdk.now')}
          </button>
        </div>
        <span />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={url.trim() === '' || sign.isPending} data-testid="sign-submit">
            {t('jssdk.sign')}
          </button>
          <span className="field-help">{t('jssdk.signHelp')}</span>
        </div>
      </form>
      {sign.error && issues.unplaced ? <ErrorView error={sign.error.error} /> : null}
      {result ? (
        <dl className="kv" data-testid="sign-result">
          <dt>string1</dt>
          <dd>
            <div className="row">
              <String1View text={result.string1} revealed={revealed} testId="sign-string1" />
              <button type="button" className="btn btn-small" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)} data-testid="sign-reveal">
                {revealed ? t('common.hide') : t('common.show')}
              </button>
            </div>
          </dd>
          <dt>signature</dt>
          <dd className="row">
            <code className="mono" data-testid="sign-signature">
              {result.signature}
            </code>
            <CopyButton value={result.signature} />
          </dd>
          <dt>wx.config</dt>
          <dd>
            <pre className="mono snippet" data-testid="sign-snippet">
              {result.configSnippet}
            </pre>
            <CopyButton value={result.configSnippet} />
          </dd>
        </dl>
      ) : null}
    </section>
  );
}

/** Card JS-SDK signatures: addCard's cardExt and chooseCard's cardSign, with the wx_card api_ticket. */
export function CardSignSection({ profile }: { profile: Profile }) {
  const t = useT();
  const ids = useId();
  const [kind, setKind] = useState<CardSignKind>('addCard');
  const [fields, setFields] = useState({ cardId: '', code: '', openid: '', balance: '', shopId: '', cardType: '' });
  const [nonceStr, setNonceStr] = useState(() => randomNonce());
  const [timestamp, setTimestamp] = useState(nowSeconds);
  const [revealed, setRevealed] = useState(false);
  const sign = useBridgeMutation('cardSign');
  useResetOnInput([kind, fields, nonceStr, timestamp], sign.reset);
  const set = (name: keyof typeof fields) => (value: string) => setFields((f) => ({ ...f, [name]: value }));
  const shown = kind === 'addCard' ? (['cardId', 'code', 'openid', 'balance'] as const) : (['shopId', 'cardType', 'cardId'] as const);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const picked = Object.fromEntries(shown.map((name) => [name, fields[name]]));
    sign.mutate({ profileId: profile.id, kind, timestamp: timestamp.trim(), nonceStr, ...picked });
  };
  const result = sign.data?.kind === kind ? sign.data : null;

  return (
    <details className="panel" data-testid="jssdk-card">
      <summary className="panel-title">{t('jssdk.cardTitle')}</summary>
      <form className="form-grid" onSubmit={submit} noValidate>
        <label htmlFor={`${ids}-kind`}>{t('jssdk.cardKind')}</label>
        <select id={`${ids}-kind`} value={kind} onChange={(e) => setKind(e.target.value as CardSignKind)} data-testid="card-kind">
          {cardSignKinds.map((k) => (
            <option key={k} value={k}>
              {k === 'addCard' ? 'wx.addCard (cardExt)' : 'wx.chooseCard (cardSign)'}
            </option>
          ))}
        </select>
        {shown.map((name) => (
          <MonoField key={name} id={`${ids}-${name}`} label={t(`jssdk.card.${name}`)} value={fields[name]} onChange={set(name)} />
        ))}
        <MonoField id={`${ids}-nonce`} label="nonce_str" value={nonceStr} onChange={setNonceStr} />
        <MonoField id={`${ids}-ts`} label="timestamp" value={timestamp} onChange={setTimestamp} />
        <span />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={sign.isPending} data-testid="card-submit">
            {t('jssdk.sign')}
          </button>
          <span className="field-help">{t(`jssdk.cardHelp.${kind}`)}</span>
        </div>
      </form>
      {sign.error ? <ErrorView error={sign.error.error} /> : null}
      {result ? (
        <dl className="kv" data-testid="card-result">
          <dt>{t('jssdk.sorted')}</dt>
          <dd className="row">
            <code className="mono string1">{result.sorted.map((v, i) => (i === result.ticketAt && !revealed ? maskValue(v) : v)).join(' · ')}</code>
            <button type="button" className="btn btn-small" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)}>
              {revealed ? t('common.hide') : t('common.show')}
            </button>
          </dd>
          <dt>signature</dt>
          <dd className="row">
            <code className="mono" data-testid="card-signature">
              {result.signature}
            </code>
            <CopyButton value={result.signature} />
          </dd>
        </dl>
      ) : null}
    </details>
  );
}
