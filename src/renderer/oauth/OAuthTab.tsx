import type { AuthorizeUrl, OAuthSession, Profile } from '../../shared/api';
import { AuthorizeSection } from './AuthorizeSection';
import { ExchangeSection } from './ExchangeSection';
import { useKept } from './kept';
import { OAuthSessionCard } from './OAuthSessionCard';

/** 网页授权 / QR login, end to end: build the URL, paste back the code, use the web token. */
export function OAuthTab({ profile }: { profile: Profile }) {
  const [built, setBuilt] = useKept<AuthorizeUrl | null>('oauth.built', profile.id, null);
  const [session, setSession] = useKept<OAuthSession | null>('oauth.session', profile.id, null);
  return (
    <div data-testid="oauth-tab">
      <AuthorizeSection profile={profile} built={built} onBuilt={setBuilt} />
      <ExchangeSection profile={profile} built={built} onSession={setSession} />
      {session ? <OAuthSessionCard key={session.id} session={session} onSession={setSession} /> : null}
    </div>
  );
}
