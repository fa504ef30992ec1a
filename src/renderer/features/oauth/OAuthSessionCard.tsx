import { useId } from 'react';
import type { OAuthSession, UserInfoLang } from '../../../contract';
import { useNow } from '../../ui/clock';
import { Countdown } from '../../ui/Countdown';
import { ErrorView } from '../../ui/ErrorView';
import { MaskedValue } from '../../ui/MaskedValue';
import { IdValue, Missing, ProfileCard, RawJson, SnapshotNote } from '../../ui/ProfileCard';
import { RouteText } from '../../ui/RouteText';
import { useLongCall } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';
import { useKept } from '../../ui/kept';
import { useI18n } from '../../i18n/I18nProvider';
import { LangSelect } from '../../ui/LangSelect';
import { formatDateTime, formatSpan, formatTime } from '../../ui/format';

/** sns/userinfo needs snsapi_userinfo (or snsapi_login for QR login); snsapi_base alone gives 48001. */
const scopeAllowsUserInfo = (scope: string) => /\bsnsapi_(userinfo|login)\b/.test(scope);

function RefreshExpiry({ at }: { at: number }) {
  const { t, lang } = useI18n();
  const left = at - useNow();
  const when = formatDateTime(at, lang);
  return (
    <span data-testid="oauth-refresh-expiry" data-expired={left <= 0}>
      {left > 0 ? t('oauth.refreshExpiry', { left: formatSpan(left, lang), at: when }) : t('oauth.refreshExpired', { at: when })}
    </span>
  );
}

/**
 * A web (网页授权) access token: its own value and countdown (it is not the app's access_token),
 * who it belongs to, and what can be done with it: refresh, check, fetch the user's profile.
 */
export function OAuthSessionCard({ session, onSession }: { session: OAuthSession; onSession: (next: OAuthSession) => void }) {
  const { t, lang } = useI18n();
  const ids = useId();
  // Each call belongs to this web token (a refresh makes a new one), the profile to the language asked for.
  const [userLang, setUserLang] = useKept<UserInfoLang>('oauth.userLang', session.id, 'zh_CN');
  const refresh = useLongCall('refreshOAuthToken', { owner: session.id, onSuccess: onSession });
  const check = useLongCall('checkOAuthToken', { owner: session.id });
  const userInfo = useLongCall('oauthUserInfo', { owner: session.id, input: { lang: userLang } });
  const userInfoError = userInfo.error?.error;
  const is48001 = userInfoError?.kind === 'wechat' && userInfoError.errcode === 48001;

  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid="oauth-session">
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('oauth.sessionTitle')}
      </h2>
      <p className="field-help">{t('oauth.sessionHelp')}</p>
      <MaskedValue value={session.accessToken} label={t('oauth.webToken')} testId="oauth-access-token" />
      <dl className="kv">
        <dt>{t('token.expiresIn')}</dt>
        <dd>
          <Countdown expiresAt={session.expiresAt} testId="oauth-token-countdown" />{' '}
          <span className="muted">{t('token.lifetime', { seconds: session.expiresIn })}</span>
        </dd>
        <dt>openid</dt>
        <dd>
          <IdValue value={session.openid} testId="oauth-openid" />
        </dd>
        <dt>unionid</dt>
        <dd data-testid="oauth-unionid">
          <IdValue value={session.unionid} />
          {session.unionid === null ? (
            <span className="muted small" data-testid="oauth-unionid-why">
              {' · '}
              {t(session.scope.includes('snsapi_userinfo') || session.scope.includes('snsapi_login') ? 'unionid.missing.unbound' : 'unionid.missing.scope')}
            </span>
          ) : null}
        </dd>
        <dt>scope</dt>
        <dd>
          <code className="mono" data-testid="oauth-scope-value">
            {session.scope}
          </code>
        </dd>
        <dt>refresh_token</dt>
        <dd>
          <MaskedValue value={session.refreshToken} label="refresh_token" testId="oauth-refresh-token" />
          <RefreshExpiry at={session.refreshExpiresAt} />
        </dd>
        <dt>is_snapshotuser</dt>
        <dd data-testid="oauth-snapshot">
          {session.isSnapshotUser === null ? (
            <>
              <Missing /> <span className="muted small">· {t('snapshot.notReturnedHelp')}</span>
            </>
          ) : session.isSnapshotUser ? (
            <span className="badge badge-warn">{t('snapshot.yes')}</span>
          ) : (
            t('data.no')
          )}
        </dd>
        <dt>{t('token.fetchedAt')}</dt>
        <dd>
          <time dateTime={new Date(session.obtainedAt).toISOString()}>{formatTime(session.obtainedAt, lang)}</time>
        </dd>
        <dt>{t('token.route')}</dt>
        <dd>
          <RouteText route={session.route} />
        </dd>
      </dl>
      {session.isSnapshotUser ? <SnapshotNote /> : null}
      <RawJson value={session.raw} testId="oauth-raw-json" />

      <div className="row actions">
        <button
          type="button"
          className="btn"
          disabled={refresh.isPending}
          onClick={() => refresh.run({ sessionId: session.id })}
          data-testid="oauth-refresh"
        >
          {refresh.isPending ? <PendingLabel call={refresh} label={t('oauth.refreshing')} /> : t('oauth.refresh')}
        </button>
        <CallProgress call={refresh} testId="oauth-refresh" />
        <button
          type="button"
          className="btn"
          disabled={check.isPending}
          onClick={() => check.run({ sessionId: session.id })}
          data-testid="oauth-check"
        >
          {check.isPending ? <PendingLabel call={check} label={t('oauth.check')} /> : t('oauth.check')}
        </button>
        <CallProgress call={check} testId="oauth-check" />
        {check.data ? (
          check.data.valid ? (
            <span className="badge badge-ok" role="status" data-testid="oauth-check-result" data-valid="true">
              ✓ {t('oauth.valid')}
            </span>
          ) : (
            <span className="badge badge-bad" role="status" data-testid="oauth-check-result" data-valid="false">
              ✗ {t('oauth.invalid', { errcode: check.data.errcode, errmsg: check.data.errmsg })}
            </span>
          )
        ) : null}
        <span className="toolbar-sep" aria-hidden="true" />
        <LangSelect value={userLang} onChange={setUserLang} />
        <button
          type="button"
          className="btn btn-primary"
          disabled={userInfo.isPending}
          onClick={() => userInfo.run({ sessionId: session.id, lang: userLang })}
          data-testid="oauth-userinfo"
        >
          {userInfo.isPending ? <PendingLabel call={userInfo} label={t('oauth.fetchingUser')} /> : t('oauth.getUserInfo')}
        </button>
        <CallProgress call={userInfo} testId="oauth-userinfo" />
      </div>
      {!scopeAllowsUserInfo(session.scope) && !is48001 ? <p className="field-help">{t('oauth.baseScopeNote')}</p> : null}
      {refresh.error ? <ErrorView error={refresh.error.error} /> : null}
      {check.error ? <ErrorView error={check.error.error} /> : null}
      {userInfoError ? (
        <div className="error-with-hint">
          <ErrorView error={userInfoError} />
          {is48001 && !scopeAllowsUserInfo(session.scope) ? (
            <p className="note note-warn" data-testid="scope-hint">
              {t('oauth.scopeHint', { scope: session.scope })}
            </p>
          ) : null}
        </div>
      ) : null}
      {userInfo.data ? <ProfileCard profile={userInfo.data} /> : null}
    </section>
  );
}
