/** What the lab's results share: a verdict with its cause, fix and notes, and raw HTTP exchanges. */
import type { Bilingual, LiveVerdict, RawExchange } from '../../../contract';
import { pick } from '../../ui/ErrorView';
import { useI18n } from '../../i18n/I18nProvider';

/** A body as a string literal, so a BOM, a trailing newline or quotes can be seen. */
export const visible = (text: string): string =>
  JSON.stringify(text).replace(/\uFEFF/g, '\\uFEFF');

export function Bi({ text }: { text: Bilingual }) {
  const { lang } = useI18n();
  return <>{pick(text, lang)}</>;
}

export function VerdictView({ verdict, children }: { verdict: LiveVerdict; children?: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="result-card" data-testid="cblab-verdict" data-outcome={verdict.outcome} data-cause={verdict.cause.code}>
      <p className={`check ${verdict.ok ? 'check-ok' : 'check-bad'}`} data-testid="cblab-cause">
        {verdict.ok ? '✓' : '✗'} <Bi text={verdict.cause} />
      </p>
      {verdict.fix ? (
        <p data-testid="cblab-fix">
          <strong>{t('cblab.fix')}</strong> <Bi text={verdict.fix} />
        </p>
      ) : null}
      {verdict.notes.map((note, i) => (
        <p key={i} className="note note-info small" data-testid="cblab-note">
          <Bi text={note} />
        </p>
      ))}
      {children}
    </div>
  );
}

const headerLines = (headers: Record<string, string>): string => Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n');

export function ExchangeView({ exchange, index }: { exchange: RawExchange; index: number }) {
  const { t } = useI18n();
  const { request, response } = exchange;
  const target = new URL(request.url);
  const requestText = `${request.method} ${target.pathname}${target.search} HTTP/1.1\n${headerLines(request.headers)}${request.body === null ? '' : `\n\n${request.body}`}`;
  const responseText = response
    ? `HTTP/1.1 ${response.status}\n${headerLines(response.headers)}\n\n${response.body}${response.truncated ? `\n… (${t('cblab.truncated')})` : ''}`
    : exchange.error ?? '';
  return (
    <details className="rid-result" open={index === 0} data-testid="cblab-exchange">
      <summary className="small">
        {t('cblab.exchange', { n: index + 1, method: request.method, ms: exchange.ms })} {response ? `· HTTP ${response.status}` : `· ${t('cblab.noResponse')}`}
      </summary>
      <h3 className="subhead">{t('cblab.request')}</h3>
      <pre className="json" data-testid="cblab-raw-request">{requestText}</pre>
      <h3 className="subhead">{t('cblab.response')}</h3>
      <pre className="json" data-testid="cblab-raw-response">{responseText}</pre>
      {response ? (
        <p className="muted small mono wrap" data-testid="cblab-body-literal">
          {t('cblab.bodyLiteral', { bytes: response.bytes })} {visible(response.body)}
        </p>
      ) : null}
    </details>
  );
}
