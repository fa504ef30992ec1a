/**
 * Where cached access tokens survive a restart: the OS keychain, never a file. One keychain entry
 * per (app, lane, API base) under its own service ("wxcred-tokens"), so AppSecrets and tokens
 * never share an entry, and no entry outgrows Windows Credential Manager's 2.5 KB blob limit.
 */
import { z } from 'zod';
import { tokenLanes, type TokenInfo } from '../../contract';
import { WxcredError } from '../../contract/errors';
import { keychainAdvice, type KeytarLike } from '../keychain/secretStore';

const routeSchema = z.union([
  z.strictObject({ kind: z.literal('direct') }),
  z.strictObject({ kind: z.literal('proxy'), proxy: z.string(), source: z.enum(['profile', 'env']) }),
]);

export const persistedTokenSchema = z.strictObject({
  apiBase: z.string().min(1),
  appid: z.string().min(1),
  lane: z.enum(tokenLanes),
  accessToken: z.string().min(1),
  expiresIn: z.number().positive(),
  expiresAt: z.number(),
  fetchedAt: z.number(),
  route: routeSchema,
}) satisfies z.ZodType<PersistedToken>;
/** What outlives a restart: the contract's TokenInfo less whose it is and where it was read from. */
export type PersistedToken = Omit<TokenInfo, 'profileId' | 'fromCache'>;
/** Keyed by `persistKey(token)`. */
export type TokenMap = Record<string, PersistedToken>;

export interface TokenVault {
  load(): Promise<TokenMap>;
  /** Replaces what is stored with exactly `map`. */
  save(map: TokenMap): Promise<void>;
}

/** Readable in Keychain Access / Seahorse: "wx0123… stable https://api.weixin.qq.com". */
export const persistKey = (t: Pick<PersistedToken, 'appid' | 'lane' | 'apiBase'>): string => `${t.appid} ${t.lane} ${t.apiBase}`;

/** For tests and hosts without a keychain: holds tokens in this process only. */
export function createMemoryTokenVault<T = PersistedToken>(
  initial: Record<string, T> = {},
): { load(): Promise<Record<string, T>>; save(map: Record<string, T>): Promise<void>; snapshot(): Record<string, T> } {
  let stored: Record<string, T> = structuredClone(initial);
  return {
    load: async () => structuredClone(stored),
    save: async (map) => {
      stored = structuredClone(map);
    },
    snapshot: () => structuredClone(stored),
  };
}

export interface KeytarVaultLike extends KeytarLike {
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

export interface KeytarTokenVaultOptions {
  service?: string;
  timeoutMs?: number;
  keytar?: KeytarVaultLike;
  platform?: NodeJS.Platform;
}

export const TOKEN_VAULT_SERVICE = 'wxcred-tokens';

export function createKeytarTokenVault(options: KeytarTokenVaultOptions = {}): TokenVault {
  return createKeytarMapVault({ schema: persistedTokenSchema, keyOf: persistKey, secretOf: (t) => t.accessToken, noun: 'tokens', service: TOKEN_VAULT_SERVICE }, options);
}

/** What a keychain-backed map vault stores: entries of one schema, each under the account `keyOf(entry)`. */
export interface MapVaultKind<T> {
  schema: z.ZodType<T>;
  keyOf: (entry: T) => string;
  /** The credential in an entry, scrubbed from any keychain error that might echo it. */
  secretOf: (entry: T) => string;
  /** "tokens", "tickets": named in keychain error messages. */
  noun: string;
  /** The keychain service name used unless the options give another. */
  service: string;
}

/** Any map of short-lived credentials kept in the keychain, one entry per account; secrets scrubbed from its errors. */
export function createKeytarMapVault<T extends { expiresAt: number }>(
  kind: MapVaultKind<T>,
  options: KeytarTokenVaultOptions = {},
): { load(): Promise<Record<string, T>>; save(map: Record<string, T>): Promise<void> } {
  const service = options.service ?? kind.service;
  const timeoutMs = options.timeoutMs ?? 5000;
  const platform = options.platform ?? process.platform;
  let loading: Promise<KeytarVaultLike> | null = options.keytar ? Promise.resolve(options.keytar) : null;
  /** What the keychain holds as far as we know: account → stored text. Saves write only the difference. */
  const known = new Map<string, string>();

  const fail = (what: string, error: unknown, secrets: string[] = []): WxcredError => {
    if (error instanceof WxcredError) return error;
    let detail = error instanceof Error ? error.message : String(error);
    for (const s of secrets) detail = detail.split(s).join('[redacted]');
    return new WxcredError({
      kind: 'keychain',
      reason: 'other',
      message: `The system keychain failed while ${what} cached ${kind.noun} (${detail.slice(0, 300)}). ${keychainAdvice(platform)}`,
    });
  };

  function keytar(): Promise<KeytarVaultLike> {
    loading ??= import('keytar').then(
      (mod) => ((mod as { default?: KeytarVaultLike }).default ?? mod) as KeytarVaultLike,
      (error: unknown) => {
        loading = null;
        throw new WxcredError({
          kind: 'keychain',
          reason: 'unavailable',
          message: `The system keychain module could not be loaded (${error instanceof Error ? error.message : 'unknown error'}).`,
        });
      },
    );
    return loading;
  }

  /** A locked keyring can leave a keytar call pending forever. */
  async function timed<T>(what: string, run: (k: KeytarVaultLike) => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new WxcredError({
              kind: 'keychain',
              reason: 'timeout',
              message: `The system keychain did not answer within ${timeoutMs} ms while ${what} cached ${kind.noun}. ${keychainAdvice(platform)}`,
            }),
          ),
        timeoutMs,
      );
      timer.unref?.();
    });
    try {
      return await Promise.race([keytar().then((k) => run(k)), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async load() {
      let entries: { account: string; password: string }[];
      try {
        entries = await timed('reading', (k) => k.findCredentials(service));
      } catch (error) {
        throw fail('reading', error);
      }
      const map: Record<string, T> = {};
      known.clear();
      for (const { account, password } of entries) {
        known.set(account, password);
        let parsed: ReturnType<typeof kind.schema.safeParse>;
        try {
          parsed = kind.schema.safeParse(JSON.parse(password));
        } catch {
          continue; // unreadable: left out, and removed by the next save
        }
        if (parsed.success && kind.keyOf(parsed.data) === account) map[account] = parsed.data;
      }
      return map;
    },
    async save(map) {
      const wanted = new Map(Object.entries(map).map(([key, token]) => [key, JSON.stringify(token)]));
      const tokens = Object.values(map).map(kind.secretOf);
      try {
        for (const [account, text] of wanted) {
          if (known.get(account) === text) continue;
          await timed('storing', (k) => k.setPassword(service, account, text));
          known.set(account, text);
        }
        for (const account of [...known.keys()]) {
          if (wanted.has(account)) continue;
          await timed('removing', (k) => k.deletePassword(service, account));
          known.delete(account);
        }
      } catch (error) {
        throw fail('storing', error, tokens);
      }
    },
  };
}
