import type { Profile } from '../../../contract';
import { CallbackCheckPanel } from './CallbackCheckPanel';
import { IpListPanel } from './IpListPanel';
import { QuotaPanel } from './QuotaPanel';

/** Account-level tools: API quota and its reset, WeChat's IP ranges, and the callback check. */
export function AccountTab({ profile }: { profile: Profile }) {
  return (
    <div className="account-tab" data-testid="account-tab">
      <QuotaPanel profile={profile} />
      <div className="two-col">
        <IpListPanel profile={profile} source="callbackIp" />
        <IpListPanel profile={profile} source="apiDomainIp" />
      </div>
      <CallbackCheckPanel profile={profile} />
    </div>
  );
}
