import { useId, useState, type FormEvent } from 'react';
import { apiCatalog, catalogEntryOf, type ApiMethod, type Profile } from '../../../contract';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorView } from '../../ui/ErrorView';
import { ExternalLink } from '../../ui/ExternalLink';
import { ErrcodeLink } from '../../ui/errcodeNav';
import { RawJson } from '../../ui/ProfileCard';
import { RouteText } from '../../ui/RouteText';
import { fieldIssues } from '../../ui/fieldIssues';
import { secretRevision, useLongCall, useRevision } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';
import { useKept } from '../../ui/kept';
import { useI18n } from '../../i18n/I18nProvider';

const pick = (text: { zh: string; en: string }, lang: string) => (lang === 'zh-CN' ? text.zh : text.en);

/** "a=1\nb=2" ⇄ { a: '1', b: '2' }: one parameter a line. */
function parseQuery(text: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const at = trimmed.indexOf('=');
    if (at < 0) query[trimmed] = '';
    else query[trimmed.slice(0, at).trim()] = trimmed.slice(at + 1).trim();
  }
  return query;
}
const formatQuery = (query: Record<string, string> | undefined) =>
  Object.entries(query ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

const fields = ['path', 'query', 'body'] as const;

interface Draft {
  method: ApiMethod;
  path: string;
  queryText: string;
  body: string;
}
const initialDraft: Draft = { method: 'GET', path: '/cgi-bin/getcallbackip', queryText: '', body: '' };

/**
 * Any WeChat API with this app's token: main adds access_token, so no token is ever pasted into a
 * URL. Calls wxcred knows to be read-only run directly; anything else asks first, naming what changes.
 */
export function ConsoleTab({ profile }: { profile: Profile }) {
  const { t, lang } = useI18n();
  const ids = useId();
  // The request being written is kept with the app, and the answer is filed under it: coming back
  // shows both; editing the request clears an answer that no longer matches it.
  const [draft, setDraft] = useKept<Draft>('consoleDraft', profile.id, initialDraft);
  const { method, path, queryText, body } = draft;
  const edit = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const setMethod = (next: ApiMethod) => edit({ method: next });
  const setPath = (next: string) => edit({ path: next });
  const setQueryText = (next: string) => edit({ queryText: next });
  const setBody = (next: string) => edit({ body: next });
  const [confirming, setConfirming] = useState(false);
  const call = useLongCall('callApi', { owner: profile.id, input: { secret: useRevision(secretRevision(profile.id)), draft } });
  const issues = fieldIssues(call.error?.error, fields);
  const entry = catalogEntryOf(method, path.trim());
  const readOnly = entry?.changes === null;

  const send = (confirm: boolean) => {
    setConfirming(false);
    call.run({
      profileId: profile.id,
      method,
      path: path.trim(),
      query: parseQuery(queryText),
      ...(method === 'POST' && body.trim() !== '' ? { body } : {}),
      confirm,
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) send(false);
    else setConfirming(true);
  };
  const choose = (key: string) => {
    const chosen = apiCatalog.find((e) => `${e.method} ${e.path}` === key);
    if (!chosen) return;
    setDraft({
      method: chosen.method,
      path: chosen.path,
      queryText: formatQuery(chosen.exampleQuery),
      body: chosen.exampleBody === undefined ? '' : JSON.stringify(chosen.exampleBody, null, 2),
    });
  };
  const result = call.data;

  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid="console-tab">
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('console.title')}
      </h2>
      <p className="field-help">{t('console.intro')}</p>
      <form className="form-grid" onSubmit={submit} noValidate>
        <label htmlFor={`${ids}-catalog`}>{t('console.catalog')}</label>
        <div>
          <select id={`${ids}-catalog`} value={entry ? `${entry.method} ${entry.path}` : ''} onChange={(e) => choose(e.target.value)} data-testid="console-catalog">
            <option value="">{t('console.custom')}</option>
            {apiCatalog.map((e) => (
              <option key={`${e.method} ${e.path}`} value={`${e.method} ${e.path}`}>
                {e.changes ? '⚠ ' : ''}
                {pick(e.title, lang)} — {e.method} {e.path}
              </option>
            ))}
          </select>
          {entry ? (
            <p className="field-help">
              {entry.changes ? <span className="check-bad">{t('console.changes', { what: pick(entry.changes, lang) })}</span> : <span className="check-ok">{t('console.readOnly')}</span>}{' '}
              <ExternalLink href={entry.docUrl}>{t('permissions.doc')}</ExternalLink>
            </p>
          ) : (
            <p className="field-help">{t('console.unknown')}</p>
          )}
        </div>

        <label htmlFor={`${ids}-path`}>{t('console.request')}</label>
        <div className="row">
          <select aria-label={t('console.method')} value={method} onChange={(e) => setMethod(e.target.value as ApiMethod)} data-testid="console-method">
            <option>GET</option>
            <option>POST</option>
          </select>
          <input
            id={`${ids}-path`}
            className="mono grow"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={issues.byField.path ? true : undefined}
            data-testid="console-path"
          />
        </div>
        {issues.byField.path ? (
          <>
            <div />
            <p className="field-problem">{issues.byField.path}</p>
          </>
        ) : null}

        <label htmlFor={`${ids}-query`}>{t('console.query')}</label>
        <div>
          <textarea id={`${ids}-query`} className="mono" rows={3} value={queryText} onChange={(e) => setQueryText(e.target.value)} placeholder="next_openid=" spellCheck={false} data-testid="console-query" />
          <p className="field-help">{issues.byField.query ?? t('console.queryHelp')}</p>
        </div>

        {method === 'POST' ? (
          <>
            <label htmlFor={`${ids}-body`}>{t('console.body')}</label>
            <div>
              <textarea id={`${ids}-body`} className="mono" rows={6} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} aria-invalid={issues.byField.body ? true : undefined} data-testid="console-body" />
              {issues.byField.body ? <p className="field-problem">{issues.byField.body}</p> : null}
            </div>
          </>
        ) : null}

        <div />
        <div className="row">
          <button type="submit" className={`btn ${readOnly ? 'btn-primary' : 'btn-danger'}`} disabled={call.isPending || path.trim() === ''} data-testid="console-send">
            {call.isPending ? <PendingLabel call={call} label={t('console.sending')} /> : readOnly ? t('console.send') : t('console.sendChanging')}
          </button>
          <CallProgress call={call} testId="console-send" />
        </div>
      </form>
      {confirming ? (
        <ConfirmDialog title={t('console.confirmTitle')} confirmLabel={t('console.confirmRun')} danger onConfirm={() => send(true)} onCancel={() => setConfirming(false)}>
          <p>
            <code className="mono">
              {method} {path.trim()}
            </code>
          </p>
          <p data-testid="console-confirm-what">{entry?.changes ? t('console.changes', { what: pick(entry.changes, lang) }) : t('console.unknown')}</p>
          <p>{t('console.confirmProduction')}</p>
        </ConfirmDialog>
      ) : null}
      {call.error && issues.unplaced ? <ErrorView error={call.error.error} appKind={profile.kind} /> : null}
      {result ? (
        <div className="result-card" data-testid="console-result">
          <p>
            {result.errcode === 0 ? (
              <span className="check-ok">✓ {t('console.ok', { ms: result.durationMs })}</span>
            ) : (
              <span className="check-bad">
                ✗ errcode <ErrcodeLink code={result.errcode} /> {result.entry ? pick({ zh: result.entry.zh ?? result.entry.en, en: result.entry.en }, lang) : (result.errmsg ?? '')}
              </span>
            )}{' '}
            <span className="muted">
              · <RouteText route={result.route} />
            </span>
          </p>
          {result.entry?.fix ? <p className="field-help">{pick(result.entry.fix, lang)}</p> : null}
          <RawJson value={result.reply} testId="console-reply" />
        </div>
      ) : null}
    </section>
  );
}
