/**
 * The per-install key that cached tokens are tied to their secret with (an HMAC of the secret,
 * never the secret itself). Random, created on first use, kept in the keychain like the secrets,
 * so a fingerprint read off a token entry says nothing without the keychain that holds the key.
 */
import { randomBytes } from 'node:crypto';
import type { SecretStore } from '../store/types';

export const INSTALL_KEY_SERVICE = 'wxcred-install';
export const INSTALL_KEY_ACCOUNT = 'token-fingerprint-key';

export async function loadInstallKey(store: SecretStore): Promise<Uint8Array> {
  const stored = await store.get(INSTALL_KEY_ACCOUNT);
  if (stored && /^[A-Za-z0-9_-]{43}$/.test(stored)) return Buffer.from(stored, 'base64url');
  const key = randomBytes(32);
  await store.set(INSTALL_KEY_ACCOUNT, key.toString('base64url'));
  return key;
}
