import { useId, useState, type FormEvent } from 'react';
import type { CallbackFormat, CallbackMessage, CallbackMode, HandshakeResult, Profile, PushResult } from '../../../contract';
import type { WxError } from '../../../contract/errors';
import { callbackFormats, callbackMessages, callbackModes } from '../../../contract/constants';
import { ErrorView } from '../../ui/ErrorView';
import { useBridgeMutation } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';
import { ExchangeView, VerdictView, visible } from './parts';

type Result = { kind: 'handshake'; value: HandshakeResult } | { kind: 'push'; value: PushResult };

/**
 * wxcred plays WeChat against the URL typed here: the GET handshake the console sends on 提交, and
 * sample pushes in the chosen mode. Every request and reply is shown raw.
 */
export function LiveCheck({ profile }: { profile: Profile }) {
  const t = useT();
  const ids = useId();
  const [url, setUrl] = useState('');
  const [mode, setMode] = useState<CallbackMode>('plain');
  const [message, setMessage] = useState<CallbackMessage>('text');
  const [format, setFormat] = useState<CallbackFormat>('xml');
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<WxError | null>(null);
  const handshake = useBridgeMutation('callbackHandshake');
  const push = useBridgeMutation('callbackPush');
  const busy = handshake.isPending || push.isPending;
  const mini = profile.kind === 'mini-program';

  const start = () => {
    setError(null);
    setResult(null);
  };
  const runHandshake = (event: FormEvent) => {
    event.preventDefault();
    start();
    handshake.mutate({ profileId: profile.id, url: url.trim() }, { onSuccess: (value) => setResult({ kind: 'handshake', value }), onError: (err) => setError(err.error) });
  };
  const runPush = () => {
    start();
    push.mutate(
      { profileId: profile.id, url: url.trim(), mode, message, format: mini ? format : 'xml' },
      { onSuccess: (value) => setResult({ kind: 'push', value }), onError: (err) => setError(err.error) },
    );
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid="cblab-live">
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('cblab.liveTitle')}
      </h2>
      <p className="field-help lab-help">{t('cblab.liveHelp')}</p>
      <form onSubmit={runHandshake}>
        <label htmlFor={`${ids}-url`} className="field-label">
          {t('cblab.url')}
        </label>
        <div className="row">
          <input
            id={`${ids}-url`}
            className="mono grow"
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://example.com/wechat"
            spellCheck={false}
            data-testid="cblab-url"
          />
          <button type="submit" className="btn btn-primary" disabled={busy || url.trim() === ''} data-testid="cblab-handshake">
            {handshake.isPending ? t('cblab.checking') : t('cblab.handshake')}
          </button>
        </div>
        <div className="row actions">
          <label className="inline-field">
            {t('cblab.mode')}
            <select className="select-compact" value={mode} onChange={(e) => setMode(e.target.value as CallbackMode)} data-testid="cblab-mode">
              {callbackModes.map((m) => (
                <option key={m} value={m}>
                  {t(`cblab.mode.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            {t('cblab.message')}
            <select className="select-compact" value={message} onChange={(e) => setMessage(e.target.value as CallbackMessage)} data-testid="cblab-message">
              {callbackMessages.map((m) => (
                <option key={m} value={m}>
                  {t(mini && m === 'subscribe' ? 'cblab.message.enterSession' : `cblab.message.${m}`)}
                </option>
              ))}
            </select>
          </label>
          {mini ? (
            <label className="inline-field">
              {t('cblab.format')}
              <select className="select-compact" value={format} onChange={(e) => setFormat(e.target.value as CallbackFormat)} data-testid="cblab-format">
                {callbackFormats.map((f) => (
                  <option key={f} value={f}>
                    {f.toUpperCase()}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <button type="button" className="btn" disabled={busy || url.trim() === ''} onClick={runPush} data-testid="cblab-push">
            {push.isPending ? t('cblab.checking') : t('cblab.push')}
          </button>
        </div>
      </form>
      {error ? <ErrorView error={error} /> : null}
      {result ? <LiveResult result={result} /> : null}
    </section>
  );
}

function LiveResult({ result }: { result: Result }) {
  const t = useT();
  const { value } = result;
  return (
    <VerdictView verdict={value}>
      <p className="muted small" data-testid="cblab-status">
        {value.status === null ? t('cblab.noResponse') : t('cblab.statusLine', { status: value.status, ms: value.ms })}
        {result.kind === 'handshake' ? ` · echostr ${result.value.echostr}` : ` · ${t(`cblab.mode.${result.value.mode}`)}`}
      </p>
      {result.kind === 'push' ? (
        <>
          <h3 className="subhead">{t('cblab.sent')}</h3>
          <pre className="json" data-testid="cblab-sent">{result.value.sent}</pre>
          {result.value.reply !== null ? (
            <p className="mono small wrap" data-testid="cblab-reply">
              {t('cblab.reply')} {visible(result.value.reply)}
            </p>
          ) : null}
          {result.value.decryptedReply !== null ? (
            <>
              <h3 className="subhead">{t('cblab.decryptedReply')}</h3>
              <pre className="json" data-testid="cblab-decrypted-reply">{result.value.decryptedReply}</pre>
            </>
          ) : null}
        </>
      ) : null}
      {value.exchanges.map((exchange, i) => (
        <ExchangeView key={i} exchange={exchange} index={i} />
      ))}
    </VerdictView>
  );
}
