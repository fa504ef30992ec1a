import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Profile, TokenLane } from '../../shared/api';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ErrorView } from '../common/ErrorView';
import { isInvalidatingLane, tokenLanes } from '../contract';
import { bridgeKey, useBridgeMutation, useBridgeQuery } from '../data/hooks';
import { useT } from '../i18n/I18nProvider';
import { TokenCard } from './TokenCard';

/** WeChat's daily quota for /cgi-bin/token; 测试号 get a tenth of it. */
const classicDailyQuota = (profile: Profile) => (profile.kind === 'test-account' ? 200 : 2000);

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
  const [lane, setLane] = useState<TokenLane>('stable');
  const [confirming, setConfirming] = useState(false);

  const secret = useBridgeQuery('secretStatus', { profileId });
  const cached = useBridgeQuery('cachedToken', { profileId, lane });
  const getToken = useBridgeMutation('getToken', {
    onSuccess: (info) => queryClient.setQueryData(bridgeKey('cachedToken', { profileId, lane: info.lane }), info),
  });

  const fetchToken = (confirmInvalidate: boolean) => {
    setConfirming(false);
    getToken.mutate(confirmInvalidate ? { profileId, lane, confirmInvalidate: true } : { profileId, lane });
  };
  const onGet = () => (isInvalidatingLane(lane) ? setConfirming(true) : fetchToken(false));

  const noSecret = secret.data?.stored === false;
  const token = cached.data ?? null;

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('token.title')}
      </h2>
      <fieldset className="lanes">
        <legend>{t('token.lane')}</legend>
        {tokenLanes.map((l) => (
          <label key={l} className={`lane${l === lane ? ' lane-selected' : ''}`}>
            <input
              type="radio"
              name={`${ids}-lane`}
              value={l}
              checked={l === lane}
              onChange={() => {
                setLane(l);
                getToken.reset();
              }}
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
          disabled={getToken.isPending || noSecret}
          data-testid="get-token"
        >
          {getToken.isPending ? t('token.getting') : t('token.get')}
        </button>
        {noSecret ? <span className="muted">{t('token.needSecret')}</span> : null}
      </div>

      {getToken.error ? <ErrorView error={getToken.error.error} /> : null}
      {cached.error ? <ErrorView error={cached.error.error} /> : null}
      {token ? <TokenCard token={token} /> : cached.isSuccess ? <p className="muted">{t('token.none')}</p> : null}

      {confirming ? (
        <ConfirmDialog
          title={t('token.confirmTitle')}
          confirmLabel={t('token.confirmOk')}
          danger
          onConfirm={() => fetchToken(true)}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('token.confirmBody')}</p>
          <p>
            {lane === 'classic'
              ? t('token.confirmClassic', { quota: classicDailyQuota(profile) })
              : t('token.confirmForced')}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
