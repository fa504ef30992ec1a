import { useId, type FormEvent } from 'react';
import type { AuthorizeUrl, OAuthScope, Profile } from '../../../contract';
import { scopesFor } from '../../../contract/oauthUrl';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorView } from '../../ui/ErrorView';
import { isSimulatorProfile } from '../../data/contract';
import { useBridgeMutation, useBridgeQuery } from '../../data/hooks';
import { useI18n } from '../../i18n/I18nProvider';
import { fieldIssues } from '../../ui/fieldIssues';
import { useKept } from '../../ui/kept';
import { QrCode } from './QrCode';
import { formatTime } from '../../ui/format';

const fields = ['redirectUri', 'scope', 'state'] as const;
type Field = (typeof fields)[number];

interface Draft {
  redirectUri: string;
  scope: OAuthScope | null;
  state: string;
  forcePopup?: boolean;
  forceSnapShot?: boolean;
}

/**
 * Builds the 网页授权 (oauth2/authorize) or 网站应用 (qrconnect) URL in main, which also generates
 * the state when none is given, then offers it as text, a QR code for WeChat on a phone, and a link.
 */
export function AuthorizeSection({
  profile,
  built,
  onBuilt,
}: {
  profile: Profile;
  built: AuthorizeUrl | null;
  onBuilt: (built: AuthorizeUrl) => void;
}) {
  const { t, lang } = useI18n();
  const ids = useId();
  const scopes = scopesFor(profile.kind);
  const [draft, setDraft] = useKept<Draft>('oauth.draft', profile.id, { redirectUri: '', scope: null, state: '' });
  const scope = draft.scope && scopes.includes(draft.scope) ? draft.scope : (scopes[0] ?? 'snsapi_base');
  const flowIsOAuth2 = profile.kind !== 'website-app';
  const build = useBridgeMutation('buildAuthorizeUrl', { onSuccess: onBuilt });
  // A simulator app has no site to come back to: the simulator offers a landing page that shows the URL.
  const simulator = useBridgeQuery('simulatorStatus', {}, { enabled: isSimulatorProfile(profile) });
  const landing = isSimulatorProfile(profile) && simulator.data?.url ? `${simulator.data.url}/simulator/callback` : null;
  const issues = fieldIssues(build.error?.error, fields);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const state = draft.state.trim();
    const force = flowIsOAuth2 ? { forcePopup: draft.forcePopup === true, forceSnapShot: draft.forceSnapShot === true } : {};
    build.mutate({ profileId: profile.id, redirectUri: draft.redirectUri.trim(), scope, ...(state ? { state } : {}), ...force });
  };
  const edit = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    if (build.error) build.reset();
  };
  const control = (field: Field) => ({
    id: `${ids}-${field}`,
    'aria-invalid': issues.byField[field] ? true : undefined,
    'aria-describedby': issues.byField[field] ? `${ids}-${field}-problem` : `${ids}-${field}-help`,
  });
  const problem = (field: Field) =>
    issues.byField[field] ? (
      <p className="field-problem" id={`${ids}-${field}-problem`} data-testid={`${field}-problem`}>
        {issues.byField[field]}
      </p>
    ) : null;

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('oauth.buildTitle')}
      </h2>
      <form className="form-grid" onSubmit={submit} noValidate>
        <label htmlFor={`${ids}-redirectUri`}>redirect_uri</label>
        <div>
          <input
            {...control('redirectUri')}
            className="mono wide"
            value={draft.redirectUri}
            onChange={(e) => edit({ redirectUri: e.target.value })}
            placeholder="https://example.com/wechat/callback"
            spellCheck={false}
            autoComplete="off"
            data-testid="redirect-uri"
          />
          {problem('redirectUri')}
          <p className="field-help" id={`${ids}-redirectUri-help`}>
            {t(profile.kind === 'website-app' ? 'oauth.redirectHelpQr' : 'oauth.redirectHelp')}
          </p>
          {landing && draft.redirectUri.trim() !== landing ? (
            <button type="button" className="btn btn-small" onClick={() => edit({ redirectUri: landing })} data-testid="use-simulator-landing">
              {t('oauth.useSimulatorLanding')}
            </button>
          ) : null}
        </div>

        <label htmlFor={`${ids}-scope`}>scope</label>
        <div>
          <select
            {...control('scope')}
            value={scope}
            onChange={(e) => edit({ scope: e.target.value as OAuthScope })}
            data-testid="oauth-scope"
          >
            {scopes.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          {problem('scope')}
          <p className="field-help" id={`${ids}-scope-help`}>
            {t(`scopeHelp.${scope}`)}
          </p>
        </div>

        <label htmlFor={`${ids}-state`}>state</label>
        <div>
          <input
            {...control('state')}
            className="mono state-input"
            value={draft.state}
            onChange={(e) => edit({ state: e.target.value })}
            placeholder={t('oauth.statePlaceholder')}
            spellCheck={false}
            autoComplete="off"
            maxLength={128}
            data-testid="oauth-state"
          />
          {problem('state')}
          <p className="field-help" id={`${ids}-state-help`}>
            {t('oauth.stateHelp')}
          </p>
        </div>

        {flowIsOAuth2 ? (
          <>
            <span className="label">{t('oauth.options')}</span>
            <div>
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.forcePopup === true}
                  onChange={(e) => edit({ forcePopup: e.target.checked })}
                  data-testid="oauth-force-popup"
                />{' '}
                forcePopup
              </label>
              <p className="field-help">{t('oauth.forcePopupHelp')}</p>
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.forceSnapShot === true}
                  onChange={(e) => edit({ forceSnapShot: e.target.checked })}
                  data-testid="oauth-force-snapshot"
                />{' '}
                forceSnapShot
              </label>
              <p className="field-help">{t('oauth.forceSnapShotHelp')}</p>
            </div>
          </>
        ) : null}

        <div />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={build.isPending} data-testid="build-url">
            {build.isPending ? t('oauth.building') : t('oauth.build')}
          </button>
        </div>
      </form>
      {build.error && issues.unplaced ? <ErrorView error={build.error.error} /> : null}

      {built ? (
        <div className="authorize-result" data-testid="authorize-result">
          <div className="authorize-text">
            <code className="mono wrap url-box" data-testid="authorize-url">
              {built.url}
            </code>
            <div className="row">
              <CopyButton value={built.url} testId="authorize-copy" />
              {/* Main opens http(s) links in the system browser through its one checked openExternal. */}
              <a className="btn btn-small" href={built.url} target="_blank" rel="noreferrer" data-testid="authorize-open">
                {t('oauth.openInBrowser')}
              </a>
            </div>
            <dl className="kv">
              <dt>{t('oauth.flow')}</dt>
              <dd>
                <code className="mono">{built.flow === 'qrconnect' ? 'connect/qrconnect' : 'connect/oauth2/authorize'}</code>
              </dd>
              <dt>scope</dt>
              <dd>
                <code className="mono">{built.scope}</code>
              </dd>
              <dt>state</dt>
              <dd>
                <span className="id-value">
                  <code className="mono" data-testid="authorize-state">
                    {built.state}
                  </code>
                  <CopyButton value={built.state} />
                </span>
              </dd>
              <dt>{t('oauth.builtAt')}</dt>
              <dd>
                <time dateTime={new Date(built.issuedAt).toISOString()}>{formatTime(built.issuedAt, lang)}</time>
              </dd>
              <dt>{t('oauth.codeLifetime')}</dt>
              <dd>{t('oauth.minutes', { minutes: Math.round(built.codeLifetimeMs / 60_000) })}</dd>
            </dl>
            <p className="field-help">{t(built.flow === 'qrconnect' ? 'oauth.nextStepQr' : 'oauth.nextStep')}</p>
          </div>
          <figure className="qr-figure">
            <QrCode text={built.url} label={t('oauth.qrAlt')} testId="authorize-qr" />
            <figcaption className="muted">{t(built.flow === 'qrconnect' ? 'oauth.qrCaptionQr' : 'oauth.qrCaption')}</figcaption>
          </figure>
        </div>
      ) : null}
    </section>
  );
}
