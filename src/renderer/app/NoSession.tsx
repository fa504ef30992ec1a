import { Fragment, useSyncExternalStore, type ReactNode } from 'react';
import { sessionProblem, subscribeSessionProblem, type SessionProblem } from '../data/session';
import { useI18n } from '../i18n/I18nProvider';
import { UiLangSelect } from './Header';

/** `npm run web` in a message reads as code: backquoted parts become <code>. */
function withCode(text: string): ReactNode {
  return text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>));
}

const why = { 'no-token': 'session.noToken', spent: 'session.spent', lost: 'session.lost' } as const;

/**
 * The whole window when web mode's server refuses this browser's session: what happened, and the
 * two ways back (the printed URL in the browser that first opened it, or a new run).
 */
export function NoSession({ problem }: { problem: SessionProblem }) {
  const { t } = useI18n();
  return (
    <main className="no-session" data-testid="no-session" data-problem={problem}>
      <div className="no-session-box" role="alert" aria-labelledby="no-session-title">
        <div className="no-session-head">
          <span className="brand-name">wxcred</span>
          <span className="header-tools">
            <UiLangSelect />
          </span>
        </div>
        <h1 id="no-session-title" className="no-session-title">
          {t('session.title')}
        </h1>
        <p data-testid="no-session-why">{withCode(t(why[problem]))}</p>
        <h2 className="subhead">{t('session.what')}</h2>
        <ol className="no-session-steps">
          <li>{withCode(t('session.reopen'))}</li>
          <li>{withCode(t('session.restart'))}</li>
        </ol>
        <button type="button" className="btn" onClick={() => window.location.reload()}>
          {t('session.reload')}
        </button>
      </div>
    </main>
  );
}

/** Shows the app, or NoSession once the web bridge has reported that the server refused us. */
export function SessionGate({ children }: { children: ReactNode }) {
  const problem = useSyncExternalStore(subscribeSessionProblem, sessionProblem);
  return problem ? <NoSession problem={problem} /> : children;
}
