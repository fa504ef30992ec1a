import type { Profile, RequestLogEntry } from '../../../contract';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorView } from '../../ui/ErrorView';
import { RouteText } from '../../ui/RouteText';
import { ErrcodeLink } from '../../ui/errcodeNav';
import { formatDateTime, prettyJson } from '../../ui/format';
import { useI18n } from '../../i18n/I18nProvider';
import { buildCurl, curlVariables } from './curl';

/** One logged call: redacted URL and bodies, the typed error, and a curl line with placeholders. */
export function LogDetail({ entry, profile }: { entry: RequestLogEntry; profile: Profile | undefined }) {
  const { t, lang } = useI18n();
  const curl = buildCurl(entry);
  const vars = curlVariables(curl);
  const hasBody = entry.requestBody !== null && entry.requestBody !== undefined && entry.requestBody !== '';
  return (
    <article className="log-detail" data-testid="log-detail" aria-label={t('log.detail')}>
      <header className="log-detail-head">
        <span className="badge mono">{entry.method}</span>
        <code className="mono strong">{entry.endpoint}</code>
        <span className="muted small">#{entry.id}</span>
      </header>
      <div className="row">
        <CopyButton value={curl} label={t('log.copyCurl')} testId="copy-curl" />
        {vars.length > 0 ? (
          <span className="field-help" data-testid="curl-vars">
            {t('log.curlVars', { vars: vars.map((v) => `$${v}`).join(' ') })}
          </span>
        ) : null}
      </div>
      <dl className="kv">
        <dt>{t('log.col.time')}</dt>
        <dd>
          <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at, lang)}</time>
        </dd>
        <dt>{t('log.col.app')}</dt>
        <dd>
          {profile ? `${profile.label} · ` : null}
          <code className="mono">{entry.appid ?? '—'}</code>
        </dd>
        <dt>{t('log.col.status')}</dt>
        <dd className="mono">{entry.status ?? t('log.noResponse')}</dd>
        <dt>{t('log.col.errcode')}</dt>
        <dd>
          {entry.errcode !== null ? (
            <>
              <code className="mono">{entry.errcode}</code> {entry.errcode !== 0 ? <ErrcodeLink code={entry.errcode} /> : null}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>{t('log.col.duration')}</dt>
        <dd className="mono">{t('log.ms', { ms: Math.round(entry.durationMs) })}</dd>
        <dt>{t('log.col.route')}</dt>
        <dd>
          <RouteText route={entry.route} />
        </dd>
        <dt>{t('log.url')}</dt>
        <dd>
          <code className="mono" data-testid="log-url">
            {entry.url}
          </code>
        </dd>
      </dl>
      {entry.error ? (
        <ErrorView error={entry.error} appKind={profile?.kind} profileId={profile?.id} testId="log-error" />
      ) : null}
      <h3 className="subhead">{t('log.requestBody')}</h3>
      {hasBody ? (
        <pre className="json" data-testid="log-request-body">
          {prettyJson(entry.requestBody)}
        </pre>
      ) : (
        <p className="muted small">{t('log.noBody')}</p>
      )}
      <h3 className="subhead">{t('log.response')}</h3>
      {entry.response !== null && entry.response !== undefined ? (
        <pre className="json" data-testid="log-response">
          {prettyJson(entry.response)}
        </pre>
      ) : (
        <p className="muted small">{t('log.noResponse')}</p>
      )}
    </article>
  );
}
