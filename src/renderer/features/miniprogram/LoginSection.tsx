import { useId, useState } from 'react';
import type { MiniSession, Profile } from '../../../contract';
import { CODE_PATTERN } from '../../../contract/oauthUrl';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorView } from '../../ui/ErrorView';
import { IdValue } from '../../ui/ProfileCard';
import { RouteText } from '../../ui/RouteText';
import { useBridgeMutation } from '../../data/hooks';
import { useI18n, useT } from '../../i18n/I18nProvider';
import { isReuseRefusal, ReuseConfirm } from '../../ui/ReuseConfirm';
import { formatTime } from '../../ui/format';
import { secretRevision, useLongCall, useRevision } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';
import { useKept } from '../../ui/kept';

/**
 * The session_key stays in main; this shows the masked form until the user asks. The revealed key
 * lives in this component's state only (gone on Hide, on a new login, on leaving the tab), and the
 * reveal mutation is reset at once so react-query does not keep it.
 */
function SessionKey({ session }: { session: MiniSession }) {
  const t = useT();
  const [sessionKey, setSessionKey] = useState<string | null>(null);
  const reveal = useBridgeMutation('revealSessionKey', { gcTime: 0 });
  const toggle = () => {
    if (sessionKey !== null) {
      setSessionKey(null);
      return;
    }
    reveal.mutate(
      { sessionId: session.id },
      {
        onSuccess: ({ sessionKey: key }) => {
          setSessionKey(key);
          reveal.reset();
        },
      },
    );
  };
  return (
    <>
      <div className="masked">
        <code
          className={`mono masked-value${sessionKey !== null ? ' revealed' : ''}`}
          aria-label="session_key"
          data-testid="session-key"
        >
          {sessionKey ?? session.sessionKeyMasked}
        </code>
        <button
          type="button"
          className="btn btn-small"
          aria-pressed={sessionKey !== null}
          disabled={reveal.isPending}
          onClick={toggle}
          data-testid="reveal-session-key"
        >
          {sessionKey !== null ? t('common.hide') : t('mini.reveal')}
        </button>
        {sessionKey !== null ? <CopyButton value={sessionKey} testId="copy-session-key" /> : null}
      </div>
      {reveal.error ? <ErrorView error={reveal.error.error} /> : null}
    </>
  );
}

/** wx.login()'s js_code → jscode2session → openid, unionid and a session held in main. */
export function LoginSection({
  profile,
  session,
  onSession,
}: {
  profile: Profile;
  session: MiniSession | null;
  onSession: (session: MiniSession) => void;
}) {
  const { t, lang } = useI18n();
  const ids = useId();
  const [jsCode, setJsCode] = useKept('mini.jsCode', profile.id, '');
  const trimmed = jsCode.trim();
  // A login belongs to the js_code it sent (and the secret): typing another shows none. The store
  // refuses a second send while one is on the wire, so a double submit sends the code once.
  const login = useLongCall('jscode2session', {
    owner: profile.id,
    input: { jsCode: trimmed, secret: useRevision(secretRevision(profile.id)) },
    onSuccess: onSession,
  });
  const send = (allowReuse: boolean) => login.run(allowReuse ? { profileId: profile.id, jsCode: trimmed, allowReuse: true } : { profileId: profile.id, jsCode: trimmed });
  const problem = trimmed !== '' && !CODE_PATTERN.test(trimmed) ? t('mini.jsCodeInvalid') : null;
  const confirmingReuse = isReuseRefusal(login.error);

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('mini.loginTitle')}
      </h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (trimmed !== '' && !problem) send(false);
        }}
      >
        <label htmlFor={`${ids}-code`}>js_code</label>
        <input
          id={`${ids}-code`}
          className="mono grow"
          value={jsCode}
          onChange={(e) => setJsCode(e.target.value)}
          placeholder={t('mini.jsCodePlaceholder')}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${ids}-help`}
          data-testid="js-code"
        />
        <button type="submit" className="btn btn-primary" disabled={trimmed === '' || !!problem || login.isPending} data-testid="jscode2session">
          {login.isPending ? <PendingLabel call={login} label={t('mini.loggingIn')} /> : 'jscode2session'}
        </button>
        <CallProgress call={login} testId="jscode2session" />
      </form>
      {problem ? (
        <p className="field-problem" data-testid="js-code-problem">
          {problem}
        </p>
      ) : null}
      <p className="field-help" id={`${ids}-help`}>
        {t('mini.jsCodeHelp')}
      </p>
      {login.error && !confirmingReuse ? <ErrorView error={login.error.error} /> : null}
      {confirmingReuse ? <ReuseConfirm codeName="js_code" onConfirm={() => send(true)} onCancel={() => login.reset()} /> : null}

      {session ? (
        <div className="result-card" data-testid="mini-session">
          <dl className="kv">
            <dt>openid</dt>
            <dd>
              <IdValue value={session.openid} testId="mini-openid" />
            </dd>
            <dt>unionid</dt>
            <dd data-testid="mini-unionid">
              <IdValue value={session.unionid} />
              {session.unionid === null ? <span className="muted small"> · {t('unionid.missing.mini')}</span> : null}
            </dd>
            <dt>session_key</dt>
            <dd>
              <SessionKey key={session.id} session={session} />
            </dd>
            <dt>{t('token.fetchedAt')}</dt>
            <dd>
              <time dateTime={new Date(session.obtainedAt).toISOString()}>
                {formatTime(session.obtainedAt, lang)}
              </time>
            </dd>
            <dt>{t('token.route')}</dt>
            <dd>
              <RouteText route={session.route} />
            </dd>
          </dl>
          <p className="field-help">{t('mini.sessionHelp')}</p>
          <SessionKeyCheckRow key={session.id} profile={profile} session={session} />
        </div>
      ) : null}
    </section>
  );
}

/** /wxa/checksession for the login held in main: is its session_key still the user's current one? */
function SessionKeyCheckRow({ profile, session }: { profile: Profile; session: MiniSession }) {
  const t = useT();
  const check = useLongCall('checkSessionKey', { owner: session.id });
  const answer = check.data;
  return (
    <div className="row" data-testid="session-check">
      <button
        type="button"
        className="btn btn-small"
        disabled={check.isPending}
        onClick={() => check.run({ profileId: profile.id, sessionId: session.id })}
        data-testid="check-session-key"
      >
        {check.isPending ? <PendingLabel call={check} label={t('mini.checkingSession')} /> : t('mini.checkSession')}
      </button>
      <CallProgress call={check} testId="check-session-key" />
      {answer ? (
        <span className={answer.valid ? 'check-ok' : 'check-bad'} data-testid="session-check-result">
          {answer.valid ? t('mini.sessionCurrent') : t('mini.sessionStale', { errcode: answer.errcode })}
        </span>
      ) : (
        <span className="field-help">{t('mini.checkSessionHelp')}</span>
      )}
      {check.error ? <ErrorView error={check.error.error} /> : null}
    </div>
  );
}
