/**
 * Background refresh for apps whose profile says autoRefresh: when the cached stable token of
 * such an app enters the refresh margin, fetch the next one (stable lane, force_refresh false:
 * it never invalidates what production holds). Apps without the flag are never touched, and an
 * app with no cached token is left alone: this keeps a token fresh, it does not go and get one.
 *
 * One timer, unref'd, sleeping until the next token is due (at most `pollMs`, so a profile
 * switched on or off is noticed).
 */
import type { Profile } from '../../contract';
import type { ProfileStore } from '../store/types';
import { realTimers, type Timers, type WechatTokenService } from './tokenService';
import type { AppTarget } from '../wechat/types';

export interface AutoRefreshDeps {
  profiles: Pick<ProfileStore, 'list'>;
  tokens: Pick<WechatTokenService, 'peek' | 'get' | 'marginMs'>;
  targetOf(profile: Profile): AppTarget;
  secretLoader(profile: Profile): () => Promise<string>;
  clock?: () => number;
  timers?: Timers;
  /** Longest sleep between checks (default 30 s). */
  pollMs?: number;
  /** A background refresh failed (profile null: the profiles could not be listed); the next try waits longer. */
  onError?: (profile: Profile | null, error: unknown) => void;
}

export interface AutoRefresher {
  start(): void;
  stop(): void;
  /** One check now; resolves when any refreshes it started are done. */
  tick(): Promise<void>;
}

/** A stable_token call returns the same token until its last 5 minutes; asking again sooner gains nothing. */
const ROTATION_WINDOW_MS = 5 * 60_000;
const MIN_SPACING_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export function createAutoRefresher(deps: AutoRefreshDeps): AutoRefresher {
  const clock = deps.clock ?? Date.now;
  const timers = deps.timers ?? realTimers;
  const pollMs = deps.pollMs ?? 30_000;
  /** Per profile: when we may try next, and how many failures in a row. */
  const holds = new Map<string, { notBefore: number; failures: number; lastToken: string | null }>();
  let timer: unknown = null;
  let running = false;

  /** When this profile's token should be refreshed, or null if it has none (or is not opted in). */
  function dueAt(profile: Profile): number | null {
    const token = deps.tokens.peek(deps.targetOf(profile), 'stable');
    if (!token) return null;
    // One second inside the margin: WeChat rotates a stable token only strictly inside its last 5 minutes.
    let due = token.expiresAt - deps.tokens.marginMs() + 1000;
    const hold = holds.get(profile.id);
    if (hold?.lastToken === token.accessToken) due = Math.max(due, token.expiresAt - ROTATION_WINDOW_MS + 10_000);
    return Math.max(due, hold?.notBefore ?? 0);
  }

  async function refresh(profile: Profile): Promise<void> {
    const before = deps.tokens.peek(deps.targetOf(profile), 'stable')?.accessToken ?? null;
    const hold = holds.get(profile.id) ?? { notBefore: 0, failures: 0, lastToken: null };
    try {
      const token = await deps.tokens.get(deps.targetOf(profile), 'stable', deps.secretLoader(profile));
      holds.set(profile.id, {
        notBefore: clock() + MIN_SPACING_MS,
        failures: 0,
        // WeChat handed back the same token: wait for its rotation window instead of asking again.
        lastToken: token.accessToken === before ? token.accessToken : null,
      });
    } catch (error) {
      const failures = hold.failures + 1;
      holds.set(profile.id, {
        notBefore: clock() + Math.min(MAX_BACKOFF_MS, MIN_SPACING_MS * 2 ** (failures - 1)),
        failures,
        lastToken: hold.lastToken,
      });
      deps.onError?.(profile, error);
    }
  }

  async function tick(): Promise<void> {
    let next = pollMs;
    try {
      const now = clock();
      for (const profile of await deps.profiles.list()) {
        if (!profile.autoRefresh) {
          holds.delete(profile.id);
          continue;
        }
        let due: number | null;
        try {
          due = dueAt(profile);
        } catch {
          continue; // an unusable API base: nothing to refresh
        }
        if (due === null) continue;
        if (due <= now) {
          await refresh(profile);
          due = dueAt(profile);
          if (due === null) continue;
        }
        next = Math.min(next, due - clock());
      }
    } catch (error) {
      deps.onError?.(null, error);
    }
    return schedule(Math.max(1000, next));
  }

  function schedule(ms: number): void {
    if (!running) return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void tick();
    }, ms);
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    stop() {
      running = false;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    tick,
  };
}
