/**
 * The token engine: a cache per (API base, appid, lane), refreshed ahead of expiry, with one
 * in-flight fetch shared by every concurrent caller, bounded retries for WeChat's "system busy",
 * and one drop-and-retry for a call whose cached token WeChat no longer accepts.
 *
 * With a vault, the cache outlives the process: it is loaded once at start (expired tokens are
 * dropped, never refetched) and written back shortly after every change. A vault that fails
 * costs a notice, never a fetch, and nothing is ever written anywhere else instead.
 */
import { tokenLanes, type TokenLane } from '../../contract';
import { errorText } from '../store/jsonFile';
import type { RequestLog } from '../log/requestLog';
import { createTokenStats, type TokenStatsStore } from './tokenStats';
import { createWechatClient, type WechatClient } from '../wechat/client';
import { createWechatApi, type TokenReply, type WechatApi } from '../wechat/endpoints';
import type { NetOptions } from '../wechat/http';
import type { Env } from '../wechat/route';
import { persistKey, type TokenMap, type TokenVault } from './tokenVault';
import type { AppTarget, FetchedToken, TokenService } from '../wechat/types';
import { isWechatError, tokenRejectedCodes } from '../wechat/wechatError';

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (run, ms) => {
    const handle = setTimeout(run, ms);
    // Nothing this engine schedules may keep the CLI (or a test) alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface TokenServiceDeps {
  clock?: () => number;
  env?: Env;
  /** Fixed, or read at every call (the user's settings). */
  net?: Partial<NetOptions> | (() => Partial<NetOptions>);
  log?: RequestLog;
  /** Refetch when less than this is left (default 5 min, when WeChat itself starts rotating); may be read live. */
  refreshMarginMs?: number | (() => number);
  sleep?: (ms: number) => Promise<void>;
  /** Use this client instead of building one from env/net/log (it is then not closed by close()). */
  client?: WechatClient;
  /** Counts fetches and enforces the 30 s forced-refresh spacing; in memory by default. */
  stats?: TokenStatsStore;
  /** Keeps the cache across restarts (the keychain); without one the cache dies with the process. */
  vault?: TokenVault;
  /** Write-behind delay after a change, so a burst of fetches costs one keychain write (default 250 ms). */
  persistDelayMs?: number;
  timers?: Timers;
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
  /** Today's local fetch counts and the forced-refresh spacing. */
  readonly stats: TokenStatsStore;
  /** The refresh margin now in force, in ms. */
  marginMs(): number;
  /** Resolves once the vault has been read (peek() sees persisted tokens only after this). */
  ready(): Promise<void>;
  /** Problems the user should hear about (the keychain would not keep tokens…). */
  notices(): string[];
  /** Writes pending changes to the vault, then releases connections. */
  close(): Promise<void>;
}

/** errcode -1 ("system error"): three tries in all, waiting 200 then 400 ms. */
export const busyRetryDelaysMs: readonly number[] = [200, 400];

/** Cache entries remember their app so they can be written to the vault. */
type CachedToken = FetchedToken & { appid: string };

const keyOf = (target: Pick<AppTarget, 'apiBase' | 'appid'>, lane: TokenLane): string =>
  `${target.apiBase}\n${target.appid}\n${lane}`;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Field by field rather than rest/spread: this runs on every cached read, the hot path. */
const publicToken = (t: CachedToken, fromCache: boolean): FetchedToken => ({
  lane: t.lane,
  accessToken: t.accessToken,
  expiresIn: t.expiresIn,
  expiresAt: t.expiresAt,
  fetchedAt: t.fetchedAt,
  fromCache,
  apiBase: t.apiBase,
  route: t.route,
});

