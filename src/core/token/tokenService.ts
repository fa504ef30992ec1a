/**
 * The token engine: a cache per (API base, appid, lane, route, secret fingerprint), refreshed ahead of expiry, with one
 * in-flight fetch shared by every concurrent caller, bounded retries for WeChat's "system busy",
 * and one drop-and-retry for a call whose cached token WeChat no longer accepts.
 *
 * With a vault, the cache outlives the process: it is loaded once at start (expired tokens are
 * dropped, never refetched) and written back shortly after every change. A vault that fails
 * costs a notice, never a fetch, and nothing is ever written anywhere else instead.
 *
 * A token belongs to the credential that fetched it: the key holds an HMAC of the secret (under a
 * per-install key from the keychain), so a replaced secret never sees the old secret's token, and
 * a profile without a secret is served no token at all.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { TOKEN_EXPIRES_IN_MAX_S, tokenLanes, type TokenLane } from '../../contract';
import { WxcredError } from '../../contract/errors';
import { errorText } from '../store/jsonFile';
import { createSharedFlights } from '../calls/sharedFlight';
import type { RequestLog } from '../log/requestLog';
import { createTokenStats, type TokenStatsStore } from './tokenStats';
import { createWechatClient, type WechatClient } from '../wechat/client';
import { createWechatApi, type TokenReply, type WechatApi } from '../wechat/endpoints';
import type { NetOptions } from '../wechat/http';
import { displayProxy, type Env } from '../wechat/route';
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
  /**
   * The per-install key secrets are fingerprinted with (kept in the keychain by the host). Without
   * one, a random key for this process: tokens then cannot be matched to persisted ones.
   */
  fingerprintKey?: () => Promise<Uint8Array>;
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
  /**
   * Drops every token of this app (any base, route, lane or secret) from memory and the vault,
   * and forgets its secret's fingerprint; resolves once the vault has been written.
   */
  forgetApp(appid: string): Promise<void>;
  /** The cached token for the app's current secret, without any network call; null without a secret. */
  cached(target: AppTarget, lane: TokenLane, loadSecret: () => Promise<string>): Promise<FetchedToken | null>;
  /**
   * The newest token held for the app's current secret on any lane, expired ones included (until
   * they are replaced or a restart drops them); no network call; null without a secret.
   */
  latest(target: AppTarget, loadSecret: () => Promise<string>): Promise<FetchedToken | null>;
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

/** Cache entries remember their app, route and credential so they can be written to the vault. */
type CachedToken = FetchedToken & { appid: string; via: string; fingerprint: string };

/** The profile's own proxy as part of the key: scheme, host and port, never its credentials. */
const viaOf = (target: Pick<AppTarget, 'proxy'>): string => (target.proxy ? displayProxy(target.proxy) : '');

const keyOf = (t: { apiBase: string; appid: string; via: string; fingerprint: string }, lane: TokenLane): string =>
  `${t.apiBase}\n${t.appid}\n${lane}\n${t.via}\n${t.fingerprint}`;

