import { useState } from 'react';
import type { MiniSession, Profile } from '../../../contract';
import { useKept } from '../../ui/kept';
import { DecryptSection } from './DecryptSection';
import { KeySourcePicker, type KeySourceState } from './KeySource';
import { LoginSection } from './LoginSection';
import { PhoneSection } from './PhoneSection';
import { SignatureSection } from './SignatureSection';

/** Mini-program login and the tools that use its session_key: decrypt, signature, phone number. */
export function MiniProgramTab({ profile }: { profile: Profile }) {
  const [session, setSession] = useKept<MiniSession | null>('mini.session', profile.id, null);
  // Component state, not kept: a pasted session_key is dropped when the tab closes.
  const [source, setSource] = useState<KeySourceState>({ kind: 'session', pastedKey: '' });
  const effective: KeySourceState = session ? source : { ...source, kind: 'key' };
  return (
    <div data-testid="miniprogram-tab">
      <LoginSection profile={profile} session={session} onSession={setSession} />
      <div className="panel panel-plain">
        <KeySourcePicker session={session} value={effective} onChange={setSource} />
      </div>
      <DecryptSection profile={profile} session={session} source={effective} />
      <SignatureSection session={session} source={effective} />
      <PhoneSection profile={profile} />
    </div>
  );
}
