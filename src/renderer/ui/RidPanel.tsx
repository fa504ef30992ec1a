import type { RidInfo } from '../../contract';
import { decodeRid } from '../../contract/errmsg';
import { CopyButton } from './CopyButton';
import { ErrorView } from './ErrorView';
import { ExternalLink } from './ExternalLink';
import { RouteText } from './RouteText';
import { useNow } from './clock';
import { useBridgeQuery } from '../data/hooks';
import { useLongCall } from '../data/longCalls';
import { CallProgress, PendingLabel } from './CallProgress';
import { useI18n } from '../i18n/I18nProvider';
import { epochMs, formatAge, formatDateTime, prettyJson } from './format';

/** WeChat's own "API 报错诊断" tool (developer platform → 工具箱), which takes a rid or a whole reply. */
export const RID_DIAGNOSIS_URL = 'https://developers.weixin.qq.com/console/devtools/debug?tab=errorDiag';
/** WeChat's page on API error diagnosis: the tool above and the rid it takes. */
export const RID_DOC_URL = 'https://developers.weixin.qq.com/doc/oplatform/developers/basic_func/api_diagnosis';

function RidResult({ info }: { info: RidInfo }) {
  const { t, lang } = useI18n();
  const na = <span className="muted">—</span>;
  return (
    <dl className="kv rid-result" data-testid="rid-result">
      <dt>{t('rid.invokeTime')}</dt>
      <dd data-testid="rid-invoke-time">
        {info.invokeTime !== null ? (
          <time dateTime={new Date(epochMs(info.invokeTime)).toISOString()}>{formatDateTime(epochMs(info.invokeTime), lang)}</time>
        ) : (
          na
        )}
      </dd>
      <dt>{t('rid.cost')}</dt>
      <dd data-testid="rid-cost">{info.costInMs !== null ? t('rid.ms', { ms: info.costInMs }) : na}</dd>
      <dt>{t('rid.clientIp')}</dt>
      <dd data-testid="rid-client-ip">
        {info.clientIp ? (
          <>
            <code className="mono strong">{info.clientIp}</code> <CopyButton value={info.clientIp} />
          </>
        ) : (
          na
        )}
      </dd>
      <dt>{t('rid.requestUrl')}</dt>
      <dd>{info.requestUrl ? <code className="mono">{info.requestUrl}</code> : na}</dd>
      <dt>{t('rid.requestBody')}</dt>
      <dd>{info.requestBody ? <pre className="json">{prettyJson(info.requestBody)}</pre> : na}</dd>
      <dt>{t('rid.response')}</dt>
      <dd>{info.responseBody ? <pre className="json">{prettyJson(info.responseBody)}</pre> : na}</dd>
      <dt>{t('error.route')}</dt>
      <dd>
        <RouteText route={info.route} />
      </dd>
    </dl>
  );
}

/** Token endpoints: a rid from one of these means the token rid/get needs is what failed. */
const TOKEN_PATHS = ['/cgi-bin/token', '/cgi-bin/stable_token'];

/** Why rid/get cannot answer for this rid from here, or null when it can. */
type NoLookup = 'sns' | 'needApp' | 'tokenFailed' | 'noSecret';

/**
 * rid/get takes the app's base access_token and does not cover "/sns/" calls (WeChat answers 76022,
 * or 76001). It is offered only when a token can be had: one is cached, or a stored AppSecret can
 * fetch one and the failed call was not itself the token fetch (that would spend another
 * stable_token call on the same failure).
 */