/** The wait between busy (-1) retries; the token and ticket services both use it unless a test passes its own. */
export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
  /** One fetch per key on the wire; a caller that cancels leaves it, the last one aborts it. */
  const inflight = createSharedFlights<CachedToken>();
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
            // A persisted token whose secret has since changed is never served (its fingerprint
            // no longer matches) and is dropped with its app's tokens on the next change.
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
      const { apiBase, appid, lane, via, fingerprint, accessToken, expiresIn, expiresAt, fetchedAt, route } = t;
      const entry = { apiBase, appid, lane, via, fingerprint, accessToken, expiresIn, expiresAt, fetchedAt, route };
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

  // The install key, asked for once; a keychain that will not give one costs persistence, not tokens.
  let installKey: Promise<Uint8Array> | null = null;
  const keyForFingerprints = (): Promise<Uint8Array> =>
    (installKey ??= (deps.fingerprintKey ? deps.fingerprintKey() : Promise.resolve(randomBytes(32))).catch((error: unknown) => {
      notice(`The key that ties cached tokens to their AppSecret could not be read from the system keychain (${errorText(error)}); tokens are kept for this session only.`);
      return randomBytes(32);
    }));
  const fingerprint = async (appid: string, secret: string): Promise<string> =>
    createHmac('sha256', await keyForFingerprints()).update(`${appid}\n${secret}`).digest('base64url');

  /** appid → the fingerprint of its current secret; the secret itself is never kept. */
  const fingerprints = new Map<string, string>();
  /** appid → bumped by forgetApp, so a fetch that was in flight cannot put an old token back. */
  const generations = new Map<string, number>();

  /** Concurrent first callers share one secret read; the promise (and the secret in it) lives only until it settles. */
  const reading = new Map<string, Promise<{ fp: string; secret: string }>>();

  async function fingerprintFor(appid: string, loadSecret: () => Promise<string>): Promise<{ fp: string; secret?: string }> {
    const known = fingerprints.get(appid);
    if (known) return { fp: known };
    let read = reading.get(appid);
    if (!read) {
      const generation = generations.get(appid) ?? 0;
      read = (async () => {
        const secret = await loadSecret();
        const fp = await fingerprint(appid, secret);
        if ((generations.get(appid) ?? 0) === generation) fingerprints.set(appid, fp);
        return { fp, secret };
      })().finally(() => reading.delete(appid));
      reading.set(appid, read);
    }
    return read;
  }

  async function fetchToken(
    target: AppTarget,
    lane: TokenLane,
    loadSecret: () => Promise<string>,
    fp: string,
    known?: string,
  ): Promise<CachedToken> {
    // Asked only now, when a fetch is certain; the secret lives in this frame and nowhere else.
    const secret = known ?? (await loadSecret());
    // The secret read now is the one sent: if it changed since the fingerprint was taken, the token is keyed by what was sent.
    const sentFp = known ? fp : await fingerprint(target.appid, secret);
    const generation = generations.get(target.appid) ?? 0;
    const sentAt = clock();
    const reply = await retryBusy(() =>
      lane === 'classic'
        ? api.fetchClassicToken(target, secret)
        : api.fetchStableToken(target, secret, lane === 'stable-forced'),
    );
    if (!Number.isInteger(reply.expiresIn) || reply.expiresIn < 1 || reply.expiresIn > TOKEN_EXPIRES_IN_MAX_S) {
      throw new WxcredError({
        kind: 'network',
        reason: 'not-json',
        message: `The token reply's expires_in (${String(reply.expiresIn)}) is not an integer from 1 to ${TOKEN_EXPIRES_IN_MAX_S}; nothing was cached.`,
        route: reply.route,
      });
    }
    const token: CachedToken = {
      appid: target.appid,
      via: viaOf(target),
      fingerprint: sentFp,
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
    stats.record(target.appid, lane);
    // The app's secret or profile changed while this was in flight: answer the caller, keep nothing.
    if ((generations.get(target.appid) ?? 0) !== generation) return token;
    // The secret was replaced elsewhere (another wxcred process): from now on, look up by the new one.
    if (sentFp !== fp) fingerprints.set(target.appid, sentFp);
    cache.set(keyOf(token, lane), token);
    // A forced refresh replaced the stable token everyone (this app included) holds.
    if (lane === 'stable-forced') cache.set(keyOf(token, 'stable'), { ...token, lane: 'stable' });
    changed();
    return token;
  }

  const targetKey = (target: AppTarget, fp: string, lane: TokenLane): string =>
    keyOf({ apiBase: target.apiBase, appid: target.appid, via: viaOf(target), fingerprint: fp }, lane);

  async function getLoaded(target: AppTarget, lane: TokenLane, loadSecret: () => Promise<string>): Promise<FetchedToken> {
    // Refused here, before the secret is read or anything is sent.
    const forcedPrefix = `${target.apiBase}\n${target.appid}\nstable-forced\n`;
    if (lane === 'stable-forced' && ![...inflight.keys()].some((k) => k.startsWith(forcedPrefix))) stats.checkForced(target.appid);
    const { fp, secret } = await fingerprintFor(target.appid, loadSecret);
    const key = targetKey(target, fp, lane);
    // "Forced" means a new token from WeChat: never answered from the cache.
    if (lane !== 'stable-forced') {
      const cached = cache.get(key);
      if (cached && cached.expiresAt - clock() > marginMs()) return publicToken(cached, true);
    }
    return publicToken(await inflight.join(key, () => fetchToken(target, lane, loadSecret, fp, secret)), false);
  }

  function peekKnown(target: AppTarget, lane: TokenLane): FetchedToken | null {
    const fp = fingerprints.get(target.appid);
    if (!fp) return null;
    const cached = cache.get(targetKey(target, fp, lane));
    return cached && cached.expiresAt > clock() ? publicToken(cached, true) : null;
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
    peek: peekKnown,
    async cached(target, lane, loadSecret) {
      await loaded;
      try {
        await fingerprintFor(target.appid, loadSecret);
      } catch (error) {
        // No secret, no token: whatever is cached belonged to a credential that is gone.
        if (error instanceof WxcredError && error.error.kind === 'keychain' && error.error.reason === 'no-secret') return null;
        throw error;
      }
      return peekKnown(target, lane);
    },
    async latest(target, loadSecret) {
      await loaded;
      let fp: string;
      try {
        fp = (await fingerprintFor(target.appid, loadSecret)).fp;
      } catch (error) {
        if (error instanceof WxcredError && error.error.kind === 'keychain') return null;
        throw error;
      }
      let newest: CachedToken | null = null;
      for (const lane of tokenLanes) {
        const held = cache.get(targetKey(target, fp, lane));
        if (held && (!newest || held.expiresAt > newest.expiresAt)) newest = held;
      }
      return newest ? publicToken(newest, true) : null;
    },
    async withToken(target, lane, loadSecret, call) {
      const first = await get(target, lane, loadSecret);
      try {
        return await call(first.accessToken);
      } catch (err) {
        if (!first.fromCache || !isWechatError(err, tokenRejectedCodes)) throw err;
        const fp = fingerprints.get(target.appid);
        const key = fp ? targetKey(target, fp, lane) : '';
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
      else {
        for (const [key, t] of cache) {
          if (t.appid === target.appid && t.apiBase === target.apiBase && (!lane || t.lane === lane)) cache.delete(key);
        }
      }
      changed();
    },
    async forgetApp(appid) {
      await loaded;
      generations.set(appid, (generations.get(appid) ?? 0) + 1);
      fingerprints.delete(appid);
      for (const [key, t] of cache) if (t.appid === appid) cache.delete(key);
      if (persistTimer !== null) timers.clearTimeout(persistTimer);
      await saveNow();
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
