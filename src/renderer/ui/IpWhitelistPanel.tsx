import type { AppKind } from '../../contract/constants';
import type { WxError } from '../../contract/errors';
import { CopyButton } from './CopyButton';
import { ExternalLink } from './ExternalLink';
import { RouteText } from './RouteText';
import { appKinds } from '../data/contract';
import { useI18n } from '../i18n/I18nProvider';
import type { Lang } from '../i18n/messages';

type WechatError = Extract<WxError, { kind: 'wechat' }>;

/** 40164: "invalid ip … not in whitelist"; 61004: "access clientip is not registered". */
export const whitelistErrcodes: readonly number[] = [40164, 61004];

/** The kinds of app that have an IP whitelist, and the console that keeps it. A 测试号 has none. */
type WhitelistedKind = Exclude<AppKind, 'test-account'>;
const consoles: Record<WhitelistedKind, string> = {
  'official-account': 'https://mp.weixin.qq.com/',
  'mini-program': 'https://mp.weixin.qq.com/',
  'website-app': 'https://open.weixin.qq.com/',
};
const hasWhitelist = (kind: AppKind): kind is WhitelistedKind => kind !== 'test-account';

/** What WeChat writes when it could not tell the caller's address; whitelisting it is no fix. */
const UNKNOWN_ADDRESSES = new Set(['0.0.0.0', '::', '::ffff:0.0.0.0']);

const pickText = (text: { zh: string; en: string }, lang: Lang) => (lang === 'zh-CN' ? text.zh : text.en);

function Steps({ kind }: { kind: WhitelistedKind }) {
  const { t } = useI18n();
  return (
    <li data-kind={kind}>
      <span className="diag-kind">{t(`kind.${kind}`)}</span>{' '}
      <ExternalLink href={consoles[kind]}>{new URL(consoles[kind]).host}</ExternalLink>
      {' → '}
      <span className="diag-path">{t(`whitelist.path.${kind}`)}</span>
    </li>
  );
}

/**
 * The IP-whitelist diagnosis: which address WeChat saw (both spellings, each copyable), where this
 * kind of app whitelists it, the table's fix, the route the call took, and a retry.
 */
export function IpWhitelistPanel({
  error,
  appKind,
  onRetry,
}: {
  error: WechatError;
  appKind?: AppKind;
  onRetry?: () => void;
}) {
  const { t, lang } = useI18n();
  // An unknown kind shows every kind that has a whitelist.
  const kinds = appKind ? [appKind].filter(hasWhitelist) : appKinds.filter(hasWhitelist);
  const unknownAddress = error.ip !== undefined && UNKNOWN_ADDRESSES.has(error.ip);
  return (
    <section className="diag-panel" data-testid="ip-diagnosis" aria-label={t('diag.ipTitle')}>
      <h4 className="diag-title">{t('diag.ipTitle')}</h4>
      <dl className="kv">
        <dt>{t('error.ip')}</dt>
        <dd data-testid="error-ip">
          {error.ip ? (
            <>
              <code className="mono strong">{error.ip}</code> <CopyButton value={error.ip} testId="copy-ip" />
            </>
          ) : (
            <span className="muted">{t('diag.noIp')}</span>
          )}
        </dd>
        {error.ipv6 ? (
          <>
            <dt>{t('error.ipv6')}</dt>
            <dd data-testid="error-ipv6">
              <code className="mono strong">{error.ipv6}</code> <CopyButton value={error.ipv6} testId="copy-ipv6" />
            </dd>
          </>
        ) : null}
        <dt>{t('error.route')}</dt>
        <dd data-testid="diag-route">
          {error.route ? <RouteText route={error.route} /> : <span className="muted">{t('diag.routeUnknown')}</span>}
        </dd>
      </dl>
      {unknownAddress ? (
        <p className="error-help" data-testid="diag-zero-ip">
          {t('diag.zeroIp')}
        </p>
      ) : (
        <p className="error-help">{t('error.ipHelp')}</p>
      )}
      {appKind === 'test-account' ? (
        <p className="error-help" data-testid="whitelist-none">
          {t('whitelist.none.test-account')}
        </p>
      ) : (
        <>
          <p className="diag-subtitle">{t('diag.whereToAdd')}</p>
          <ol className="diag-steps" data-testid="whitelist-steps">
            {kinds.map((k) => (
              <Steps key={k} kind={k} />
            ))}
          </ol>
        </>
      )}
      {error.route?.kind === 'proxy' ? <p className="field-help">{t('diag.proxyNote')}</p> : null}
      {error.entry?.fix ? (
        <p data-testid="diag-fix">
          <span className="muted">{t('error.fix')}: </span>
          {pickText(error.entry.fix, lang)}
        </p>
      ) : null}
      {onRetry ? (
        <div className="row">
          <button type="button" className="btn btn-small" onClick={onRetry} data-testid="diag-retry">
            {t('diag.retry')}
          </button>
          <span className="field-help">{t('diag.retryHelp')}</span>
        </div>
      ) : null}
    </section>
  );
}
