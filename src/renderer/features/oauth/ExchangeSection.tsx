import { useId } from 'react';
import type { AuthorizeUrl, OAuthSession, Profile } from '../../../contract';
import { codeLifetimeMs, flowFor, matchState, parseCodeInput, type CodeProblem, type ParsedCode } from '../../../contract/oauthUrl';
import { useNow } from '../../ui/clock';
import { formatRemaining } from '../../ui/Countdown';
import { ErrorView } from '../../ui/ErrorView';
import { secretRevision, useLongCall, useRevision } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';
import { useI18n, type T } from '../../i18n/I18nProvider';
import { useKept } from '../../ui/kept';
import { isReuseRefusal, ReuseConfirm } from '../../ui/ReuseConfirm';

interface Paste {
  text: string;
  /** When the code in `text` first appeared: the fallback start of its estimated age. */
  pastedAt: number;
  /** The last code exchanged successfully from this box. */
  exchangedCode: string | null;
}

const problemKey = (problem: CodeProblem) => `paste.${problem}` as const;

/** Reads the paste live: which code, which state, and whether the state is the one built here. */
function PasteFeedback({ parsed, issued, now, t }: { parsed: ParsedCode; issued: readonly AuthorizeUrl[]; now: number; t: T }) {
  if (!parsed.ok) {
    return (
      <p className="field-problem" data-testid="paste-problem" data-problem={parsed.problem}>
        {t(problemKey(parsed.problem))}
      </p>
    );
  }
  const match = matchState(parsed.state, issued, now);
  const built = issued[issued.length - 1] ?? null;
  return (
    <div className="paste-feedback" data-testid="paste-feedback">
      <p>
        <span className="badge badge-ok">{t(parsed.source === 'url' ? 'paste.fromUrl' : 'paste.bare')}</span>{' '}
        code <code className="mono strong" data-testid="parsed-code">{parsed.code}</code>
        {parsed.state !== null ? (
          <>
            {' · '}state <code className="mono" data-testid="parsed-state">{parsed.state}</code>
          </>
        ) : null}
      </p>
      {match === 'match' || match === 'expired' ? (
        <p className="state-ok" data-testid="state-match">
          ✓ {t('paste.stateMatches')}
        </p>
      ) : null}
      {match === 'unknown' && built ? (
        <p className="note note-warn" role="status" data-testid="state-mismatch">
          {t('paste.stateMismatch', { got: parsed.state ?? '', want: built.state })}
        </p>
      ) : null}
      {match === 'unknown' && !built ? (
        <p className="muted" data-testid="state-unchecked">
          {t('paste.stateUnchecked')}
        </p>
      ) : null}
      {match === 'none' && built && parsed.source === 'url' ? (
        <p className="note note-warn" role="status" data-testid="state-missing">
          {t('paste.stateMissing', { want: built.state })}
        </p>
      ) : null}
    </div>
  );
}

/** A code's age is an estimate: WeChat never says when it issued one. */
function CodeAge({ since, basis, lifetimeMs, now, t }: { since: number; basis: 'built' | 'pasted'; lifetimeMs: number; now: number; t: T }) {
  const age = Math.max(0, now - since);
  const expired = age > lifetimeMs;
  return (
    <p className={expired ? 'note note-warn' : 'muted'} data-testid="code-age" data-expired={expired}>
      {t('paste.age', { age: formatRemaining(age), lifetime: formatRemaining(lifetimeMs) })}{' '}
      {t(basis === 'built' ? 'paste.ageFromBuilt' : 'paste.ageFromPaste')}
      {expired ? (
        <>
          {' '}
          <strong>{t('paste.ageExpired')}</strong>
        </>
      ) : null}
    </p>
  );
}

/**
 * Takes what the developer pastes after authorising (the code alone or the whole redirected URL)
 * and exchanges it for a web access token. A code works once: when main says this one was already
 * exchanged, the user is asked before it is sent again.
 */
export function ExchangeSection({
  profile,
  issued,
  onSession,
}: {
  profile: Profile;
  /** The URLs built here, oldest first. */
  issued: readonly AuthorizeUrl[];
  onSession: (session: OAuthSession) => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const now = useNow();
  const [paste, setPaste] = useKept<Paste>('oauth.paste', profile.id, { text: '', pastedAt: 0, exchangedCode: null });
  const parsed = paste.text.trim() === '' ? null : parseCodeInput(paste.text);
  const code = parsed?.ok ? parsed.code : null;
  // An exchange belongs to the code it sent (and the secret it was sent with): pasting another shows none.
  const exchange = useLongCall('exchangeOAuthCode', {
    owner: profile.id,
    input: { code, secret: useRevision(secretRevision(profile.id)) },
    onSuccess: (session) => {
      setPaste({ ...paste, exchangedCode: code });
      onSession(session);
    },
  });
  // The store refuses a second send while one is on the wire, so a double click sends the code once.
  const send = (allowReuse: boolean) => {
    if (code !== null) exchange.run(allowReuse ? { profileId: profile.id, code, allowReuse: true } : { profileId: profile.id, code });
  };
  const confirmingReuse = isReuseRefusal(exchange.error);

  const onText = (text: string) => {
    const next = text.trim() === '' ? null : parseCodeInput(text);
    const nextCode = next?.ok ? next.code : null;
    setPaste({ text, pastedAt: nextCode !== null && nextCode !== code ? now : paste.pastedAt, exchangedCode: paste.exchangedCode });
  };

  // Counted from the build of the URL the paste belongs to (by state; a bare code: the latest),
  // else from the paste.
  const latest = issued[issued.length - 1] ?? null;
  const source = !parsed?.ok ? null : parsed.state === null ? latest : (issued.find((i) => i.state === parsed.state) ?? null);
  const lifetimeMs = source ? source.codeLifetimeMs : codeLifetimeMs[flowFor(profile.kind) ?? 'oauth2'];

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('oauth.exchangeTitle')}
      </h2>
      <label htmlFor={`${ids}-paste`} className="field-label">
        {t('paste.label')}
      </label>
      <textarea
        id={`${ids}-paste`}
        className="mono paste-box"
        rows={2}
        value={paste.text}
        onChange={(e) => onText(e.target.value)}
        placeholder={t('paste.placeholder')}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={parsed && !parsed.ok ? true : undefined}
        data-testid="code-paste"
      />
      {parsed ? <PasteFeedback parsed={parsed} issued={issued} now={now} t={t} /> : null}
      {code !== null && code === paste.exchangedCode ? (
        <p className="muted" data-testid="code-exchanged">
          {t('paste.alreadyExchanged')}
        </p>
      ) : code !== null ? (
        <CodeAge
          since={source ? source.issuedAt : paste.pastedAt}
          basis={source ? 'built' : 'pasted'}
          lifetimeMs={lifetimeMs}
          now={now}
          t={t}
        />
      ) : null}
      <div className="row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={code === null || exchange.isPending}
          onClick={() => send(false)}
          data-testid="exchange-code"
        >
          {exchange.isPending ? <PendingLabel call={exchange} label={t('oauth.exchanging')} /> : t('oauth.exchange')}
        </button>
        <CallProgress call={exchange} testId="exchange-code" />
        <span className="muted small">sns/oauth2/access_token</span>
      </div>
      {exchange.error && !confirmingReuse ? <ErrorView error={exchange.error.error} /> : null}
      {confirmingReuse ? <ReuseConfirm codeName="code" onConfirm={() => send(true)} onCancel={() => exchange.reset()} /> : null}
    </section>
  );
}
