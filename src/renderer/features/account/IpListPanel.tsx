import { useId } from 'react';
import type { Profile } from '../../../contract';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorView } from '../../ui/ErrorView';
import { RouteText } from '../../ui/RouteText';
import { secretRevision, useLongCall, useRevision } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';
import { useT } from '../../i18n/I18nProvider';

type Source = 'callbackIp' | 'apiDomainIp';

/**
 * getcallbackip (the addresses WeChat calls your server from) or get_api_domain_ip (the addresses
 * behind api.weixin.qq.com), fetched when asked; each address and the whole list copyable.
 */
export function IpListPanel({ profile, source }: { profile: Profile; source: Source }) {
  const t = useT();
  const ids = useId();
  const list = useLongCall(source, { owner: profile.id, input: { secret: useRevision(secretRevision(profile.id)) } });
  const fetch = () => list.run({ profileId: profile.id });
  const ips = list.data?.ipList ?? [];
  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid={`ips-${source}`}>
      <h2 className="panel-title" id={`${ids}-title`}>
        {t(`ips.${source}.title`)}
      </h2>
      <p className="field-help">{t(`ips.${source}.help`)}</p>
      <div className="row">
        <button
          type="button"
          className="btn btn-small"
          onClick={fetch}
          disabled={list.isPending}
          data-testid="ips-fetch"
        >
          {list.isPending ? <PendingLabel call={list} label={t('ips.fetching')} /> : list.data ? t('ips.refetch') : t('ips.fetch')}
        </button>
        <CallProgress call={list} testId="ips-fetch" />
        {list.data ? (
          <>
            <span className="muted small" data-testid="ips-count">
              {t('ips.count', { count: ips.length })}
            </span>
            <CopyButton value={ips.join('\n')} label={t('ips.copyAll')} testId="ips-copy-all" />
            <span className="muted small">
              <RouteText route={list.data.route} />
            </span>
          </>
        ) : null}
      </div>
      {list.error ? (
        <ErrorView error={list.error.error} appKind={profile.kind} profileId={profile.id} onRetry={fetch} />
      ) : null}
      {ips.length > 0 ? (
        <ul className="ip-list" aria-label={t(`ips.${source}.title`)}>
          {ips.map((ip) => (
            <li key={ip} className="ip-item" data-testid="ip-item">
              <code className="mono">{ip}</code>
              <CopyButton value={ip} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
