/** The one place a WxError becomes words. Components pass the error; they never format it. */
import type { ReactNode } from 'react';
import type { AppKind } from '../../contract/constants';
import type { WxError } from '../../contract/errors';
import { ErrcodeLink } from './errcodeNav';
import { IpWhitelistPanel, whitelistErrcodes } from './IpWhitelistPanel';
import { RidPanel } from './RidPanel';
import { useI18n } from '../i18n/I18nProvider';
import type { Lang } from '../i18n/messages';
import type { Bilingual } from '../../contract/errcodes';
import { CopyButton } from './CopyButton';
import { ExternalLink } from './ExternalLink';
import { RouteText } from './RouteText';
import { useNow } from './clock';
import { formatRemaining } from './Countdown';
import { formatTime } from './format';

type WechatError = Extract<WxError, { kind: 'wechat' }>;

export const pick = (text: Bilingual, lang: Lang): string => (lang === 'zh-CN' ? text.zh : text.en);

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** What the caller knows about the context of the error, so the diagnostics can be specific. */
export interface ErrorContext {
  /** The app's kind picks the IP-whitelist steps to show. */
  appKind?: AppKind;
  /** Lets the rid panel look the rid up with this app's token. */
  profileId?: string;
  /** Repeats the call that failed. */
  onRetry?: () => void;
  /** An error shown inside another error's diagnostics: no panels of its own. */
  nested?: boolean;
}

function WechatErrorBody({ error, context }: { error: WechatError; context: ErrorContext }) {
  const { t, lang } = useI18n();
  const { entry } = error;
  const whitelist = !context.nested && whitelistErrcodes.includes(error.errcode);
  const ridPanel = !context.nested && error.rid !== undefined;
  // The entry's meaning in the UI language first; WeChat's zh text is null for English-only codes.
  const meaning = entry ? (lang === 'zh-CN' ? (entry.zh ?? entry.en) : entry.en) : null;
  const other = entry ? (lang === 'zh-CN' ? (entry.zh ? entry.en : null) : entry.zh) : null;
  return (
    <>
      <h3 className="error-title">
        {t('error.wechatTitle', { code: error.errcode })}
        {meaning ? <span className="error-meaning"> · {meaning}</span> : null}
      </h3>
      {other ? <p className="error-other-lang">{other}</p> : null}
      {!context.nested ? <ErrcodeLink code={error.errcode} /> : null}
      {!entry ? <p className="muted">{t('error.unknownCode')}</p> : null}
      <dl className="kv">
        <Field label={t('error.errmsg')}>
          <code className="mono">{error.errmsg}</code>
        </Field>
        {error.ip && !whitelist ? (
          <Field label={t('error.ip')} testId="error-ip">
            <code className="mono strong">{error.ip}</code> <CopyButton value={error.ip} />
          </Field>
        ) : null}
        {error.ipv6 && !whitelist ? (
          <Field label={t('error.ipv6')} testId="error-ipv6">
            <code className="mono strong">{error.ipv6}</code> <CopyButton value={error.ipv6} />
          </Field>
        ) : null}
        {entry?.cause ? <Field label={t('error.cause')}>{pick(entry.cause, lang)}</Field> : null}
        {entry?.fix && !whitelist ? <Field label={t('error.fix')}>{pick(entry.fix, lang)}</Field> : null}
        {error.hint ? (
          <Field label={t('error.hint')}>
            <code className="mono">{error.hint}</code>
          </Field>
        ) : null}
        {error.rid && !ridPanel ? (
          <Field label={t('error.rid')}>
            <code className="mono">{error.rid}</code> <CopyButton value={error.rid} />
          </Field>
        ) : null}
        {error.link ? (
          <Field label={t('error.link')}>
            <ExternalLink href={error.link} />
          </Field>
        ) : null}
        {entry?.docUrl ? (
          <Field label={t('error.doc')}>
            <ExternalLink href={entry.docUrl} />
          </Field>
        ) : null}
        <Field label={t('error.endpoint')}>
          <code className="mono">{error.endpoint}</code>
        </Field>
        {error.route && !whitelist ? (
          <Field label={t('error.route')}>
            <RouteText route={error.route} />
          </Field>
        ) : null}
      </dl>
      {(error.ip || error.ipv6) && !whitelist ? <p className="error-help">{t('error.ipHelp')}</p> : null}
      {whitelist ? <IpWhitelistPanel error={error} appKind={context.appKind} onRetry={context.onRetry} /> : null}
      {error.rid && ridPanel ? <RidPanel rid={error.rid} profileId={context.profileId} endpoint={error.endpoint} /> : null}
      {context.onRetry && !whitelist ? <RetryButton onRetry={context.onRetry} /> : null}
    </>
  );
}

