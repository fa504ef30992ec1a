import { useT } from '../i18n/I18nProvider';
import { useNow } from './clock';

const WARN_BELOW_MS = 5 * 60 * 1000;

export type CountdownState = 'ok' | 'warning' | 'expired';

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * mm:ss under an hour, h:mm:ss from an hour on (a fresh token shows 2:00:00). Rounded down: the
 * shared clock can be up to a second old when a token arrives, and rounding up showed a second
 * more than WeChat gave.
 */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

export function countdownState(remainingMs: number): CountdownState {
  if (remainingMs <= 0) return 'expired';
  return remainingMs < WARN_BELOW_MS ? 'warning' : 'ok';
}

export function Countdown({ expiresAt, testId }: { expiresAt: number; testId?: string }) {
  const t = useT();
  const remaining = expiresAt - useNow();
  const state = countdownState(remaining);
  return (
    <span role="timer" className={`countdown countdown-${state}`} data-state={state} data-testid={testId}>
      {state === 'expired' ? t('token.expired') : formatRemaining(remaining)}
    </span>
  );
}
