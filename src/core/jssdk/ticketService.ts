/**
 * jsapi_ticket and card api_ticket on the token engine's terms: a cache per (API base, appid,
 * type, credential), refreshed ahead of expiry (the token engine's margin), one in-flight fetch
 * shared by every caller, "system busy" retried as for tokens, and the access_token used for
 * getticket taken through withToken — so a token WeChat rejects (40001/42001) is dropped and the
 * call retried once. Kept in the keychain like tokens, under a service of its own.
 *
 * The cache also remembers the ticket each one replaced: a page signed with that one is the
 * "stale ticket" the diagnosis looks for.
 */
import { z } from 'zod';
import { ticketTypes, type TicketInfo, type TicketType } from '../../contract';
import type { Route } from '../../contract/errors';
import { errorText } from '../store/jsonFile';
import { createSharedFlights } from '../calls/sharedFlight';
import { busyRetryDelaysMs, defaultSleep, realTimers, type Timers, type WechatTokenService } from '../token/tokenService';
import { createKeytarMapVault, type KeytarTokenVaultOptions } from '../token/tokenVault';
import type { WechatClient } from '../wechat/client';
import { networkError } from '../wechat/http';
import type { AppTarget } from '../wechat/types';
import { isWechatError } from '../wechat/wechatError';

const GETTICKET = '/cgi-bin/ticket/getticket';

export interface TicketReply {
  ticket: string;
  expiresIn: number;
  route: Route;
}

/** GET /cgi-bin/ticket/getticket?type=…: a 200 without a usable ticket or lifetime is a malformed reply. */
export async function fetchTicket(client: WechatClient, target: AppTarget, accessToken: string, type: TicketType): Promise<TicketReply> {
  const reply = await client.call(target, { method: 'GET', path: GETTICKET, query: { access_token: accessToken, type } });
  const { ticket, expires_in: expiresIn } = reply.body;
  const malformed = (what: string) =>
    networkError({ endpoint: GETTICKET, route: reply.route }, 'not-json', `${GETTICKET}: unexpected success body: ${what}.`);
  if (typeof ticket !== 'string' || ticket.length === 0) throw malformed('ticket is missing or not a string');
  // WeChat documents 7200 s; anything else is not a lifetime to cache by.
  if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 7200) {
    throw malformed('expires_in is not an integer from 1 to 7200');
  }
  return { ticket, expiresIn, route: reply.route };
}

const routeSchema = z.union([
  z.strictObject({ kind: z.literal('direct') }),
  z.strictObject({ kind: z.literal('proxy'), proxy: z.string(), source: z.enum(['profile', 'env']) }),
]);

export const persistedTicketSchema = z.strictObject({
  apiBase: z.string().min(1),
  appid: z.string().min(1),
  type: z.enum(ticketTypes),
  /** A keyed fingerprint of the secret the ticket was fetched with; never the secret. */
  credential: z.string().min(1),
  ticket: z.string().min(1),
  expiresIn: z.number().int().min(1).max(7200),
  expiresAt: z.number(),
  fetchedAt: z.number(),
  route: routeSchema,
  previous: z.string().nullable(),
});
export type PersistedTicket = z.output<typeof persistedTicketSchema>;
export type TicketMap = Record<string, PersistedTicket>;

export interface TicketVault {
  load(): Promise<TicketMap>;
  save(map: TicketMap): Promise<void>;
}

export const TICKET_VAULT_SERVICE = 'wxcred-tickets';
export const ticketPersistKey = (t: Pick<PersistedTicket, 'appid' | 'type' | 'apiBase' | 'credential'>): string =>
  `${t.appid} ${t.type} ${t.apiBase} ${t.credential}`;

export function createKeytarTicketVault(options: KeytarTokenVaultOptions = {}): TicketVault {
  return createKeytarMapVault(
    { schema: persistedTicketSchema, keyOf: ticketPersistKey, secretOf: (t) => t.ticket, noun: 'tickets', service: TICKET_VAULT_SERVICE },
    options,
  );
}

/** What the bridge's TicketInfo says, before the handler names the profile it was asked for. */
export type FetchedTicket = Omit<TicketInfo, 'profileId'>;

export interface TicketServiceDeps {
  tokens: WechatTokenService;
  clock?: () => number;
  vault?: TicketVault;
  sleep?: (ms: number) => Promise<void>;
  timers?: Timers;
  persistDelayMs?: number;
}

export interface TicketService {
  /** Cached ticket with more than the token engine's margin left, else one fetch shared by all callers. */
  get(target: AppTarget, type: TicketType, credential: string, loadSecret: () => Promise<string>): Promise<FetchedTicket>;
  /** The cached ticket, without any call; waits for the keychain's tickets first. */
  peek(target: AppTarget, type: TicketType, credential: string): Promise<FetchedTicket | null>;
  /** The ticket the current one replaced, if this cache saw it. */
  previous(target: AppTarget, type: TicketType, credential: string): string | null;
  /** Unexpired cached tickets of other apps (for "signed with another app's ticket"). */
  others(target: AppTarget, type: TicketType): { appid: string; ticket: string }[];
  /** Drops an app's tickets (all of them without an appid). */
  forget(appid?: string): void;
  notices(): string[];
  close(): Promise<void>;
}