function RetryButton({ onRetry }: { onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <div className="row error-actions">
      <button type="button" className="btn btn-small" onClick={onRetry} data-testid="error-retry">
        {t('diag.retry')}
      </button>
    </div>
  );
}

type ValidationError = Extract<WxError, { kind: 'validation' }>;

/** Issues worth a bullet: main's message already repeats the first one ("path: message"). */
export function extraIssues(error: ValidationError): ValidationError['issues'] {
  return error.issues.filter(
    (issue) => issue.message !== error.message && (issue.path === '' || `${issue.path}: ${issue.message}` !== error.message),
  );
}

/** A rate rule's refusal: when it is allowed again, counted down, not "invalid input". */
function RetryAt({ at }: { at: number }) {
  const { t, lang } = useI18n();
  const now = useNow();
  return (
    <p className="error-retry-at" data-testid="error-retry-at">
      {at > now ? t('error.allowedIn', { remaining: formatRemaining(at - now), at: formatTime(at, lang) }) : t('error.allowedNow')}
    </p>
  );
}

function ValidationBody({ error }: { error: ValidationError }) {
  const { t } = useI18n();
  const issues = extraIssues(error);
  return (
    <>
      <h3 className="error-title">{t(error.retryAt !== undefined ? 'error.tooSoonTitle' : 'error.validationTitle')}</h3>
      {error.retryAt !== undefined ? <RetryAt at={error.retryAt} /> : null}
      <p className="error-message">{error.message}</p>
      {issues.length > 0 ? (
        <ul className="issues">
          {issues.map((issue, i) => (
            <li key={`${issue.path}-${i}`}>
              {issue.path ? <code className="mono">{issue.path}</code> : null}
              {issue.path ? ': ' : null}
              {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Body({ error, context }: { error: WxError; context: ErrorContext }) {
  const { t } = useI18n();
  switch (error.kind) {
    case 'wechat':
      return <WechatErrorBody error={error} context={context} />;
    case 'network':
      return (
        <>
          <h3 className="error-title">{t('error.networkTitle', { reason: t(`net.${error.reason}`) })}</h3>
          <p className="mono error-message">{error.message}</p>
          <dl className="kv">
            {error.status !== undefined ? <Field label={t('error.status')}>{error.status}</Field> : null}
            {error.endpoint ? (
              <Field label={t('error.endpoint')}>
                <code className="mono">{error.endpoint}</code>
              </Field>
            ) : null}
            {error.route ? (
              <Field label={t('error.route')}>
                <RouteText route={error.route} />
              </Field>
            ) : null}
          </dl>
          {context.onRetry ? <RetryButton onRetry={context.onRetry} /> : null}
        </>
      );
    case 'validation':
      return <ValidationBody error={error} />;
    case 'keychain':
      return (
        <>
          <h3 className="error-title">{t('error.keychainTitle', { reason: t(`keychain.${error.reason}`) })}</h3>
          <p className="error-message">{error.message}</p>
        </>
      );
    case 'internal':
      return (
        <>
          <h3 className="error-title">{t('error.internalTitle')}</h3>
          <p className="mono error-message">{error.message}</p>
          <p className="muted">{t('error.internalHelp')}</p>
        </>
      );
  }
}

export function ErrorView({ error, testId = 'error-view', ...context }: { error: WxError; testId?: string } & ErrorContext) {
  return (
    <div
      role="alert"
      className={`error-view error-${error.kind}${context.nested ? ' error-nested' : ''}`}
      data-kind={error.kind}
      data-testid={testId}
    >
      <Body error={error} context={context} />
    </div>
  );
}
