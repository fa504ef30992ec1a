import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { ticketTypes, type Profile, type TicketType } from '../../../contract';
import { bridgeKey, useBridgeQuery } from '../../data/hooks';
import { secretRevision, useLongCall, useRevision } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';
import { useKept } from '../../ui/kept';
import { useI18n } from '../../i18n/I18nProvider';
import { Countdown } from '../../ui/Countdown';
import { ErrorView } from '../../ui/ErrorView';
import { MaskedValue } from '../../ui/MaskedValue';
import { RouteText } from '../../ui/RouteText';
import { formatTime } from '../../ui/format';

/** The app's jsapi_ticket or card api_ticket: masked, counting down, from the cache when it can be. */
export function TicketSection({ profile }: { profile: Profile }) {
  const { t, lang } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const [type, setType] = useKept<TicketType>('ticketType', profile.id, 'jsapi');
  const cached = useBridgeQuery('cachedTicket', { profileId: profile.id, type });
  const fetch = useLongCall('getTicket', {
    owner: profile.id,
    input: { type, secret: useRevision(secretRevision(profile.id)) },
    onSuccess: (info) => void queryClient.invalidateQueries({ queryKey: bridgeKey('cachedTicket', { profileId: profile.id, type: info.type }) }),
  });
  const ticket = fetch.data?.type === type ? fetch.data : cached.data;

  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid="jssdk-ticket">
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('jssdk.ticketTitle')}
      </h2>
      <div className="row">
        <div className="segmented" role="radiogroup" aria-label={t('jssdk.ticketType')}>
          {ticketTypes.map((candidate) => (
            <label key={candidate} className={`segment${candidate === type ? ' segment-selected' : ''}`}>
              <input type="radio" name={`${ids}-type`} value={candidate} checked={candidate === type} onChange={() => setType(candidate)} />
              {t(`jssdk.type.${candidate}`)}
            </label>
          ))}
        </div>
        <button
          type="button"
          className="btn btn-primary"
          disabled={fetch.isPending}
          onClick={() => fetch.run({ profileId: profile.id, type })}
          data-testid="jssdk-get-ticket"
        >
          {fetch.isPending ? <PendingLabel call={fetch} label={t('jssdk.fetching')} /> : t('jssdk.getTicket')}
        </button>
        <CallProgress call={fetch} testId="jssdk-get-ticket" />
      </div>
      <p className="field-help">{t(`jssdk.typeHelp.${type}`)}</p>
      {fetch.error ? <ErrorView error={fetch.error.error} /> : null}
      {ticket ? (
        <div className="token-card" data-testid="ticket-card" data-type={ticket.type}>
          <div className="token-card-head">
            <span className="badge">{t(`jssdk.type.${ticket.type}`)}</span>
            <span className={`badge ${ticket.fromCache ? 'badge-muted' : 'badge-ok'}`}>{ticket.fromCache ? t('token.fromCache') : t('token.fresh')}</span>
          </div>
          <MaskedValue value={ticket.ticket} label={t(`jssdk.type.${ticket.type}`)} testId="ticket-value" />
          <dl className="kv">
            <dt>{t('token.expiresIn')}</dt>
            <dd>
              <Countdown expiresAt={ticket.expiresAt} testId="ticket-countdown" /> <span className="muted">{t('token.lifetime', { seconds: ticket.expiresIn })}</span>
            </dd>
            <dt>{t('token.fetchedAt')}</dt>
            <dd>
              <time dateTime={new Date(ticket.fetchedAt).toISOString()}>{formatTime(ticket.fetchedAt, lang)}</time>
            </dd>
            <dt>{t('token.route')}</dt>
            <dd>
              <RouteText route={ticket.route} />
            </dd>
          </dl>
        </div>
      ) : null}
    </section>
  );
}