const keyOf = (t: Pick<PersistedTicket, 'apiBase' | 'appid' | 'type' | 'credential'>): string =>
  `${t.apiBase}\n${t.appid}\n${t.type}\n${t.credential}`;

const publicTicket = (t: PersistedTicket, fromCache: boolean): FetchedTicket => ({
  appid: t.appid,
  type: t.type,
  ticket: t.ticket,
  expiresIn: t.expiresIn,
  expiresAt: t.expiresAt,
  fetchedAt: t.fetchedAt,
  fromCache,
  apiBase: t.apiBase,
  route: t.route,
});

export function createTicketService(deps: TicketServiceDeps): TicketService {
  const { tokens, vault } = deps;
  const clock = deps.clock ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const timers = deps.timers ?? realTimers;
  const cache = new Map<string, PersistedTicket>();
  /** One fetch per key on the wire; a caller that cancels leaves it, the last one aborts it. */
  const inflight = createSharedFlights<PersistedTicket>();
  const recorded: string[] = [];
  const notice = (text: string) => {
    if (!recorded.includes(text)) recorded.push(text);
  };

  // Read on first use, not at start: an app that never opens the JS-SDK lab never asks the keychain.
  let loading: Promise<void> | null = null;
  const loaded = (): Promise<void> =>
    (loading ??= vault
      ? vault.load().then(
          (map) => {
            const now = clock();
            let dropped = 0;
            for (const t of Object.values(map)) {
              if (t.expiresAt <= now) dropped += 1;
              else cache.set(keyOf(t), t);
            }
            if (dropped > 0) changed();
          },
          (error: unknown) =>
            notice(`Cached tickets could not be read from the system keychain (${errorText(error)}); tickets will be fetched again when needed.`),
        )
      : Promise.resolve());

  let persistTimer: unknown = null;
  let saving: Promise<void> = Promise.resolve();

  function saveNow(): Promise<void> {
    persistTimer = null;
    if (!vault) return saving;
    const now = clock();
    const map: TicketMap = {};
    for (const t of cache.values()) if (t.expiresAt > now) map[ticketPersistKey(t)] = t;
    saving = saving
      .then(() => vault.save(map))
      .catch((error: unknown) =>
        notice(`Tickets could not be kept in the system keychain (${errorText(error)}); they will be fetched again after a restart.`),
      );
    return saving;
  }

  function changed(): void {
    if (!vault) return;
    if (persistTimer !== null) timers.clearTimeout(persistTimer);
    persistTimer = timers.setTimeout(() => void saveNow(), deps.persistDelayMs ?? 250);
  }

  async function retryBusy<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await run();
      } catch (err) {
        const delay = busyRetryDelaysMs[attempt];
        if (delay === undefined || !isWechatError(err, [-1])) throw err;
        await sleep(delay);
      }
    }
  }

  async function fetchOne(target: AppTarget, type: TicketType, credential: string, loadSecret: () => Promise<string>): Promise<PersistedTicket> {
    const sentAt = clock();
    const reply = await tokens.withToken(target, 'stable', loadSecret, (accessToken) =>
      retryBusy(() => fetchTicket(tokens.client, target, accessToken, type)),
    );
    const key = keyOf({ apiBase: target.apiBase, appid: target.appid, type, credential });
    const before = cache.get(key);
    const ticket: PersistedTicket = {
      apiBase: target.apiBase,
      appid: target.appid,
      type,
      credential,
      ticket: reply.ticket,
      expiresIn: reply.expiresIn,
      expiresAt: sentAt + reply.expiresIn * 1000,
      fetchedAt: clock(),
      route: reply.route,
      previous: before && before.ticket !== reply.ticket ? before.ticket : (before?.previous ?? null),
    };
    cache.set(key, ticket);
    changed();
    return ticket;
  }

  return {
    async get(target, type, credential, loadSecret) {
      await loaded();
      const key = keyOf({ apiBase: target.apiBase, appid: target.appid, type, credential });
      const cached = cache.get(key);
      if (cached && cached.expiresAt - clock() > tokens.marginMs()) return publicTicket(cached, true);
      return publicTicket(await inflight.join(key, () => fetchOne(target, type, credential, loadSecret)), false);
    },
    async peek(target, type, credential) {
      await loaded();
      const cached = cache.get(keyOf({ apiBase: target.apiBase, appid: target.appid, type, credential }));
      return cached && cached.expiresAt > clock() ? publicTicket(cached, true) : null;
    },
    previous(target, type, credential) {
      return cache.get(keyOf({ apiBase: target.apiBase, appid: target.appid, type, credential }))?.previous ?? null;
    },
    others(target, type) {
      const now = clock();
      return [...cache.values()]
        .filter((t) => t.appid !== target.appid && t.type === type && t.expiresAt > now)
        .map((t) => ({ appid: t.appid, ticket: t.ticket }));
    },
    forget(appid) {
      for (const [key, t] of cache) if (appid === undefined || t.appid === appid) cache.delete(key);
      changed();
    },
    notices: () => [...recorded],
    async close() {
      if (loading) await loading;
      if (persistTimer !== null) {
        timers.clearTimeout(persistTimer);
        await saveNow();
      }
      await saving;
      cache.clear();
    },
  };
}
