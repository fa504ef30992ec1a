import { useEffect, useId, useState } from 'react';
import type { Profile, QuotaInfo, QuotaPath } from '../../../contract';
import { quotaPaths } from '../../../contract/constants';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorView } from '../../ui/ErrorView';
import { RouteText } from '../../ui/RouteText';
import { useBridgeMutation, useBridgeQuery } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';
import { useNow } from '../../ui/clock';
import { useOneAtATime } from '../../ui/oneAtATime';
import { secretRevision, useLongCall, useLongCallStore, useRevision } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';

/** Bumped by a clear_quota: the counters read before it are no longer WeChat's. */
const quotaRevision = (profileId: string): string => `quota\n${profileId}`;

type ClearVersion = 'v1' | 'v2';

const WARN_AT = 0.8;

/** A used/limit bar; amber from 80 % used, red when nothing remains. */
function Gauge({ quota }: { quota: QuotaInfo }) {
  const t = useT();
  const ratio = quota.dailyLimit > 0 ? Math.min(1, quota.used / quota.dailyLimit) : 0;
  const state = quota.remain <= 0 ? 'full' : ratio >= WARN_AT ? 'warning' : 'ok';
  return (
    <div className="gauge" data-state={state}>
      <div
        className="gauge-bar"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={quota.dailyLimit}
        aria-valuenow={quota.used}
        aria-label={t('quota.usedOf', { path: quota.cgiPath })}
        data-testid="quota-bar"
      >
        <div className={`gauge-fill gauge-${state}`} style={{ width: `${(ratio * 100).toFixed(1)}%` }} />
      </div>
      <div className="gauge-numbers mono" data-testid="quota-numbers">
        {t('quota.numbers', { used: quota.used, limit: quota.dailyLimit, remain: quota.remain })}
      </div>
      {quota.rateLimit ? (
        <div className="muted small" data-testid="quota-rate-limit">
          {t('quota.rateLimit', { count: quota.rateLimit.callCount, seconds: quota.rateLimit.refreshSecond })}
        </div>
      ) : null}
      {quota.componentRateLimit ? (
        <div className="muted small" data-testid="quota-component-rate-limit">
          {t('quota.componentRateLimit', { count: quota.componentRateLimit.callCount, seconds: quota.componentRateLimit.refreshSecond })}
        </div>
      ) : null}
    </div>
  );
}

function QuotaRow({ profile, cgiPath }: { profile: Profile; cgiPath: QuotaPath }) {
  const t = useT();
  const quota = useLongCall('getQuota', {
    owner: profile.id,
    input: { cgiPath, secret: useRevision(secretRevision(profile.id)), cleared: useRevision(quotaRevision(profile.id)) },
  });
  const check = () => quota.run({ profileId: profile.id, cgiPath });
  // Read when the row first shows (and after a clear); kept across pages, refreshed on request.
  const unread = quota.status === 'idle';
  useEffect(() => {
    if (unread) check();
  });
  return (
    <div className="quota-row" data-testid={`quota-${cgiPath === '/cgi-bin/token' ? 'token' : 'stable'}`}>
      <div className="quota-head">
        <code className="mono strong">{cgiPath}</code>
        <button
          type="button"
          className="btn btn-small"
          onClick={check}
          disabled={quota.isPending}
          aria-label={t('quota.refreshPath', { path: cgiPath })}
          data-testid="quota-refresh"
        >
          {quota.isPending ? <PendingLabel call={quota} label={t('quota.checking')} /> : t('quota.refresh')}
        </button>
        <CallProgress call={quota} testId="quota-refresh" />
        {quota.data ? (
          <span className="muted small">
            <RouteText route={quota.data.route} />
          </span>
        ) : null}
      </div>
      {quota.data ? <Gauge quota={quota.data} /> : null}
      {quota.error ? (
        <ErrorView
          error={quota.error.error}
          appKind={profile.kind}
          profileId={profile.id}
          onRetry={check}
        />
      ) : null}
    </div>
  );
}

/**
 * WeChat's own counters for the two token endpoints (openapi/quota/get), and clear_quota behind a
 * confirmation: only after the user agrees is `confirm: true` sent.
 */
export function QuotaPanel({ profile }: { profile: Profile }) {
  const t = useT();
  const ids = useId();
  const [asking, setAsking] = useState<ClearVersion | null>(null);
  const now = useNow();
  const stats = useBridgeQuery('clearQuotaStats', { profileId: profile.id });
  const calls = useLongCallStore();
  const clear = useBridgeMutation('clearQuota', {
    onSuccess: () => {
      setAsking(null);
      calls.bump(quotaRevision(profile.id));
    },
    onSettled: () => void stats.refetch(),
  });
  const send = useOneAtATime(clear);
  // Main refuses these too; the buttons say so before the user asks.
  const waitMs = stats.data?.nextAllowedAt ? stats.data.nextAllowedAt - now : 0;
  const blocked = clear.isPending || stats.data?.inFlight === true || waitMs > 0;
  const ask = (version: ClearVersion) => {
    clear.reset();
    setAsking(version);
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid="quota-panel">
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('quota.title')}
      </h2>
      <p className="field-help">{t('quota.help')}</p>
      {quotaPaths.map((path) => (
        <QuotaRow key={path} profile={profile} cgiPath={path} />
      ))}

      <h3 className="subhead">{t('clear.title')}</h3>
      <p className="field-help">{t('clear.help')}</p>
      {stats.data ? (
        <p className="muted small" data-testid="clear-count">
          {t('clear.count', { used: stats.data.used, limit: stats.data.monthlyLimit })}
          {waitMs > 0 ? ` · ${t('clear.wait', { seconds: Math.ceil(waitMs / 1000) })}` : ''}
        </p>
      ) : null}
      <div className="row">
        <button type="button" className="btn" onClick={() => ask('v1')} disabled={blocked} data-testid="clear-v1">
          {t('clear.v1')}
        </button>
        <button type="button" className="btn" onClick={() => ask('v2')} disabled={blocked} data-testid="clear-v2">
          {t('clear.v2')}
        </button>
      </div>
      {clear.isSuccess && asking === null ? (
        <p className="badge badge-ok" role="status" data-testid="clear-done">
          {t('clear.done', { version: clear.variables?.version ?? '' })} · <RouteText route={clear.data.route} />
        </p>
      ) : null}

      {asking ? (
        <ConfirmDialog
          title={t('clear.confirmTitle', { version: asking })}
          confirmLabel={clear.isPending ? t('clear.clearing') : t('clear.confirmOk')}
          danger
          busy={clear.isPending}
          onConfirm={() => send({ profileId: profile.id, version: asking, confirm: true })}
          onCancel={() => {
            setAsking(null);
            clear.reset();
          }}
        >
          <p data-testid="clear-limit">{t('clear.limit')}</p>
          <p>{asking === 'v1' ? t('clear.v1Body') : t('clear.v2Body')}</p>
          {clear.error ? <ErrorView error={clear.error.error} appKind={profile.kind} profileId={profile.id} /> : null}
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
