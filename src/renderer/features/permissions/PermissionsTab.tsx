import { useId } from 'react';
import { permissionProbes, type Profile, type ProbeResult } from '../../../contract';
import { ErrorView } from '../../ui/ErrorView';
import { ExternalLink } from '../../ui/ExternalLink';
import { ErrcodeLink } from '../../ui/errcodeNav';
import { useQueryClient } from '@tanstack/react-query';
import { bridgeKey, useBridgeQuery } from '../../data/hooks';
import { secretRevision, useLongCall, useRevision } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';
import { useI18n } from '../../i18n/I18nProvider';
import { formatTime } from '../../ui/format';

const pick = (text: { zh: string; en: string }, lang: string) => (lang === 'zh-CN' ? text.zh : text.en);

/**
 * Which API groups this app may call: the read-only probes listed before anything runs (what
 * each calls and counts against), then a matrix of allowed / 48001 / other errcode.
 */
export function PermissionsTab({ profile }: { profile: Profile }) {
  const { t, lang } = useI18n();
  const ids = useId();
  const probes = permissionProbes.filter((probe) => probe.appliesTo.includes(profile.kind));
  const kept = useBridgeQuery('permissionMap', { profileId: profile.id });
  const queryClient = useQueryClient();
  const run = useLongCall('runPermissionMap', {
    owner: profile.id,
    input: { secret: useRevision(secretRevision(profile.id)) },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: bridgeKey('permissionMap', { profileId: profile.id }) }),
  });
  const map = run.data ?? kept.data ?? null;
  const resultOf = (id: string): ProbeResult | undefined => map?.results.find((r) => r.probeId === id);

  if (probes.length === 0) {
    return (
      <section className="panel" data-testid="permissions-tab">
        <p className="note note-info">{t('permissions.noneForKind')}</p>
      </section>
    );
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid="permissions-tab">
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('permissions.title')}
      </h2>
      <p className="field-help">{t('permissions.intro', { count: probes.length })}</p>
      <div className="row">
        <button type="button" className="btn btn-primary" disabled={run.isPending} onClick={() => run.run({ profileId: profile.id })} data-testid="permissions-run">
          {run.isPending ? <PendingLabel call={run} label={t('permissions.running')} /> : map ? t('permissions.runAgain') : t('permissions.run')}
        </button>
        <CallProgress call={run} testId="permissions-run" />
        {map ? (
          <span className="muted" data-testid="permissions-summary">
            {t('permissions.summary', {
              allowed: map.results.filter((r) => r.verdict === 'allowed').length,
              total: map.results.length,
              at: formatTime(map.ranAt, lang),
            })}
          </span>
        ) : null}
      </div>
      {run.error ? <ErrorView error={run.error.error} appKind={profile.kind} /> : null}
      <div className="table-scroll">
        <table className="matrix" data-testid="permissions-matrix">
          <thead>
            <tr>
              <th scope="col">{t('permissions.group')}</th>
              <th scope="col">{t('permissions.call')}</th>
              <th scope="col">{t('permissions.verdict')}</th>
            </tr>
          </thead>
          <tbody>
            {probes.map((probe) => {
              const result = resultOf(probe.id);
              return (
                <tr key={probe.id} data-testid={`probe-${probe.id}`} data-verdict={result?.verdict ?? 'pending'}>
                  <th scope="row">
                    {pick(probe.group, lang)}
                    <div className="field-help">{t('permissions.countsAgainst', { what: pick(probe.countsAgainst, lang) })}</div>
                  </th>
                  <td>
                    <code className="mono">
                      {probe.method} {probe.path}
                    </code>{' '}
                    <ExternalLink href={probe.docUrl}>{t('permissions.doc')}</ExternalLink>
                  </td>
                  <td>
                    <Verdict result={result} requires={pick(probe.requires, lang)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Verdict({ result, requires }: { result: ProbeResult | undefined; requires: string }) {
  const { t, lang } = useI18n();
  if (!result) return <span className="muted">{t('permissions.notRun')}</span>;
  if (result.verdict === 'allowed') return <span className="check-ok">✓ {t('permissions.allowed')}</span>;
  const meaning = result.entry ? (lang === 'zh-CN' ? (result.entry.zh ?? result.entry.en) : result.entry.en) : result.errmsg;
  return (
    <div>
      <span className="check-bad">
        ✗ {result.verdict === 'unauthorized' ? t('permissions.unauthorized') : t('permissions.failed')}
        {result.errcode !== null ? (
          <>
            {' '}
            <ErrcodeLink code={result.errcode} />
          </>
        ) : null}
      </span>
      {meaning ? <div className="small">{meaning}</div> : null}
      {result.verdict === 'unauthorized' ? <div className="field-help">{t('permissions.requires', { what: requires })}</div> : null}
    </div>
  );
}
