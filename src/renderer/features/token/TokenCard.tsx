import type { TokenInfo } from '../../../contract';
import { Countdown } from '../../ui/Countdown';
import { MaskedValue } from '../../ui/MaskedValue';
import { RouteText } from '../../ui/RouteText';
import { useI18n } from '../../i18n/I18nProvider';
import { formatTime } from '../../ui/format';

/** One access token: masked value, live countdown, where and when it came from. */
export function TokenCard({ token }: { token: TokenInfo }) {
  const { t, lang } = useI18n();
  return (
    <div className="token-card" data-testid="token-card" data-lane={token.lane}>
      <div className="token-card-head">
        <span className="badge">{t(`lane.${token.lane}`)}</span>
        {token.fromCache ? (
          <span className="badge badge-muted" data-testid="token-from-cache">
            {t('token.fromCache')}
          </span>
        ) : (
          <span className="badge badge-ok">{t('token.fresh')}</span>
        )}
      </div>
      <MaskedValue value={token.accessToken} label={t('token.value')} testId="token-value" />
      <dl className="kv">
        <dt>{t('token.expiresIn')}</dt>
        <dd>
          <Countdown expiresAt={token.expiresAt} testId="token-countdown" />{' '}
          <span className="muted">{t('token.lifetime', { seconds: token.expiresIn })}</span>
        </dd>
        <dt>{t('token.fetchedAt')}</dt>
        <dd>
          <time dateTime={new Date(token.fetchedAt).toISOString()} data-testid="token-fetched-at">
            {formatTime(token.fetchedAt, lang)}
          </time>
        </dd>
        <dt>{t('token.route')}</dt>
        <dd data-testid="token-route">
          <RouteText route={token.route} />
        </dd>
        <dt>{t('token.apiBase')}</dt>
        <dd>
          <code className="mono">{token.apiBase}</code>
        </dd>
      </dl>
    </div>
  );
}
