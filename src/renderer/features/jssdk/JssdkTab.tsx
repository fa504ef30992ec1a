import type { Profile } from '../../../contract';
import { DiagnoseSection } from './DiagnoseSection';
import { CardSignSection, SignSection } from './SignSection';
import { TicketSection } from './TicketSection';

/** The JS-SDK lab of a 公众号 or 测试号: its tickets, a signature builder, and the "invalid signature" diagnosis. */
export function JssdkTab({ profile }: { profile: Profile }) {
  return (
    <div data-testid="jssdk-tab">
      <DiagnoseSection profile={profile} />
      <TicketSection profile={profile} />
      <SignSection profile={profile} />
      <CardSignSection profile={profile} />
    </div>
  );
}
