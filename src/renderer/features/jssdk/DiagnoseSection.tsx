import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { JSSDK_DEVTOOLS_SNIPPET, type JssdkDiagnosis, type Profile } from '../../../contract';
import { useBridgeMutation } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorView } from '../../ui/ErrorView';
import { fieldIssues } from '../../ui/fieldIssues';
import { MonoField } from '../../ui/MonoField';
import { String1View } from './String1View';
import { useResetOnInput } from '../../ui/resetOnInput';

/** The URL the devtools snippet printed, if that is what was pasted. */
function urlFromPasted(text: string): string | null {
  const m = /"href"\s*:\s*"([^"]+)"/.exec(text) ?? /"url"\s*:\s*"([^"]+)"/.exec(text);
  return m?.[1] ?? null;
}

/** Paste what the page used; learn which input was wrong. */
export function DiagnoseSection({ profile }: { profile: Profile }) {
  const t = useT();
  const ids = useId();
  const [pasted, setPasted] = useState('');
  const [url, setUrl] = useState('');
  const [landingUrl, setLandingUrl] = useState('');
  const [string1, setString1] = useState('');
  const [registeredDomain, setRegisteredDomain] = useState('');
  const diagnose = useBridgeMutation('jssdkDiagnose');
  const issues = fieldIssues(diagnose.error?.error, ['url', 'landingUrl', 'string1', 'registeredDomain', 'pasted'] as const);
  const pageUrl = url.trim() || urlFromPasted(pasted) || '';
  useResetOnInput([pasted, url, landingUrl, string1, registeredDomain], diagnose.reset);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    diagnose.mutate({
      profileId: profile.id,
      url: pageUrl,
      pasted,
      ...(landingUrl.trim() ? { landingUrl: landingUrl.trim() } : {}),
      ...(string1.trim() ? { string1: string1.trim() } : {}),
      ...(registeredDomain.trim() ? { registeredDomain: registeredDomain.trim() } : {}),
    });
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid="jssdk-diagnose">
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('jssdk.diagnoseTitle')}
      </h2>
      <div className="note note-info snippet-note">
        <p>{t('jssdk.snippetHelp')}</p>
        <div className="row">
          <code className="mono snippet-line" data-testid="devtools-snippet">
            {JSSDK_DEVTOOLS_SNIPPET}
          </code>
          <CopyButton value={JSSDK_DEVTOOLS_SNIPPET} testId="copy-snippet" />
        </div>
      </div>
      <form className="form-grid" onSubmit={submit} noValidate>
        <MonoField id={`${ids}-pasted`} label={t('jssdk.pasted')} value={pasted} onChange={setPasted} rows={5} problem={issues.byField.pasted} testId="diagnose-pasted" />
        <MonoField id={`${ids}-url`} label={t('jssdk.pageUrl')} value={url} onChange={setUrl} problem={issues.byField.url} testId="diagnose-url" />
        <MonoField id={`${ids}-landing`} label={t('jssdk.landingUrl')} value={landingUrl} onChange={setLandingUrl} problem={issues.byField.landingUrl} testId="diagnose-landing" />
        <MonoField id={`${ids}-string1`} label={t('jssdk.serverString1')} value={string1} onChange={setString1} rows={2} problem={issues.byField.string1} testId="diagnose-string1" />
        <MonoField id={`${ids}-domain`} label={t('jssdk.registeredDomain')} value={registeredDomain} onChange={setRegisteredDomain} problem={issues.byField.registeredDomain} testId="diagnose-domain" />
        <span />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={pasted.trim() === '' || pageUrl === '' || diagnose.isPending} data-testid="diagnose-submit">
            {diagnose.isPending ? t('jssdk.diagnosing') : t('jssdk.diagnose')}
          </button>
          <span className="field-help">{t('jssdk.diagnoseHelp')}</span>
        </div>
      </form>
      {diagnose.error && issues.unplaced ? <ErrorView error={diagnose.error.error} /> : null}
      {diagnose.data ? <DiagnosisView diagnosis={diagnose.data} /> : null}
    </section>
  );
}

