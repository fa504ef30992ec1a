import type { AuthorizeUrl, OAuthSession, Profile } from '../../../contract';
import { AuthorizeSection } from './AuthorizeSection';
import { ExchangeSection } from './ExchangeSection';
import { useKept } from '../../ui/kept';
import { OAuthSessionCard } from './OAuthSessionCard';

const MAX_ISSUED = 10;

/** 网页授权 / QR login, end to end: build the URL, paste back the code, use the web token. */
export function OAuthTab({ profile }: { profile: Profile }) {
  // Every URL built for this app (the last few), so a paste can match the state of an earlier one.
  const [issued, setIssued] = useKept<AuthorizeUrl[]>('oauth.issued', profile.id, []);
  const built = issued[issued.length - 1] ?? null;
  const [session, setSession] = useKept<OAuthSession | null>('oauth.session', profile.id, null);
  return (
    <div data-testid="oauth-tab">
      <AuthorizeSection profile={profile} built={built} onBuilt={(next) => setIssued([...issued, next].slice(-MAX_ISSUED))} />
      <ExchangeSection profile={profile} issued={issued} onSession={setSession} />
      {session ? <OAuthSessionCard key={session.id} session={session} onSession={setSession} /> : null}
    </div>
  );
}
