import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Profile, TokenLane } from '../../../contract';
import { classicDailyLimit } from '../../../contract/constants';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatRemaining } from '../../ui/Countdown';
import { useNow } from '../../ui/clock';
import { ErrorView } from '../../ui/ErrorView';
import { ExternalLink } from '../../ui/ExternalLink';
import { isInvalidatingLane, tokenLanes } from '../../data/contract';
import { bridgeKey, useBridgeQuery } from '../../data/hooks';
import { secretRevision, useLongCall, useRevision } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';
import { useKept } from '../../ui/kept';
import { useT } from '../../i18n/I18nProvider';
import { AutoRefreshToggle } from './AutoRefreshToggle';
import { TokenCard } from './TokenCard';
import { ForcedWaitNote, TokenStatsLine, nextForced } from './TokenStatsLine';

/** WeChat's page on a 网站应用's ordinary access_token (/cgi-bin/token), apart from its login token. */
const WEBSITE_TOKEN_DOC_URL = 'https://developers.weixin.qq.com/doc/oplatform/Website_App/Launching_a_Mini_Program/getaccesstoken.html';

/** Used only until tokenStats answers: WeChat's daily quota for /cgi-bin/token; 测试号 get a tenth. */
const FALLBACK_FORCED_LIMIT = 20;

/**
 * Fetches a token on the lane the user picks. Lanes that make WeChat issue a new token (and so
 * break the one production holds) go through a confirmation, and only then send
 * `confirmInvalidate: true`. The token shown is whatever is cached for the chosen lane: fetched
 * here, or found in main's cache on mount.
 */
export function TokenSection({ profile }: { profile: Profile }) {
  const t = useT();
  const ids = useId();
  const queryClient = useQueryClient();
  const profileId = profile.id;
  // Kept with the app, so a fetch on another lane is still there on coming back.
  const [lane, setLane] = useKept<TokenLane>('tokenLane', profileId, 'stable');
  const [confirming, setConfirming] = useState(false);

  const secret = useBridgeQuery('secretStatus', { profileId });
  const cached = useBridgeQuery('cachedToken', { profileId, lane });
  const stats = useBridgeQuery('tokenStats', { profileId });
  // A fetch belongs to its lane, the secret it was made with and where the app's calls go.
  const secretRev = useRevision(secretRevision(profileId));
  const getToken = useLongCall('getToken', {
    owner: profileId,
    input: { lane, secret: secretRev, route: [profile.domain, profile.customBase, profile.proxy] },
    onSuccess: (info) => queryClient.setQueryData(bridgeKey('cachedToken', { profileId, lane: info.lane }), info),
    // A failed (or cancelled) fetch may still have reached WeChat and counted; ask main again either way.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: bridgeKey('tokenStats', { profileId }) }),
  });

  const fetchToken = (confirmInvalidate: boolean) => {
    setConfirming(false);
    getToken.run(confirmInvalidate ? { profileId, lane, confirmInvalidate: true } : { profileId, lane });
  };
  const onGet = () => (isInvalidatingLane(lane) ? setConfirming(true) : fetchToken(false));

  const noSecret = secret.data?.stored === false;
  const token = cached.data ?? null;
  const classicLimit = stats.data?.classicDailyLimit ?? classicDailyLimit(profile.kind);
  const forcedLimit = stats.data?.forcedDailyLimit ?? FALLBACK_FORCED_LIMIT;
  // Main refuses a forced refresh inside WeChat's 30 s spacing: the button waits it out, counting down.
  const now = useNow();
  const forced = lane === 'stable-forced' && stats.data ? nextForced(stats.data, now) : null;
  const waitUntil = forced?.state === 'wait' ? forced.at : null;
  const waitLabel = waitUntil !== null ? t('token.forcedIn', { remaining: formatRemaining(waitUntil - now) }) : null;

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('token.title')}
      </h2>
      {profile.kind === 'website-app' ? (
        <p className="note" data-testid="token-website-note">
          {t('token.websiteNote')} <ExternalLink href={WEBSITE_TOKEN_DOC_URL}>{t('token.websiteDoc')}</ExternalLink>
        </p>
      ) : null}
      <fieldset className="lanes">
        <legend>{t('token.lane')}</legend>
        {tokenLanes.map((l) => (
          <label key={l} className={`lane${l === lane ? ' lane-selected' : ''}`}>
            <input
              type="radio"
              name={`${ids}-lane`}
              value={l}
              checked={l === lane}
              onChange={() => setLane(l)}
              data-testid={`lane-${l}`}
            />
            <span className="lane-name">
              {t(`lane.${l}`)}
              {isInvalidatingLane(l) ? <span className="badge badge-warn">!</span> : null}
            </span>
            <span className="lane-help">{t(`laneHelp.${l}`)}</span>
          </label>
        ))}
      </fieldset>

      <div className="row">
        <button
          type="button"
          className="btn btn-primary"
          onClick={onGet}
          disabled={getToken.isPending || noSecret || waitUntil !== null}
          data-testid="get-token"
        >
          {getToken.isPending ? <PendingLabel call={getToken} label={t('token.getting')} /> : (waitLabel ?? t('token.get'))}
        </button>
        <CallProgress call={getToken} testId="get-token" />
        {noSecret ? <span className="muted">{t('token.needSecret')}</span> : null}
      </div>

      {stats.data ? <TokenStatsLine stats={stats.data} /> : null}
      {stats.error ? <ErrorView error={stats.error.error} testId="token-stats-error" /> : null}

      {getToken.error ? (
        <ErrorView error={getToken.error.error} appKind={profile.kind} profileId={profileId} onRetry={onGet} />
      ) : null}
      {cached.error ? <ErrorView error={cached.error.error} /> : null}
      {token ? <TokenCard token={token} /> : cached.isSuccess ? <p className="muted">{t('token.none')}</p> : null}

      <AutoRefreshToggle profile={profile} />

      {confirming ? (
        <ConfirmDialog
          title={t('token.confirmTitle')}
          confirmLabel={waitLabel ?? t('token.confirmOk')}
          danger
          disabled={waitUntil !== null}
          onConfirm={() => fetchToken(true)}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('token.confirmBody')}</p>
          {lane === 'classic' ? (
            <p data-testid="confirm-limits">
              {t('token.confirmClassic', { quota: classicLimit })}{' '}
              {stats.data ? t('token.confirmUsed', { used: stats.data.fetches.classic, limit: classicLimit }) : null}
            </p>
          ) : (
            <p data-testid="confirm-limits">
              {t('token.confirmForced', { limit: forcedLimit })}{' '}
              {stats.data ? t('token.confirmUsed', { used: stats.data.fetches['stable-forced'], limit: forcedLimit }) : null}
            </p>
          )}
          {lane === 'stable-forced' && stats.data ? <ForcedWaitNote stats={stats.data} /> : null}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
