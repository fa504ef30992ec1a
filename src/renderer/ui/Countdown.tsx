import { useT } from '../i18n/I18nProvider';
import { useNow } from './clock';

const WARN_BELOW_MS = 5 * 60 * 1000;

export type CountdownState = 'ok' | 'warning' | 'expired';

/**
 * mm:ss with minutes unbounded (a fresh token shows 120:00). Rounded down: the shared clock can be
 * up to a second old when a token arrives, and rounding up then showed 120:01 for 7,200 s.
 */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
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