function useNoLookup(profileId: string | undefined, endpoint: string | undefined, now: number): NoLookup | null | 'unknown' {
  const sns = endpoint?.startsWith('/sns/') === true;
  const ask = profileId !== undefined && !sns;
  const secret = useBridgeQuery('secretStatus', { profileId: profileId ?? '' }, { enabled: ask });
  const cached = useBridgeQuery('cachedToken', { profileId: profileId ?? '', lane: 'stable' }, { enabled: ask });
  if (sns) return 'sns';
  if (profileId === undefined) return 'needApp';
  if (cached.data && cached.data.expiresAt > now) return null;
  if (secret.isPending || cached.isPending) return 'unknown';
  if (secret.data?.stored !== true) return 'noSecret';
  if (endpoint !== undefined && TOKEN_PATHS.includes(endpoint)) return 'tokenFailed';
  return null;
}

/**
 * A rid: when it was issued (read from the rid itself, which WeChat does not document), how old it
 * is, and — within WeChat's 7-day window — what WeChat recorded about the call (rid/get).
 */
export function RidPanel({ rid, profileId, endpoint }: { rid: string; profileId?: string; endpoint?: string }) {
  const { t, lang } = useI18n();
  const now = useNow();
  const decoded = decodeRid(rid, now);
  // Filed under the app and the rid: the same error shown again finds its lookup, another rid none.
  const lookup = useLongCall('lookupRid', { owner: profileId ?? '', input: { rid } });
  const noLookup = useNoLookup(profileId, endpoint, now);

  return (
    <section className="diag-panel" data-testid="rid-panel" aria-label={t('rid.title')}>
      <h4 className="diag-title">{t('rid.title')}</h4>
      <dl className="kv">
        <dt>{t('error.rid')}</dt>
        <dd>
          <code className="mono" data-testid="rid-value">
            {rid}
          </code>{' '}
          <CopyButton value={rid} />
        </dd>
        <dt>{t('rid.issuedAt')}</dt>
        <dd data-testid="rid-time">
          {decoded.issuedAt !== null ? (
            <>
              <time dateTime={new Date(decoded.issuedAt).toISOString()}>{formatDateTime(decoded.issuedAt, lang)}</time>{' '}
              <span className="muted">({t('rid.inferred')})</span>
            </>
          ) : (
            <span className="muted">{t('rid.noTime')}</span>
          )}
        </dd>
        {decoded.ageMs !== null ? (
          <>
            <dt>{t('rid.age')}</dt>
            <dd data-testid="rid-age">{formatAge(decoded.ageMs, lang)}</dd>
          </>
        ) : null}
      </dl>

      {decoded.lookupExpired ? (
        <p className="note note-warn" data-testid="rid-expired">
          {t('rid.expired')}
        </p>
      ) : noLookup === 'needApp' ? (
        <p className="field-help">{t('rid.needApp')}</p>
      ) : noLookup === 'unknown' ? null : noLookup !== null ? (
        <p className="note" data-testid="rid-no-lookup" data-reason={noLookup}>
          {t(`rid.noLookup.${noLookup}`)}{' '}
          <ExternalLink href={RID_DIAGNOSIS_URL}>{t('rid.diagnosisTool')}</ExternalLink>
        </p>
      ) : profileId ? (
        <div className="row">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => lookup.run({ profileId, rid })}
            disabled={lookup.isPending}
            data-testid="rid-lookup"
          >
            {lookup.isPending ? <PendingLabel call={lookup} label={t('rid.looking')} /> : t('rid.lookup')}
          </button>
          <CallProgress call={lookup} testId="rid-lookup" />
          <span className="field-help">{t('rid.lookupHelp')}</span>
        </div>
      ) : (
        <p className="field-help">{t('rid.needApp')}</p>
      )}
      {lookup.error ? <ErrorView error={lookup.error.error} nested testId="rid-lookup-error" /> : null}
      {lookup.data ? <RidResult info={lookup.data} /> : null}
      <p className="field-help">
        <ExternalLink href={RID_DIAGNOSIS_URL}>{t('rid.diagnosisLink')}</ExternalLink>
        {' · '}
        <ExternalLink href={RID_DOC_URL}>{t('rid.docLink')}</ExternalLink>
      </p>
    </section>
  );
}
