import type { Profile } from '../../../contract';
import { CallbackSecrets } from './CallbackSecrets';
import { LiveCheck } from './LiveCheck';
import { MessageCrypto } from './MessageCrypto';
import { SignatureLab } from './SignatureLab';

/** The server URL lab (服务器配置): learn whether 提交 will pass, and why not, before pressing it. */
export function CallbackTab({ profile }: { profile: Profile }) {
  return (
    <>
      <CallbackSecrets profileId={profile.id} />
      <LiveCheck profile={profile} />
      <div className="two-col">
        <SignatureLab profile={profile} />
        <MessageCrypto profile={profile} />
      </div>
    </>
  );
}