export function createTokenService(deps: TokenServiceDeps = {}): WechatTokenService {
  const clock = deps.clock ?? Date.now;
  const marginMs = (): number =>
    typeof deps.refreshMarginMs === 'function' ? deps.refreshMarginMs() : (deps.refreshMarginMs ?? 5 * 60_000);
  const sleep = deps.sleep ?? defaultSleep;
  const timers = deps.timers ?? realTimers;
  const client = deps.client ?? createWechatClient({ env: deps.env, net: deps.net, log: deps.log });
  const api = createWechatApi(client);
  const stats = deps.stats ?? createTokenStats({ clock });
  const cache = new Map<string, CachedToken>();
  const inflight = new Map<string, Promise<CachedToken>>();
  const recorded: string[] = [];
  const notice = (text: string) => {
    if (!recorded.includes(text)) recorded.push(text);
  };

  const { vault } = deps;
  const loaded: Promise<void> = vault
    ? vault.load().then(
        (map) => {
          const now = clock();
          let dropped = 0;
          for (const t of Object.values(map)) {
            // Expired while we were away: dropped (and from the keychain too), never fetched just because it was remembered.
            if (t.expiresAt <= now) dropped += 1;
            else cache.set(keyOf(t, t.lane), { ...t, fromCache: true });
          }
          if (dropped > 0) changed();
        },
        (error: unknown) =>
          notice(`Cached tokens could not be read from the system keychain (${errorText(error)}); tokens will be fetched again when needed.`),
      )
    : Promise.resolve();

  let persistTimer: unknown = null;
  let saving: Promise<void> = Promise.resolve();

  function snapshot(): TokenMap {
    const now = clock();
    const map: TokenMap = {};
    for (const t of cache.values()) {
      if (t.expiresAt <= now) continue;
      const { apiBase, appid, lane, accessToken, expiresIn, expiresAt, fetchedAt, route } = t;
      const entry = { apiBase, appid, lane, accessToken, expiresIn, expiresAt, fetchedAt, route };
      map[persistKey(entry)] = entry;
    }
    return map;
  }

  function saveNow(): Promise<void> {
    persistTimer = null;
    if (!vault) return saving;
    const map = snapshot();
    saving = saving
      .then(() => vault.save(map))
      .catch((error: unknown) =>
        // Never a fallback file: a token the keychain would not keep is simply fetched again after a restart.
        notice(`Tokens could not be kept in the system keychain (${errorText(error)}); they will be fetched again after a restart.`),
      );
    return saving;
  }

  /** Write-behind: one save shortly after the last change. */
  function changed(): void {
    if (!vault) return;
    if (persistTimer !== null) timers.clearTimeout(persistTimer);
    persistTimer = timers.setTimeout(() => void saveNow(), deps.persistDelayMs ?? 250);
  }

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

  async function fetchToken(target: AppTarget, lane: TokenLane, loadSecret: () => Promise<string>): Promise<CachedToken> {
    // Asked only now, when a fetch is certain; the secret lives in this frame and nowhere else.
    const secret = await loadSecret();
    const sentAt = clock();
    const reply = await retryBusy(() =>
      lane === 'classic'
        ? api.fetchClassicToken(target, secret)
        : api.fetchStableToken(target, secret, lane === 'stable-forced'),
    );
    const token: CachedToken = {
      appid: target.appid,
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
    stats.record(target.appid, lane);
    changed();
    return token;
  }

  function getLoaded(target: AppTarget, lane: TokenLane, loadSecret: () => Promise<string>): Promise<FetchedToken> {
    const key = keyOf(target, lane);
    // "Forced" means a new token from WeChat: never answered from the cache.
    if (lane !== 'stable-forced') {
      const cached = cache.get(key);
      if (cached && cached.expiresAt - clock() > marginMs()) return Promise.resolve(publicToken(cached, true));
    }
    let flight = inflight.get(key);
    if (!flight) {
      // Refused here, before the secret is read or anything is sent.
      if (lane === 'stable-forced') stats.checkForced(target.appid);
      flight = fetchToken(target, lane, loadSecret).finally(() => inflight.delete(key));
      inflight.set(key, flight);
    }
    return flight.then((token) => publicToken(token, false));
  }

  // Once the vault has been read, skip the extra turn through `loaded`.
  let isLoaded = false;
  void loaded.then(() => {
    isLoaded = true;
  });
  const get = (target: AppTarget, lane: TokenLane, loadSecret: () => Promise<string>): Promise<FetchedToken> =>
    isLoaded ? getLoaded(target, lane, loadSecret) : loaded.then(() => getLoaded(target, lane, loadSecret));

  return {
    get,
    peek(target, lane) {
      const cached = cache.get(keyOf(target, lane));
      return cached && cached.expiresAt > clock() ? publicToken(cached, true) : null;
    },
    async withToken(target, lane, loadSecret, call) {
      const first = await get(target, lane, loadSecret);
      try {
        return await call(first.accessToken);
      } catch (err) {
        if (!first.fromCache || !isWechatError(err, tokenRejectedCodes)) throw err;
        const key = keyOf(target, lane);
        if (cache.get(key)?.accessToken === first.accessToken) {
          cache.delete(key);
          changed();
        }
        const fresh = await get(target, lane, loadSecret);
        return call(fresh.accessToken);
      }
    },
    forget(target, lane) {
      if (!target) cache.clear();
      else if (lane) cache.delete(keyOf(target, lane));
      else for (const l of tokenLanes) cache.delete(keyOf(target, l));
      changed();
    },
    api,
    client,
    stats,
    marginMs,
    ready: () => loaded,
    notices: () => [...recorded, ...stats.notices()],
    async close() {
      await loaded;
      if (persistTimer !== null) {
        timers.clearTimeout(persistTimer);
        await saveNow();
      }
      await saving;
      await stats.flush();
      cache.clear();
      if (!deps.client) await client.close();
    },
  };
}