export function DiagnosisView({ diagnosis: d }: { diagnosis: JssdkDiagnosis }) {
  const t = useT();
  const [revealed, setRevealed] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  // The form is long: bring each new answer into view (jsdom has no scrollIntoView).
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [d]);
  const verdict = d.match === 'exact' ? 'ok' : d.match ? 'found' : 'none';
  return (
    <div ref={ref} className={`diagnosis diagnosis-${verdict}`} data-testid="diagnosis" data-match={d.match ?? 'none'}>
      <h3 className="diagnosis-verdict" data-testid="diagnosis-verdict">
        {d.match === 'exact' ? t('jssdk.verdict.exact') : d.match ? t('jssdk.verdict.found', { cause: t(`jssdk.cause.${d.match}`) }) : t('jssdk.verdict.none')}
      </h3>
      <p data-testid="diagnosis-explanation">{t(`jssdk.explain.${d.match ?? 'none'}`)}</p>
      <p className="diagnosis-fix" data-testid="diagnosis-fix">
        <strong>{t('jssdk.fix')}</strong> {t(`jssdk.fixText.${d.match ?? 'none'}`)}
      </p>
      <dl className="kv">
        <dt>{t('jssdk.signedUrl')}</dt>
        <dd>
          <code className="mono">{d.url}</code>
        </dd>
        <dt>{t('jssdk.expectedSignature')}</dt>
        <dd>
          <code className="mono">{d.expectedSignature}</code>
        </dd>
      </dl>
      {d.diff ? (
        <div className="side-by-side" data-testid="diagnosis-diff">
          <div className="row">
            <span className="muted">{t('jssdk.diffHelp')}</span>
            <button type="button" className="btn btn-small" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)} data-testid="diff-reveal">
              {revealed ? t('common.hide') : t('common.show')}
            </button>
          </div>
          <div className="side">
            <div className="side-label">{t('jssdk.diffExpected')}</div>
            <String1View text={d.diff.expected} revealed={revealed} marks={d.diff.expectedMarks} testId="diff-expected" />
          </div>
          <div className="side">
            <div className="side-label">{d.diff.comparedSource === 'pasted' ? t('jssdk.diffPasted') : t('jssdk.diffPage')}</div>
            <String1View text={d.diff.compared} revealed={revealed} marks={d.diff.comparedMarks} testId="diff-compared" />
          </div>
        </div>
      ) : null}
      {d.domain ? (
        <div className={`note ${d.domain.register && !d.domain.registered?.problems.length ? 'note-info' : 'note-warn'}`} data-testid="diagnosis-domain">
          {d.domain.register ? (
            <p>{t('jssdk.domainRegister', { host: d.domain.register })}</p>
          ) : (
            <p>{t('jssdk.domainCannot', { host: d.domain.host, problems: d.domain.problems.map((p) => t(`jssdk.domainProblem.${p}`)).join(', ') })}</p>
          )}
          {d.domain.registered?.problems.length ? (
            <p data-testid="domain-registered-problems">
              {t('jssdk.domainEntered', { value: d.domain.registered.value, problems: d.domain.registered.problems.map((p) => t(`jssdk.registeredProblem.${p}`)).join(', ') })}
            </p>
          ) : null}
        </div>
      ) : null}
      <details className="tried">
        <summary>{t('jssdk.tried', { count: d.tried.length })}</summary>
        <table className="tried-table" data-testid="diagnosis-tried">
          <tbody>
            {d.tried.map((attempt, i) => (
              <tr key={i} className={attempt.cause === d.match ? 'tried-hit' : undefined}>
                <td>{attempt.cause === 'exact' ? t('jssdk.asIs') : t(`jssdk.cause.${attempt.cause}`)}</td>
                <td>
                  <code className="mono">{attempt.url}</code>
                </td>
                <td>
                  <code className="mono">{attempt.signature}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
