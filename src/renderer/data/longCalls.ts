/**
 * Long calls (a token fetch, a code exchange, a probe…) live here rather than in the component
 * that started them: leave the page mid-call and come back, and the call is still shown pending,
 * with its elapsed time, and then its answer. Each call carries a callId, so Cancel aborts it in
 * main (cancelCall), the request to WeChat included.
 *
 * A result belongs to the input that produced it. A call is filed under its channel, an owner (the
 * app, or the login it is for) and its input (lane, pasted code, the secret's revision…); a
 * component asks for the call of its current input only, and settled calls of other inputs of
 * the same owner are dropped as soon as the input changes.
 *
 * One store per QueryClient: it lives exactly as long as the app's query cache (one per test).
 */
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { CancellableChannel, RequestOf, ResultOf } from '../../contract';
import { BridgeError } from './BridgeError';
import { useBridge } from './BridgeProvider';
import { callBridge } from './hooks';
import { useClock } from '../ui/clock';

export type LongCallStatus = 'idle' | 'pending' | 'success' | 'error' | 'cancelled';

interface Entry {
  group: string;
  status: Exclude<LongCallStatus, 'idle'>;
  callId: string;
  startedAt: number;
  data?: unknown;
  error?: BridgeError;
}

export class LongCallStore {
  private entries = new Map<string, Entry>();
  private revisions = new Map<string, number>();
  private listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: Entry | null): void {
    if (entry) this.entries.set(key, entry);
    else this.entries.delete(key);
    this.emit();
  }

  /** Drops the settled calls of `group` whose input is not `keep`'s; a pending one stays, to be found again. */
  prune(group: string, keep: string): void {
    let changed = false;
    for (const [key, entry] of this.entries) {
      if (entry.group === group && key !== keep && entry.status !== 'pending') {
        this.entries.delete(key);
        changed = true;
      }
    }
    if (changed) this.emit();
  }

  /** A counter an input can include: bumped when something it depends on (a stored secret) changes. */
  revision(name: string): number {
    return this.revisions.get(name) ?? 0;
  }

  bump(name: string): void {
    this.revisions.set(name, this.revision(name) + 1);
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

const stores = new WeakMap<QueryClient, LongCallStore>();

export function useLongCallStore(): LongCallStore {
  const queryClient = useQueryClient();
  let store = stores.get(queryClient);
  if (!store) {
    store = new LongCallStore();
    stores.set(queryClient, store);
  }
  return store;
}

/** The revision name of an app's stored AppSecret: every result got with the old secret is stale. */
export const secretRevision = (profileId: string): string => `secret\n${profileId}`;
/** Bumped when the app's callback Token or EncodingAESKey is saved or removed: the server URL lab's answers were got with the old ones. */
export const callbackSecretRevision = (profileId: string): string => `callback-secret\n${profileId}`;

/** The current value of a revision, re-rendering when it is bumped. */
export function useRevision(name: string): number {
  const store = useLongCallStore();
  return useSyncExternalStore(store.subscribe, () => store.revision(name));
}

export interface LongCallOptions<C extends CancellableChannel> {
  /** Whose call it is: the app (profileId) or the login (sessionId); one group of calls per owner and channel. */
  owner: string;
  /** Everything the result depends on besides the owner; a new input shows no old result. */
  input?: unknown;
  /** Run when the call succeeds, even if the component that started it has gone (keep it to caches and the like). */
  onSuccess?: (data: ResultOf<C>) => void;
  /** Run when the call settles, cancelled or not (a cancelled call may still have reached WeChat). */
  onSettled?: () => void;
}

export interface LongCall<C extends CancellableChannel> {
  status: LongCallStatus;
  isPending: boolean;
  isCancelled: boolean;
  /** The answer for the current input; while it is asked again, and after a cancel, the previous one. */
  data: ResultOf<C> | undefined;
  error: BridgeError | null;
  /** When the call of the current input started (the UI clock's epoch ms), or null. */
  startedAt: number | null;
  run(request: RequestOf<C>): void;
  /** Aborts the pending call in main; the UI shows it cancelled at once. */
  cancel(): void;
  /** Forgets the current input's settled result (the input was edited); a running call stays. */
  reset(): void;
}

const newCallId = (): string => crypto.randomUUID();

export function useLongCall<C extends CancellableChannel>(channel: C, options: LongCallOptions<C>): LongCall<C> {
  const bridge = useBridge();
  const store = useLongCallStore();
  const clock = useClock();
  const group = `${channel}\n${options.owner}`;
  const key = `${group}\n${JSON.stringify(options.input ?? null)}`;
  const entry = useSyncExternalStore(store.subscribe, () => store.get(key));
  // The latest callbacks, read when the call settles.
  const callbacks = useRef(options);
  useEffect(() => {
    callbacks.current = options;
  });

  useEffect(() => store.prune(group, key), [store, group, key]);

  const cancel = useCallback(() => {
    const current = store.get(key);
    if (current?.status !== 'pending') return;
    store.set(key, { ...current, status: 'cancelled' });
    void callBridge(bridge, 'cancelCall', { callId: current.callId }).catch(() => undefined);
  }, [bridge, key, store]);

  const run = useCallback(
    (request: RequestOf<C>) => {
      if (store.get(key)?.status === 'pending') return;
      const callId = newCallId();
      const startedAt = clock.exact?.() ?? clock.now();
      // The last answer for this same input stays on screen until the new one arrives.
      const previous = store.get(key)?.data;
      store.set(key, { group, status: 'pending', callId, startedAt, ...(previous === undefined ? {} : { data: previous }) });
      const { onSuccess, onSettled } = callbacks.current;
      const stillOurs = () => {
        const current = store.get(key);
        return current?.callId === callId && current.status === 'pending' ? current : null;
      };
      callBridge(bridge, channel, { ...request, callId } as RequestOf<C>).then(
        (data) => {
          const current = stillOurs();
          if (current) {
            store.set(key, { ...current, status: 'success', data });
            onSuccess?.(data);
          }
          onSettled?.();
        },
        (error: unknown) => {
          const current = stillOurs();
          if (current) {
            const typed = error instanceof BridgeError ? error : new BridgeError(channel, { kind: 'internal', message: String(error) });
            const aborted = typed.error.kind === 'network' && typed.error.reason === 'aborted';
            store.set(key, aborted ? { ...current, status: 'cancelled' } : { group, callId, startedAt, status: 'error', error: typed });
          }
          onSettled?.();
        },
      );
    },
    [bridge, channel, clock, group, key, store],
  );

  const reset = useCallback(() => {
    const current = store.get(key);
    if (current && current.status !== 'pending') store.set(key, null);
  }, [key, store]);

  return useMemo<LongCall<C>>(
    () => ({
      status: entry?.status ?? 'idle',
      isPending: entry?.status === 'pending',
      isCancelled: entry?.status === 'cancelled',
      data: entry?.data as ResultOf<C> | undefined,
      error: entry?.status === 'error' ? (entry.error ?? null) : null,
      startedAt: entry?.startedAt ?? null,
      run,
      cancel,
      reset,
    }),
    [entry, run, cancel, reset],
  );
}
