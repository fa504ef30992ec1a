/**
 * The token engine: a cache per (API base, appid, lane), refreshed ahead of expiry, with one
 * in-flight fetch shared by every concurrent caller, bounded retries for WeChat's "system busy",
 * and one drop-and-retry for a call whose cached token WeChat no longer accepts.
 */
import type { TokenLane } from '../../shared/api';
import type { RequestLog } from '../history';
import { createWechatClient, type WechatClient } from './client';
import { createWechatApi, type TokenReply, type WechatApi } from './endpoints';
import type { NetOptions } from './http';
import type { Env } from './route';
import type { AppTarget, FetchedToken, TokenService } from './types';
import { isWechatError, tokenRejectedCodes } from './wechatError';

export interface TokenServiceDeps {
  clock?: () => number;
  env?: Env;
  net?: Partial<NetOptions>;
  log?: RequestLog;
  /** Refetch when less than this is left (default 5 min, when WeChat itself starts rotating). */
  refreshMarginMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Use this client instead of building one from env/net/log (it is then not closed by close()). */
  client?: WechatClient;
}

export interface WechatTokenService extends TokenService {
  /**
   * Runs `call` with a token for (target, lane). If the token came from the cache and WeChat
   * rejects it (40001/40014/42001), drops it — only if it is still the cached one, so concurrent
   * callers cause one refetch, not many — fetches a fresh one and runs `call` once more.
   */
  withToken<T>(
    target: AppTarget,
    lane: TokenLane,
    loadSecret: () => Promise<string>,
    call: (accessToken: string) => Promise<T>,
  ): Promise<T>;
  /** Forget one cached token, or all of them. */
  forget(target?: AppTarget, lane?: TokenLane): void;
  /** The endpoint functions this service uses, for calls made with `withToken`. */
  readonly api: WechatApi;
  /** The client under `api`, for endpoint modules of their own (OAuth, mini-program): same routes, timeouts and log. */
  readonly client: WechatClient;
  close(): Promise<void>;
}

/** errcode -1 ("system error"): three tries in all, waiting 200 then 400 ms. */
export const busyRetryDelaysMs: readonly number[] = [200, 400];

const keyOf = (target: AppTarget, lane: TokenLane): string => `${target.apiBase}\n${target.appid}\n${lane}`;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createTokenService(deps: TokenServiceDeps = {}): WechatTokenService {
  const clock = deps.clock ?? Date.now;
  const margin = deps.refreshMarginMs ?? 5 * 60_000;
  const sleep = deps.sleep ?? defaultSleep;
  const client = deps.client ?? createWechatClient({ env: deps.env, net: deps.net, log: deps.log });
  const api = createWechatApi(client);
  const cache = new Map<string, FetchedToken>();
  const inflight = new Map<string, Promise<FetchedToken>>();

  async function retryBusy(fetch: () => Promise<TokenReply>): Promise<TokenReply> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fetch();
      } catch (err) {
        const delay = busyRetryDelaysMs[attempt];
        if (delay === undefined || !isWechatError(err, [-1])) throw err;
        await sleep(delay);
      }
    }
  }

  async function fetchToken(target: AppTarget, lane: TokenLane, loadSecret: () => Promise<string>): Promise<FetchedToken> {
    // Asked only now, when a fetch is certain; the secret lives in this frame and nowhere else.
    const secret = await loadSecret();
    const sentAt = clock();
    const reply = await retryBusy(() =>
      lane === 'classic'
        ? api.fetchClassicToken(target, secret)
        : api.fetchStableToken(target, secret, lane === 'stable-forced'),
    );
    const token: FetchedToken = {
      lane,
      accessToken: reply.accessToken,
      expiresIn: reply.expiresIn,
      // Counted from when the request left, so we never believe a token lives longer than it does.
      expiresAt: sentAt + reply.expiresIn * 1000,
      fetchedAt: clock(),
      fromCache: false,
      apiBase: target.apiBase,
      route: reply.route,
    };
    cache.set(keyOf(target, lane), token);
    // A forced refresh replaced the stable token everyone (this app included) holds.
    if (lane === 'stable-forced') cache.set(keyOf(target, 'stable'), { ...token, lane: 'stable' });
    return token;
  }

  function get(target: AppTarget, lane: TokenLane, loadSecret: () => Promise<string>): Promise<FetchedToken> {
    const key = keyOf(target, lane);
    // "Forced" means a new token from WeChat: never answered from the cache.
    if (lane !== 'stable-forced') {
      const cached = cache.get(key);
      if (cached && cached.expiresAt - clock() > margin) return Promise.resolve({ ...cached, fromCache: true });
    }
    let flight = inflight.get(key);
    if (!flight) {
      flight = fetchToken(target, lane, loadSecret).finally(() => inflight.delete(key));
      inflight.set(key, flight);
    }
    return flight.then((token) => ({ ...token }));
  }

  return {
    get,
    peek(target, lane) {
      const cached = cache.get(keyOf(target, lane));
      return cached && cached.expiresAt > clock() ? { ...cached, fromCache: true } : null;
    },
    async withToken(target, lane, loadSecret, call) {
      const first = await get(target, lane, loadSecret);
      try {
        return await call(first.accessToken);
      } catch (err) {
        if (!first.fromCache || !isWechatError(err, tokenRejectedCodes)) throw err;
        const key = keyOf(target, lane);
        if (cache.get(key)?.accessToken === first.accessToken) cache.delete(key);
        const fresh = await get(target, lane, loadSecret);
        return call(fresh.accessToken);
      }
    },
    forget(target, lane) {
      if (!target) cache.clear();
      else if (lane) cache.delete(keyOf(target, lane));
      else for (const l of ['stable', 'stable-forced', 'classic'] as const) cache.delete(keyOf(target, l));
    },
    api,
    client,
    async close() {
      cache.clear();
      if (!deps.client) await client.close();
    },
  };
}
