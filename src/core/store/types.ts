import type { Profile, ProfileInput } from '../../contract';
import type { z } from 'zod';
import type { profileInputSchema } from '../../contract/schema';

/**
 * Where AppSecrets live. Implementations throw WxcredError({ kind: 'keychain' }) on any failure,
 * never fall back to anything weaker. Keyed by appid (keytar: service "wxcred", account = appid).
 */
export interface SecretStore {
  get(appid: string): Promise<string | null>;
  set(appid: string, secret: string): Promise<void>;
  /** Resolves true if something was deleted. */
  delete(appid: string): Promise<boolean>;
}

export type ParsedProfileInput = z.output<typeof profileInputSchema>;
export type { Profile, ProfileInput };

/** Profiles (no secrets) persisted as JSON in the user-data folder. */
export interface ProfileStore {
  list(): Promise<Profile[]>;
  get(id: string): Promise<Profile | null>;
  /** Create (no id) or update (id given). Throws a validation WxcredError for duplicates/unknown ids. */
  save(input: ParsedProfileInput): Promise<Profile>;
  delete(id: string): Promise<boolean>;
  /** Problems met while loading (a corrupt file moved aside), for the start-up notices. */
  notices?(): string[];
  /** The proxy URL a profile's calls use, with its credentials from the keychain; the profile's own proxy when absent. */
  routeProxy?(profile: Profile): string | null;
}
