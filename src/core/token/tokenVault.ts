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
export function createMemoryTokenVault(initial: TokenMap = {}): TokenVault & { snapshot(): TokenMap } {
  let stored: TokenMap = structuredClone(initial);
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
  const service = options.service ?? TOKEN_VAULT_SERVICE;
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
      message: `The system keychain failed while ${what} cached tokens (${detail.slice(0, 300)}). ${keychainAdvice(platform)}`,
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
              message: `The system keychain did not answer within ${timeoutMs} ms while ${what} cached tokens. ${keychainAdvice(platform)}`,
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
      const map: TokenMap = {};
      known.clear();
      for (const { account, password } of entries) {
        known.set(account, password);
        let parsed: ReturnType<typeof persistedTokenSchema.safeParse>;
        try {
          parsed = persistedTokenSchema.safeParse(JSON.parse(password));
        } catch {
          continue; // unreadable: left out, and removed by the next save
        }
        if (parsed.success && persistKey(parsed.data) === account) map[account] = parsed.data;
      }
      return map;
    },
    async save(map) {
      const wanted = new Map(Object.entries(map).map(([key, token]) => [key, JSON.stringify(token)]));
      const tokens = Object.values(map).map((t) => t.accessToken);
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
