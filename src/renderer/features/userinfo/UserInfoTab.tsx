import { useId, type FormEvent } from 'react';
import type { OAuthSession, Profile, UserInfoLang } from '../../../contract';
import { ErrorView } from '../../ui/ErrorView';
import { ProfileCard } from '../../ui/ProfileCard';
import { secretRevision, useLongCall, useRevision } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';
import { useT } from '../../i18n/I18nProvider';
import { fieldIssues } from '../../ui/fieldIssues';
import { useKept } from '../../ui/kept';
import { LangSelect } from '../../ui/LangSelect';

const OPENID = /^[A-Za-z0-9_-]{1,128}$/;

/** cgi-bin/user/info: a follower's subscription details by openid, with the app's access_token. */
export function UserInfoTab({ profile }: { profile: Profile }) {
  const t = useT();
  const ids = useId();
  // Kept with the app; the answer is filed under the openid and language it was asked with.
  const [draft, setDraft] = useKept<{ openid: string; lang: UserInfoLang }>('userinfo.draft', profile.id, { openid: '', lang: 'zh_CN' });
  const { openid, lang } = draft;
  const setOpenid = (next: string) => setDraft({ ...draft, openid: next });
  const setLang = (next: UserInfoLang) => setDraft({ ...draft, lang: next });
  // The openid from this app's web authorization, if the user did one on the OAuth tab.
  const [oauthSession] = useKept<OAuthSession | null>('oauth.session', profile.id, null);
  const trimmed = openid.trim();
  const lookup = useLongCall('userInfo', { owner: profile.id, input: { openid: trimmed, lang, secret: useRevision(secretRevision(profile.id)) } });
  const problem = trimmed !== '' && !OPENID.test(trimmed) ? t('userinfo.openidInvalid') : null;
  const issues = fieldIssues(lookup.error?.error, ['openid'] as const);
  const shownProblem = problem ?? issues.byField.openid ?? null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (trimmed !== '' && !problem) lookup.run({ profileId: profile.id, openid: trimmed, lang });
  };

  return (
    <div data-testid="userinfo-tab">
      <section className="panel" aria-labelledby={`${ids}-title`}>
        <h2 className="panel-title" id={`${ids}-title`}>
          {t('userinfo.title')}
        </h2>
        <form className="row" onSubmit={submit} noValidate>
          <label htmlFor={`${ids}-openid`}>openid</label>
          <input
            id={`${ids}-openid`}
            className="mono grow"
            value={openid}
            onChange={(e) => setOpenid(e.target.value)}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={shownProblem ? true : undefined}
            aria-describedby={shownProblem ? `${ids}-problem` : undefined}
            data-testid="userinfo-openid"
          />
          <LangSelect value={lang} onChange={setLang} />
          <button type="submit" className="btn btn-primary" disabled={trimmed === '' || !!problem || lookup.isPending} data-testid="userinfo-get">
            {lookup.isPending ? <PendingLabel call={lookup} label={t('userinfo.get')} /> : t('userinfo.get')}
          </button>
          <CallProgress call={lookup} testId="userinfo-get" />
          {oauthSession && oauthSession.openid !== trimmed ? (
            <button type="button" className="btn btn-small" onClick={() => setOpenid(oauthSession.openid)} data-testid="userinfo-use-oauth">
              {t('userinfo.useOAuthOpenid')}
            </button>
          ) : null}
        </form>
        {shownProblem ? (
          <p className="field-problem" id={`${ids}-problem`} data-testid="openid-problem">
            {shownProblem}
          </p>
        ) : null}
        <p className="note note-info" data-testid="userinfo-note">
          {t('userinfo.note')}
        </p>
        {lookup.error && issues.unplaced ? <ErrorView error={lookup.error.error} /> : null}
        {lookup.data ? <ProfileCard profile={lookup.data} /> : null}
      </section>
    </div>
  );
}
