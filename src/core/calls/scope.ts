/**
 * The cancellation of one long call, carried through everything it awaits. dispatch() runs a
 * request that has a callId inside a scope holding that call's AbortSignal; the WeChat client and
 * the callback live check pick the signal up there and hand it to undici, so cancelling aborts the
 * HTTP request itself. A scope rather than a parameter on every endpoint function: the signal
 * then reaches calls made deep inside the token engine and the ticket service too, and code that
 * shares one upstream call between callers (sharedFlight.ts) can give it a signal of its own.
 *
 * Nothing enters a scope unless a caller sent a callId, so the CLI, the bench and background
 * refresh run exactly as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { WxcredError } from '../../contract/errors';

const scope = new AsyncLocalStorage<AbortSignal>();

/** The signal of the long call this code runs for, if it runs for one. */
export const callSignal = (): AbortSignal | undefined => scope.getStore();

/** Runs `run` (and all it awaits) as part of the call that `signal` cancels. */
export const runWithSignal = <T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> => scope.run(signal, run);

/** What a cancelled call answers when nothing more specific (the HTTP request's own abort) was thrown. */
export const cancelledError = (): WxcredError =>
  new WxcredError({ kind: 'network', reason: 'aborted', message: 'Cancelled.' });

export const isCancelled = (error: unknown): boolean =>
  error instanceof WxcredError && error.error.kind === 'network' && error.error.reason === 'aborted';

/** The calls running now that carry a callId, by that id. */
export interface CallRegistry {
  /** Starts a call; null when the id is already in use (a caller must make up a new id per call). */
  begin(callId: string): { signal: AbortSignal; end(): void } | null;
  /** Aborts the running call with this id; false when there is none. */
  cancel(callId: string): boolean;
  /** How many calls are running now. */
  size(): number;
}

export function createCallRegistry(): CallRegistry {
  const running = new Map<string, AbortController>();
  return {
    begin(callId) {
      if (running.has(callId)) return null;
      const controller = new AbortController();
      running.set(callId, controller);
      return {
        signal: controller.signal,
        end: () => {
          if (running.get(callId) === controller) running.delete(callId);
        },
      };
    },
    cancel(callId) {
      const controller = running.get(callId);
      if (!controller) return false;
      running.delete(callId);
      controller.abort();
      return true;
    },
    size: () => running.size,
  };
}
