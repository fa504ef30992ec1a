/**
 * A proxy URL's user:password is a credential: it is kept in the keychain, and the profile (and
 * everything that lists it) keeps the URL without it.
 */
import type { SecretStore } from './types';

/** The URL without user and password, and the credentials as "user:password" (still URL-encoded), if any. */
export function splitProxyCredentials(proxy: string): { url: string; credentials: string | null } {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    return { url: proxy, credentials: null };
  }
  if (!url.username && !url.password) return { url: proxy, credentials: null };
  const credentials = `${url.username}:${url.password}`;
  url.username = '';
  url.password = '';
  return { url: url.href.replace(/\/$/, proxy.endsWith('/') ? '/' : ''), credentials };
}

/** The URL the route uses: the stored one with the keychain's credentials put back. */
export function withProxyCredentials(proxy: string, credentials: string): string {
  const url = new URL(proxy);
  const colon = credentials.indexOf(':');
  url.username = colon < 0 ? credentials : credentials.slice(0, colon);
  url.password = colon < 0 ? '' : credentials.slice(colon + 1);
  return url.href.replace(/\/$/, proxy.endsWith('/') ? '/' : '');
}

/** For hosts and tests without a keychain: credentials held by this process only. */
export function createMemoryProxySecrets(): SecretStore {
  const held = new Map<string, string>();
  return {
    get: async (id) => held.get(id) ?? null,
    set: async (id, value) => {
      held.set(id, value);
    },
    delete: async (id) => held.delete(id),
  };
}
