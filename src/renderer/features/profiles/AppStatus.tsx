import type { ProfileStatus } from '../../../contract';
import { useT } from '../../i18n/I18nProvider';
import { useNow } from '../../ui/clock';
import { formatRemaining } from '../../ui/Countdown';

/**
 * One app's secret and token state in the app list, from main's profileStatuses (no network
 * call, no secret). The time left counts down here, from the token's expiry.
 */
export function AppStatus({ status }: { status: ProfileStatus | undefined }) {
  const t = useT();
  const now = useNow();
  if (!status) return null;
  const secret =
    status.secret === 'stored'
      ? t('profiles.secretStored')
      : status.secret === 'missing'
        ? t('profiles.secretMissing')
        : t('profiles.secretUnavailable', { reason: t(`keychain.${status.keychainReason ?? 'other'}`) });
  const left = status.token ? status.token.expiresAt - now : null;
  const tokenState = left === null ? 'none' : left > 0 ? 'valid' : 'expired';
  const token =
    left === null ? t('profiles.tokenNone') : left > 0 ? t('profiles.tokenLeft', { left: formatRemaining(left) }) : t('profiles.tokenExpired');
  return (
    <span className="app-item-status">
      <span className={`app-status app-status-secret-${status.secret}`} data-testid="app-secret-state" data-state={status.secret}>
        {secret}
      </span>
      <span className={`app-status app-status-token-${tokenState}`} data-testid="app-token-state" data-state={tokenState}>
        {token}
      </span>
    </span>
  );
}
