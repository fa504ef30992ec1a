import { useId, type FormEvent } from 'react';
import type { CallbackFormat, CallbackMessage, CallbackMode, HandshakeResult, Profile, PushResult } from '../../../contract';
import { callbackFormats, callbackMessages, callbackModes } from '../../../contract/constants';
import { ErrorView } from '../../ui/ErrorView';
import { callbackSecretRevision, useLongCall, useRevision } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';
import { useKept } from '../../ui/kept';
import { useT } from '../../i18n/I18nProvider';
import { ExchangeView, VerdictView, visible } from './parts';

type Result = { kind: 'handshake'; value: HandshakeResult } | { kind: 'push'; value: PushResult };

interface Draft {
  url: string;
  mode: CallbackMode;
  message: CallbackMessage;
  format: CallbackFormat;
}
const initialDraft: Draft = { url: '', mode: 'plain', message: 'text', format: 'xml' };

/**
 * wxcred plays WeChat against the URL typed here: the GET handshake the console sends on 提交, and
 * sample pushes in the chosen mode. Every request and reply is shown raw.
 */
export function LiveCheck({ profile }: { profile: Profile }) {
  const t = useT();
  const ids = useId();
  // What is typed here is kept with the app, and each check's answer is filed under what it was run with.
  const [draft, setDraft] = useKept<Draft>('liveCheck', profile.id, initialDraft);
  const { url, mode, message, format } = draft;
  const edit = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const mini = profile.kind === 'mini-program';
  const pushRequest = { profileId: profile.id, url: url.trim(), mode, message, format: mini ? format : 'xml' } as const;
  const secrets = useRevision(callbackSecretRevision(profile.id));
  const handshake = useLongCall('callbackHandshake', { owner: profile.id, input: { url: url.trim(), secrets } });
  const push = useLongCall('callbackPush', { owner: profile.id, input: { ...pushRequest, secrets } });
  const busy = handshake.isPending || push.isPending;
  // One answer on screen: the check run last.
  const latest = (push.startedAt ?? -Infinity) > (handshake.startedAt ?? -Infinity) ? push : handshake;
  const result: Result | null = push.data && latest === push ? { kind: 'push', value: push.data } : handshake.data && latest === handshake ? { kind: 'handshake', value: handshake.data } : null;
  const error = latest.error?.error ?? null;

  const runHandshake = (event: FormEvent) => {
    event.preventDefault();
    push.reset();
    handshake.run({ profileId: profile.id, url: url.trim() });
  };
  const runPush = () => {
    handshake.reset();
    push.run(pushRequest);
  };
  const setUrl = (next: string) => edit({ url: next });
  const setMode = (next: CallbackMode) => edit({ mode: next });
  const setMessage = (next: CallbackMessage) => edit({ message: next });
  const setFormat = (next: CallbackFormat) => edit({ format: next });

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
            {handshake.isPending ? <PendingLabel call={handshake} label={t('cblab.checking')} /> : t('cblab.handshake')}
          </button>
          <CallProgress call={handshake} testId="cblab-handshake" />
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
            {push.isPending ? <PendingLabel call={push} label={t('cblab.checking')} /> : t('cblab.push')}
          </button>
          <CallProgress call={push} testId="cblab-push" />
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
