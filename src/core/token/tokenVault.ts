/**
 * Where cached access tokens survive a restart: the OS keychain, never a file. One keychain entry
 * per (app, lane, API base, route, secret fingerprint) under its own service ("wxcred-tokens"),
 * so AppSecrets and tokens never share an entry, and no entry outgrows Windows Credential
 * Manager's 2.5 KB blob limit. Reached through the one keychain adapter, like the secrets.
 */
import { z } from 'zod';
import { TOKEN_EXPIRES_IN_MAX_S, tokenLanes, type TokenInfo } from '../../contract';
import { WxcredError } from '../../contract/errors';
import { sharedKeychain, type Keychain } from '../keychain/keychain';

const routeSchema = z.union([
  z.strictObject({ kind: z.literal('direct') }),
  z.strictObject({ kind: z.literal('proxy'), proxy: z.string(), source: z.enum(['profile', 'env']) }),
]);

export const persistedTokenSchema = z.strictObject({
  apiBase: z.string().min(1),
  appid: z.string().min(1),
  lane: z.enum(tokenLanes),
  /** The profile's proxy (scheme, host, port) or "" for none: a token is kept per route. */
  via: z.string(),
  /** HMAC-SHA256 of the secret under this install's key: which credential fetched it, never the secret. */
  fingerprint: z.string().min(16),
  accessToken: z.string().min(1),
  expiresIn: z.number().int().min(1).max(TOKEN_EXPIRES_IN_MAX_S),
  expiresAt: z.number().finite(),
  fetchedAt: z.number().finite(),
  route: routeSchema,
}) satisfies z.ZodType<PersistedToken>;
/** What outlives a restart: the contract's TokenInfo less whose it is and where it was read from. */
export type PersistedToken = Omit<TokenInfo, 'profileId' | 'fromCache'> & { via: string; fingerprint: string };
/** Keyed by `persistKey(token)`. */
export type TokenMap = Record<string, PersistedToken>;

export interface TokenVault {
  load(): Promise<TokenMap>;
  /** Replaces what is stored with exactly `map`. */
  save(map: TokenMap): Promise<void>;
}

/** Readable in Keychain Access / Seahorse: "wx0123… stable https://api.weixin.qq.com direct 3f9a…". */
export const persistKey = (t: Pick<PersistedToken, 'appid' | 'lane' | 'apiBase' | 'via' | 'fingerprint'>): string =>
  `${t.appid} ${t.lane} ${t.apiBase} ${t.via || 'direct'} ${t.fingerprint.slice(0, 16)}`;

/** For tests and hosts without a keychain: holds tokens (or tickets) in this process only. */
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

export interface KeytarTokenVaultOptions {
  service?: string;
  /** The adapter to use; by default the process's shared one. */
  keychain?: Keychain;
}

export const TOKEN_VAULT_SERVICE = 'wxcred-tokens';

export function createKeytarTokenVault(options: KeytarTokenVaultOptions = {}): TokenVault {
  return createKeytarMapVault(
    { schema: persistedTokenSchema, keyOf: persistKey, secretOf: (t) => t.accessToken, noun: 'tokens', service: TOKEN_VAULT_SERVICE },
    options,
  );
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

/** Any map of short-lived credentials kept in the keychain, one entry per account, through the one keychain adapter. */
export function createKeytarMapVault<T extends { expiresAt: number }>(
  kind: MapVaultKind<T>,
  options: KeytarTokenVaultOptions = {},
): { load(): Promise<Record<string, T>>; save(map: Record<string, T>): Promise<void> } {
  const service = options.service ?? kind.service;
  const keychain = (): Keychain => options.keychain ?? sharedKeychain();
  /** What the keychain holds as far as we know: account → stored text. Saves write only the difference. */
  const known = new Map<string, string>();

  /** The adapter's errors carry their reason and advice; only the credentials must go. */
  const scrubbed = (error: unknown, secrets: string[]): WxcredError => {
    if (!(error instanceof WxcredError) || error.error.kind !== 'keychain') {
      return new WxcredError({ kind: 'keychain', reason: 'other', message: `The system keychain failed while storing cached ${kind.noun}.` });
    }
    let message = error.error.message;
    for (const s of secrets) message = message.split(s).join('[redacted]');
    return new WxcredError({ ...error.error, message });
  };

  return {
    async load() {
      const entries = await keychain().find(service);
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
      const wanted = new Map(Object.entries(map).map(([key, entry]) => [key, JSON.stringify(entry)]));
      const secrets = Object.values(map).map(kind.secretOf);
      try {
        for (const [account, text] of wanted) {
          if (known.get(account) === text) continue;
          await keychain().set(service, account, text);
          known.set(account, text);
        }
        for (const account of [...known.keys()]) {
          if (wanted.has(account)) continue;
          await keychain().delete(service, account);
          known.delete(account);
        }
      } catch (error) {
        throw scrubbed(error, secrets);
      }
    },
  };
}
