/**
 * How a long call looks while it runs and after it was cancelled: the elapsed seconds, a Cancel
 * button that aborts it in main, and "Cancelled" (a plain note: cancelling is not an error).
 */
import type { CancellableChannel } from '../../contract';
import type { LongCall } from '../data/longCalls';
import { useT } from '../i18n/I18nProvider';
import { useNow } from './clock';

/** Whole seconds since `startedAt` on the UI clock. */
export function useElapsedSeconds(startedAt: number | null): number {
  const now = useNow();
  return startedAt === null ? 0 : Math.max(0, Math.floor((now - startedAt) / 1000));
}

/** "Fetching… 12 s": a button's pending label with the call's elapsed time. */
export function PendingLabel({ call, label }: { call: Pick<LongCall<CancellableChannel>, 'startedAt'>; label: string }) {
  const t = useT();
  const seconds = useElapsedSeconds(call.startedAt);
  return (
    <>
      {label} <span className="mono" data-testid="call-elapsed">{t('call.elapsed', { seconds })}</span>
    </>
  );
}

/** Beside a long call's button: Cancel while it runs, "Cancelled" once it was. */
export function CallProgress<C extends CancellableChannel>({ call, testId = 'call' }: { call: LongCall<C>; testId?: string }) {
  const t = useT();
  if (call.isPending) {
    return (
      <button type="button" className="btn" onClick={call.cancel} data-testid={`${testId}-cancel`}>
        {t('call.cancel')}
      </button>
    );
  }
  if (call.isCancelled) {
    return (
      <span className="muted" role="status" data-testid={`${testId}-cancelled`}>
        {t('call.cancelled')}
      </span>
    );
  }
  return null;
}
